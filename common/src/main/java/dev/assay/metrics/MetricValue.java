package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.io.Serializable;

/**
 * One named metric result. A metric that has no meaning on the given data (ROC AUC on a single
 * class, precision with no predicted positives) is {@code undefined} with a null value, never a
 * NaN that would slip silently through comparisons and quality gates. A metric of a slice with
 * fewer rows than the configured minimum is {@code too_small}, also with a null value: a number
 * from a handful of rows would be noise that reads like a finding.
 */
public record MetricValue(String metric, Double value, String status) implements Serializable {
  /** Status of a metric with a finite value. */
  public static final String OK = "ok";
  /** Status of a metric that has no meaning on the data; its value is null. */
  public static final String UNDEFINED = "undefined";
  /** Status of a slice metric not computed because the slice has too few rows; its value is null. */
  public static final String TOO_SMALL = "too_small";

  public MetricValue {
    Preconditions.checkArgument(metric != null && !metric.isBlank(), "Cannot create metric value: name is empty");
    Preconditions.checkArgument(OK.equals(status) || UNDEFINED.equals(status) || TOO_SMALL.equals(status),
        "Cannot create metric %s: status must be '%s', '%s' or '%s', got '%s'", metric, OK, UNDEFINED, TOO_SMALL,
        status);
    if (OK.equals(status)) {
      Preconditions.checkArgument(value != null && Double.isFinite(value),
          "Cannot create metric %s: an ok value must be finite, got %s", metric, value);
    } else {
      Preconditions.checkArgument(value == null,
          "Cannot create metric %s: a metric with status %s has no value, got %s", metric, status, value);
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

  /** A slice metric left out because the slice is smaller than the minimum. */
  public static MetricValue tooSmall(String metric) {
    return new MetricValue(metric, null, TOO_SMALL);
  }

  /** The same value and status under another name. */
  public MetricValue renamed(String name) {
    return new MetricValue(name, value, status);
  }

  /** Whether this metric has a value. */
  public boolean isOk() {
    return OK.equals(status);
  }
}
