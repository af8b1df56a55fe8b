package dev.assay.archfixture.layers.high;

/** Fixture for LayersRuleTest: a class of the higher tier. */
public final class High {
  public static String name() {
    return "high";
  }
}
