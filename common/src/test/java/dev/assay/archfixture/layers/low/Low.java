package dev.assay.archfixture.layers.low;

import dev.assay.archfixture.layers.high.High;

/** Fixture for LayersRuleTest: a lower tier that uses a higher one (not allowed). */
public final class Low {
  public static String up() {
    return High.name();
  }
}
