package dev.assay.archfixture.cycle.b;

import dev.assay.archfixture.cycle.a.A;

/** Fixture for LayersRuleTest: the other half of a deliberate package cycle. */
public final class B {
  public A partner() {
    return new A();
  }
}
