package dev.assay.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Single-row prediction latency, the way a serving process would see it: each row goes alone through
 * the pipeline's feature stages (derived columns and fitted transforms, category indexing, dense
 * assembly: {@link RowFeatures}, Spark's own expressions without a Spark job) and is then predicted
 * through the native XGBoost booster loaded from {@code booster.json} (one one-row {@code DMatrix}
 * per prediction, its creation included), or through the fitted MLlib model's local
 * {@code predictProbability(Vector)} / {@code predict(Vector)}, or through an ONNX Runtime session with one
 * one-row tensor per call, never through a one-row DataFrame.
 */
public final class SingleRowLatency {
  /** Percentiles in milliseconds (nearest rank) over {@code rows} timed predictions. */
  public record Result(double p50Ms, double p95Ms, double p99Ms, long rows, String method) {}

  private SingleRowLatency() {}

  /** One model whose rows are predicted: its pipeline and, for XGBoost, its booster JSON. */
  public record Part(PipelineModel pipeline, byte[] boosterJson) {}

  /**
   * Times {@code maxRows} single-row predictions of {@code prepared} (the output of
   * {@link InputChecks#prepare}) after {@code warmup} untimed passes over (at most) the first 1000.
   */
  public static Result measure(PipelineModel pipeline, byte[] boosterJson, Dataset<Row> prepared, int maxRows,
      int warmup) {
    return measure(List.of(new Part(pipeline, boosterJson)), prepared, maxRows, warmup);
  }

  /**
   * Times single-row predictions of the mean of several models (an ensemble): each row is
   * predicted by every part in turn, as a serving process holding all members would.
   */
  public static Result measure(List<Part> parts, Dataset<Row> prepared, int maxRows, int warmup) {
    Dataset<Row> local = sample(prepared, maxRows);
    return time(parts, Collections.nCopies(parts.size(), local), local, warmup,
        parts.size() == 1 ? "" : "mean of " + parts.size() + " members: ");
  }

  /**
   * Times single-row predictions of a stack: each row is predicted by every base model, then by the meta
   * model, whose input vector holds those base predictions (assembled once beforehand, as the other feature
   * vectors are: the timed work per row is every model's prediction).
   */
  public static Result measureStack(StackMembers stack, List<Part> bases, Part meta, Dataset<Row> prepared,
      int maxRows, int warmup) {
    Dataset<Row> local = sample(prepared, maxRows);
    List<Part> parts = new ArrayList<>(bases);
    parts.add(meta);
    List<Dataset<Row>> inputs = new ArrayList<>(Collections.nCopies(bases.size(), local));
    inputs.add(stack.withMetaFeatures(local));
    return time(parts, inputs, local, warmup, "stack of " + bases.size() + " base model(s) then the meta model: ");
  }

  /** The same rows for every part, in one order: collected once. */
  private static Dataset<Row> sample(Dataset<Row> prepared, int maxRows) {
    List<Row> sample = prepared.limit(maxRows).collectAsList();
    return prepared.sparkSession().createDataFrame(sample, prepared.schema());
  }

  /**
   * The parts' predictors over the first {@code maxRows} rows of {@code prepared}, untimed, for a caller that times
   * whole passes ({@link SingleRowPredictors#predictAll}) rather than rows; the caller closes them.
   */
  public static SingleRowPredictors predictors(PipelineModel pipeline, byte[] boosterJson, Dataset<Row> prepared,
      int maxRows) {
    Dataset<Row> local = sample(prepared, maxRows);
    return new SingleRowPredictors(List.of(new Part(pipeline, boosterJson)), List.of(local), local);
  }

  /** Times every row predicted by every part in turn ({@link SingleRowPredictors}), after the warm-up passes. */
  private static Result time(List<Part> parts, List<Dataset<Row>> inputs, Dataset<Row> local, int warmup,
      String prefix) {
    try (SingleRowPredictors predictors = new SingleRowPredictors(parts, inputs, local)) {
      int n = predictors.rows();
      int warm = Math.min(n, 1000);
      double sink = 0;
      for (int w = 0; w < warmup; w++) {
        for (int i = 0; i < warm; i++) {
          sink += predictors.predict(i);
        }
      }
      long[] nanos = new long[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        sink += predictors.predict(i);
        nanos[i] = System.nanoTime() - t0;
      }
      String method = prefix + predictors.method();
      if (Double.isNaN(sink)) {
        method += " (some predictions were NaN)";
      }
      Arrays.sort(nanos);
      return new Result(percentile(nanos, 0.50), percentile(nanos, 0.95), percentile(nanos, 0.99), nanos.length,
          method);
    }
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  public static double percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
