package dev.assay.ledger;

import java.sql.Timestamp;

/** A metric value with its key and provenance (run, code version, engine, time). */
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
    Timestamp computedAt) {

  /** True when both hold the very same number (bit for bit) and status; provenance may differ. */
  public boolean sameValue(MetricRow other) {
    return bits(value) == bits(other.value) && bits(ciLow) == bits(other.ciLow) && bits(ciHigh) == bits(other.ciHigh)
        && status.equals(other.status) && nRows == other.nRows;
  }

  private static long bits(Double d) {
    return d == null ? 0x7ff80000_0000_0001L : Double.doubleToRawLongBits(d);
  }
}
