package dev.assay.monitor;

import dev.assay.errors.Preconditions;

/**
 * One point of a monitored series, in series order: what it is (e.g. {@code v4} for an evaluation
 * version, {@code model 3} for a model version) and its value.
 *
 * @param label the point as the log and the {@code alerts} table name it
 * @param order its place in the series: a table or model version, or an index
 * @param value the observed value, finite
 */
public record Point(String label, long order, double value) {
  public Point {
    Preconditions.checkArgument(label != null && !label.isBlank(), "Cannot monitor a point without a label");
    Preconditions.checkArgument(Double.isFinite(value), "Cannot monitor point %s: its value %s is not finite "
        + "(leave undefined values out of the series)", label, value);
  }
}
