package dev.assay.metrics;

/**
 * The version of the metric definitions in this package, stored next to every metric value.
 *
 * <p>Bump {@link #VERSION} when the meaning or the numeric result of any metric changes (a new
 * clipping bound, another summation order, a changed undefined case): stored metrics are only
 * comparable, and only reused as cached results, within one metric code version.
 */
public final class MetricCodeVersion {
  /** The current metric code version. */
  public static final String VERSION = "1";

  /**
   * FOR TESTS ONLY: a system property that replaces {@link #VERSION} in {@link #current()}, so a
   * test can show that a metric code bump makes {@code reevaluate} recompute every cell. Never set
   * it in production: rows keyed with it claim a metric code that does not exist.
   */
  public static final String TEST_OVERRIDE_PROPERTY = "assay.metricCodeVersion";

  private MetricCodeVersion() {}

  /**
   * The metric code version that keys every metric written and looked up now: {@link #VERSION},
   * unless a test set {@link #TEST_OVERRIDE_PROPERTY}. This is the only place that reads it.
   */
  public static String current() {
    String v = System.getProperty(TEST_OVERRIDE_PROPERTY);
    return v == null || v.isBlank() ? VERSION : v;
  }
}
