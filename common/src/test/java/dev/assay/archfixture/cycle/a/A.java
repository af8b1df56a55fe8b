package dev.assay.archfixture.cycle.a;

import dev.assay.archfixture.cycle.b.B;

/** Fixture for LayersRuleTest: half of a deliberate package cycle. */
public final class A {
  public B partner() {
    return new B();
  }
}
