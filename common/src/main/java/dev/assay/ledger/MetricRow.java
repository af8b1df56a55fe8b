package dev.assay.ledger;

import java.sql.Timestamp;
import java.util.Objects;

/**
 * A metric value with its key and provenance (run, code version, engine and device model, time).
 *
 * <p><b>Confidence intervals and the key.</b> {@code ciLow}/{@code ciHigh} come from a bootstrap
 * whose settings ({@code ciMethod}, e.g. {@code poisson_bootstrap(samples=200,confidence=0.95,
 * seed=7)}, null without intervals) are not part of the {@link MetricKey}: the key names the
 * point value, which no bootstrap setting changes, so the leaderboard and every query keep one
 * row per metric. An interval is reproducible only under its own settings, so
 * {@link #sameValue} compares the interval bits only when both rows carry the same
 * {@code ciMethod}; the value, status and row count are always compared. Metrics are stored
 * insert-only, so the first interval stored for a key stays: evaluating again with other
 * bootstrap settings neither replaces it nor counts as a violation.
 */
public record MetricRow(
    MetricKey key,
    String evalName,
    String evalTable,
    Double value,
    Double ciLow,
    Double ciHigh,
    String status,
    long nRows,
    String runId,
    String codeVersion,
    String engine,
    Timestamp computedAt,
    String ciMethod,
    String deviceModel) {

  /** A row without a recorded device model. */
  public MetricRow(MetricKey key, String evalName, String evalTable, Double value, Double ciLow, Double ciHigh,
      String status, long nRows, String runId, String codeVersion, String engine, Timestamp computedAt,
      String ciMethod) {
    this(key, evalName, evalTable, value, ciLow, ciHigh, status, nRows, runId, codeVersion, engine, computedAt,
        ciMethod, null);
  }

  /** A row without a bootstrap interval method (no interval, or one of unrecorded settings). */
  public MetricRow(MetricKey key, String evalName, String evalTable, Double value, Double ciLow, Double ciHigh,
      String status, long nRows, String runId, String codeVersion, String engine, Timestamp computedAt) {
    this(key, evalName, evalTable, value, ciLow, ciHigh, status, nRows, runId, codeVersion, engine, computedAt, null);
  }

  /**
   * True when both hold the very same number (bit for bit), status and row count, and, if both
   * intervals come from the same {@code ciMethod}, the same interval bits; provenance may differ.
   */
  public boolean sameValue(MetricRow other) {
    boolean point = bits(value) == bits(other.value) && status.equals(other.status) && nRows == other.nRows;
    if (!point || !Objects.equals(ciMethod, other.ciMethod)) {
      return point;
    }
    return bits(ciLow) == bits(other.ciLow) && bits(ciHigh) == bits(other.ciHigh);
  }

  private static long bits(Double d) {
    return d == null ? 0x7ff80000_0000_0001L : Double.doubleToRawLongBits(d);
  }
}
