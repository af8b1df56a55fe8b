package dev.assay.metrics;

import dev.assay.errors.Preconditions;

/**
 * One named metric result. A metric that has no meaning on the given data (ROC AUC on a single
 * class, precision with no predicted positives) is {@code undefined} with a null value, never a
 * NaN that would slip silently through comparisons and quality gates.
 */
public record MetricValue(String metric, Double value, String status) {
  /** Status of a metric with a finite value. */
  public static final String OK = "ok";
  /** Status of a metric that has no meaning on the data; its value is null. */
  public static final String UNDEFINED = "undefined";

  public MetricValue {
    Preconditions.checkArgument(metric != null && !metric.isBlank(), "Cannot create metric value: name is empty");
    Preconditions.checkArgument(OK.equals(status) || UNDEFINED.equals(status),
        "Cannot create metric %s: status must be '%s' or '%s', got '%s'", metric, OK, UNDEFINED, status);
    if (OK.equals(status)) {
      Preconditions.checkArgument(value != null && Double.isFinite(value),
          "Cannot create metric %s: an ok value must be finite, got %s", metric, value);
    } else {
      Preconditions.checkArgument(value == null,
          "Cannot create metric %s: an undefined metric has no value, got %s", metric, value);
    }
  }

  /** A defined metric; {@code value} must be finite. */
  public static MetricValue ok(String metric, double value) {
    return new MetricValue(metric, value, OK);
  }

  /** A metric without meaning on the data at hand. */
  public static MetricValue undefined(String metric) {
    return new MetricValue(metric, null, UNDEFINED);
  }

  /** Whether this metric has a value. */
  public boolean isOk() {
    return OK.equals(status);
  }
}
