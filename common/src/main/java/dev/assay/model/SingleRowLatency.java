package dev.assay.model;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Single-row prediction latency, the way a serving process would see it: the feature vectors are
 * built once by the pipeline's feature stages, then each row is predicted alone — through the
 * native XGBoost booster loaded from {@code booster.json} (one one-row {@code DMatrix} per
 * prediction, its creation included), or through the fitted MLlib model's local
 * {@code predictProbability(Vector)} / {@code predict(Vector)}, never through a one-row DataFrame.
 */
public final class SingleRowLatency {
  /** Percentiles in milliseconds (nearest rank) over {@code rows} timed predictions. */
  public record Result(double p50Ms, double p95Ms, double p99Ms, long rows, String method) {}

  /** One prediction of one feature vector. */
  private interface Predictor {
    double predict(float[] dense, Vector v) throws XGBoostError;
  }

  private SingleRowLatency() {}

  /**
   * Times {@code maxRows} single-row predictions of {@code prepared} (the output of
   * {@link InputChecks#prepare}) after {@code warmup} untimed passes over (at most) the first 1000.
   */
  public static Result measure(PipelineModel pipeline, byte[] boosterJson, Dataset<Row> prepared, int maxRows,
      int warmup) {
    Transformer[] stages = pipeline.stages();
    Dataset<Row> features = prepared;
    for (int i = 0; i < stages.length - 1; i++) {
      features = stages[i].transform(features);
    }
    List<Row> rows = features.select(col(TrainXGBoost.FEATURES_COL)).limit(maxRows).collectAsList();
    List<Vector> vectors = new ArrayList<>(rows.size());
    List<float[]> dense = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Vector v = r.getAs(0);
      vectors.add(v);
      double[] d = v.toArray();
      float[] fl = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        fl[i] = (float) d[i];
      }
      dense.add(fl);
    }
    Transformer last = stages[stages.length - 1];
    Predictor predictor;
    String method;
    Booster booster = null;
    try {
      if (boosterJson != null) {
        Booster b = XGBoost.loadModel(boosterJson);
        booster = b;
        predictor = (fl, v) -> {
          DMatrix m = new DMatrix(fl, 1, fl.length, Float.NaN);
          try {
            return b.predict(m)[0][0];
          } finally {
            m.dispose();
          }
        };
        method = "xgboost4j native Booster.predict, one 1-row DMatrix per call";
      } else if (last instanceof ProbabilisticClassificationModel<?, ?> pc) {
        @SuppressWarnings("unchecked")
        ProbabilisticClassificationModel<Vector, ?> model = (ProbabilisticClassificationModel<Vector, ?>) pc;
        predictor = (fl, v) -> model.predictProbability(v).apply(1);
        method = "mllib " + last.getClass().getSimpleName() + ".predictProbability(Vector)";
      } else if (last instanceof RandomForestRegressionModel rf) {
        predictor = (fl, v) -> rf.predict(v);
        method = "mllib RandomForestRegressionModel.predict(Vector)";
      } else {
        throw new IllegalStateException("No single-row path for " + last.getClass().getName());
      }
      int warm = Math.min(vectors.size(), 1000);
      double sink = 0;
      for (int w = 0; w < warmup; w++) {
        for (int i = 0; i < warm; i++) {
          sink += predictor.predict(dense.get(i), vectors.get(i));
        }
      }
      long[] nanos = new long[vectors.size()];
      for (int i = 0; i < nanos.length; i++) {
        long t0 = System.nanoTime();
        sink += predictor.predict(dense.get(i), vectors.get(i));
        nanos[i] = System.nanoTime() - t0;
      }
      if (Double.isNaN(sink)) {
        method += " (some predictions were NaN)";
      }
      Arrays.sort(nanos);
      return new Result(percentile(nanos, 0.50), percentile(nanos, 0.95), percentile(nanos, 0.99), nanos.length,
          method);
    } catch (XGBoostError | java.io.IOException e) {
      throw new IllegalStateException("Cannot predict with the native booster", e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
    }
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  static double percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
