package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.io.Serializable;

/**
 * One metric of one evaluation, ready to be keyed and stored: the value, its slice (both null
 * for the whole dataset), its bootstrap interval (both null when off or undefined) and the
 * number of rows it was computed on.
 */
public record MetricResult(String sliceColumn, String sliceValue, MetricValue value, Double ciLow, Double ciHigh,
    long nRows) implements Serializable {
  public MetricResult {
    Preconditions.checkNotNull(value, "Cannot create metric result: value is null");
    Preconditions.checkArgument((sliceColumn == null) == (sliceValue == null),
        "Cannot create metric result %s: slice column %s and slice value %s must be both set or both null",
        value.metric(), sliceColumn, sliceValue);
    Preconditions.checkArgument((ciLow == null) == (ciHigh == null) && (ciLow == null || ciLow <= ciHigh),
        "Cannot create metric result %s: interval [%s, %s] is not an interval", value.metric(), ciLow, ciHigh);
  }

  /** A whole-dataset result without interval. */
  public static MetricResult overall(MetricValue value, long nRows) {
    return new MetricResult(null, null, value, null, null, nRows);
  }

  /** Whether this is a whole-dataset metric. */
  public boolean isOverall() {
    return sliceColumn == null;
  }

  /** The same result under another metric name. */
  public MetricResult renamed(String name) {
    return new MetricResult(sliceColumn, sliceValue, value.renamed(name), ciLow, ciHigh, nRows);
  }
}
