package dev.assay.model;

import static org.apache.spark.sql.functions.col;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.assay.onnx.OnnxBinding;
import dev.assay.onnx.OnnxScoreStage;
import dev.assay.onnx.OnnxSessions;
import dev.assay.spec.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
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

  /** One prediction of one feature vector. */
  private interface Predictor {
    double predict(float[] dense, Vector v) throws Exception;
  }

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
   * Times every row predicted by every part in turn. A part whose input is the sampled rows gets its
   * feature vector per row inside the timing ({@link RowFeatures}); one whose input is derived from other
   * parts' outputs (a stack's meta model) reads a vector assembled beforehand, and its method says so.
   */
  private static Result time(List<Part> parts, List<Dataset<Row>> inputs, Dataset<Row> local, int warmup,
      String prefix) {
    List<Predictor> predictors = new ArrayList<>();
    List<RowFeatures> perRow = new ArrayList<>();
    List<List<Vector>> vectors = new ArrayList<>();
    List<List<float[]>> dense = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    List<AutoCloseable> natives = new ArrayList<>();
    try {
      for (int p = 0; p < parts.size(); p++) {
        Part part = parts.get(p);
        Transformer[] stages = part.pipeline().stages();
        Dataset<Row> features = inputs.get(p);
        for (int i = 0; i < stages.length - 1; i++) {
          features = stages[i].transform(features);
        }
        List<Vector> vs = new ArrayList<>();
        List<float[]> ds = new ArrayList<>();
        for (Row r : features.select(col(TrainXGBoost.FEATURES_COL)).collectAsList()) {
          Vector v = r.getAs(0);
          vs.add(v);
          ds.add(floats(v));
        }
        RowFeatures rows = inputs.get(p) == local ? RowFeatures.of(features, TrainXGBoost.FEATURES_COL) : null;
        for (int i = 0; rows != null && i < vs.size(); i++) {
          if (!Arrays.equals(rows.vector(i).toArray(), vs.get(i).toArray())) {
            throw new IllegalStateException("Cannot time features per row: row " + i + " gives " + rows.vector(i)
                + " alone but " + vs.get(i) + " in bulk");
          }
        }
        perRow.add(rows);
        vectors.add(vs);
        dense.add(ds);
        predictors.add(predictor(stages[stages.length - 1], part.boosterJson(), natives, methods));
        if (rows == null) {
          methods.set(methods.size() - 1, methods.get(methods.size() - 1) + " (input vectors assembled beforehand)");
        }
      }
      int n = vectors.get(0).size();
      int warm = Math.min(n, 1000);
      double sink = 0;
      for (int w = 0; w < warmup; w++) {
        for (int i = 0; i < warm; i++) {
          sink += predictAll(predictors, perRow, dense, vectors, i);
        }
      }
      long[] nanos = new long[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        sink += predictAll(predictors, perRow, dense, vectors, i);
        nanos[i] = System.nanoTime() - t0;
      }
      String method = prefix + String.join("; ", methods);
      if (Double.isNaN(sink)) {
        method += " (some predictions were NaN)";
      }
      Arrays.sort(nanos);
      return new Result(percentile(nanos, 0.50), percentile(nanos, 0.95), percentile(nanos, 0.99), nanos.length,
          method);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot predict one row with the native model: " + e.getMessage(), e);
    } finally {
      for (AutoCloseable c : natives) {
        try {
          c.close();
        } catch (Exception e) {
          // the timing is done; a native handle that fails to close changes nothing measured
        }
      }
    }
  }

  private static double predictAll(List<Predictor> predictors, List<RowFeatures> perRow, List<List<float[]>> dense,
      List<List<Vector>> vectors, int row) throws Exception {
    double sum = 0;
    for (int p = 0; p < predictors.size(); p++) {
      RowFeatures rows = perRow.get(p);
      if (rows != null) {
        Vector v = rows.vector(row);
        sum += predictors.get(p).predict(floats(v), v);
      } else {
        sum += predictors.get(p).predict(dense.get(p).get(row), vectors.get(p).get(row));
      }
    }
    return sum / predictors.size();
  }

  private static float[] floats(Vector v) {
    double[] d = v.toArray();
    float[] fl = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      fl[i] = (float) d[i];
    }
    return fl;
  }

  private static Predictor predictor(Transformer last, byte[] boosterJson, List<AutoCloseable> natives,
      List<String> methods) throws XGBoostError, IOException, OrtException {
    if (boosterJson != null) {
      Booster b = XGBoost.loadModel(boosterJson);
      natives.add(b::dispose);
      methods.add("xgboost4j native Booster.predict, one 1-row DMatrix per call");
      return (fl, v) -> {
        DMatrix m = new DMatrix(fl, 1, fl.length, Float.NaN);
        try {
          return b.predict(m)[0][0];
        } finally {
          m.dispose();
        }
      };
    }
    if (last instanceof OnnxScoreStage onnx) {
      // A serving process holds one session and calls it per request: one thread, one [1, F] tensor per call.
      OnnxBinding b = onnx.bound();
      OrtSession session = OnnxSessions.open(onnx.modelBytes(), 1, b.cuda() ? 0 : -1);
      natives.add(session);
      methods.add("onnxruntime OrtSession.run, one 1-row float tensor per call");
      int score = b.task() == Task.BINARY && b.width() == 2 ? 1 : 0;
      return (fl, v) -> b.run(session, fl, 1)[score];
    }
    if (last instanceof ProbabilisticClassificationModel<?, ?> pc) {
      @SuppressWarnings("unchecked")
      ProbabilisticClassificationModel<Vector, ?> model = (ProbabilisticClassificationModel<Vector, ?>) pc;
      methods.add(library(last) + " " + last.getClass().getSimpleName() + ".predictProbability(Vector)");
      return (fl, v) -> model.predictProbability(v).apply(1);
    }
    if (last instanceof PredictionModel<?, ?> pm) {
      @SuppressWarnings("unchecked")
      PredictionModel<Vector, ?> model = (PredictionModel<Vector, ?>) pm;
      methods.add(library(last) + " " + last.getClass().getSimpleName() + ".predict(Vector)");
      return (fl, v) -> model.predict(v);
    }
    throw new IllegalStateException("No single-row path for " + last.getClass().getName());
  }

  /** Who made a Spark model: MLlib, or SynapseML (LightGBM), for the method a latency row names. */
  private static String library(Transformer model) {
    return model.getClass().getName().startsWith("com.microsoft.azure.synapse") ? "synapseml" : "mllib";
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  public static double percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
