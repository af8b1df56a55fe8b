package dev.assay.metrics;

/**
 * The version of the metric definitions in this package, stored next to every metric value.
 *
 * <p>Bump {@link #VERSION} when the meaning or the numeric result of any metric changes (a new
 * clipping bound, another summation order, a changed undefined case): stored metrics are only
 * comparable, and only reused as cached results, within one metric code version. Also bump it
 * when a cell gains metrics, so {@code reevaluate} fills them in for every registered model.
 *
 * <ul>
 *   <li>1: the quality metrics (binary, multiclass, regression, slices, bootstrap intervals).
 *   <li>2: every cell of a model with recorded training data also holds {@code train_overlap_rows}
 *       and {@code train_overlap_share}, the leakage check; the quality metrics' bits are those of
 *       version 1 ({@code golden/metrics-v2.txt} equals {@code metrics-v1.txt}).
 * </ul>
 */
public final class MetricCodeVersion {
  /** The current metric code version. */
  public static final String VERSION = "2";

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
