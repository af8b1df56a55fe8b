package dev.assay.ledger;

import java.sql.Timestamp;

/**
 * One benchmark measurement of a model version on a data version, on one machine. Latencies are
 * null when the model family has no meaningful single-row path ({@code latencyMethod} says why).
 * {@code packaged}: the single-row latency of the model's exported package in the Spark-free scorer (what a
 * server sees), or null when the model has no package ({@code packaged.method} then says why).
 */
public record BenchmarkRecord(
    String modelName,
    int modelVersion,
    String inputTable,
    String inputTableId,
    long inputVersion,
    long rows,
    double throughputRowsPerS,
    Double p50Ms,
    Double p95Ms,
    Double p99Ms,
    Long latencyRows,
    String latencyMethod,
    int warmup,
    int repeat,
    String engine,
    String cpuModel,
    int cores,
    String javaVersion,
    String sparkMaster,
    String runId,
    Timestamp measuredAt,
    PackagedLatency packaged) {

  /** The packaged scorer's single-row latency percentiles (null when not measured) and how, or why not. */
  public record PackagedLatency(Double p50Ms, Double p95Ms, Double p99Ms, String method) {}
}
