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

  private MetricCodeVersion() {}
}
