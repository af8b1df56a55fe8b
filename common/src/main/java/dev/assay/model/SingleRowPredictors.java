package dev.assay.model;

import static org.apache.spark.sql.functions.col;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.assay.onnx.OnnxBinding;
import dev.assay.onnx.OnnxScoreStage;
import dev.assay.onnx.OnnxSessions;
import dev.assay.scorer.runtime.OnnxFeed;
import dev.assay.spec.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sampled rows predicted one at a time by every part of a model in turn, built once and then run as often as a
 * caller times it: {@link SingleRowLatency} times each row, the bench times whole passes. Building is the work a
 * serving process does before its first request (the sample, the per-row feature chain compiled, the native
 * models loaded, the per-row vectors checked against the bulk ones) and is never timed; a row's prediction is its
 * features computed from its input columns ({@link RowFeatures}) and one call of the native model.
 */
public final class SingleRowPredictors implements AutoCloseable {
  /** One prediction of one row's features: float32 for a native model, or an MLlib {@link Vector}. */
  private interface Predictor {
    double predict(float[] dense, Vector v) throws Exception;
  }

  private final List<Predictor> predictors = new ArrayList<>();
  private final List<RowFeatures> perRow = new ArrayList<>();
  private final List<List<Vector>> vectors = new ArrayList<>();
  private final List<List<float[]>> dense = new ArrayList<>();
  private final List<String> methods = new ArrayList<>();
  /** Per part: whether its predictor reads the {@link Vector} (a Spark model's local prediction), not the floats. */
  private final List<Boolean> vectorInput = new ArrayList<>();
  private final List<AutoCloseable> natives = new ArrayList<>();

  /**
   * The predictors of {@code parts} over {@code inputs} (one per part). A part whose input is {@code local}, the
   * sampled rows, gets its feature vector per row ({@link RowFeatures}); one whose input is derived from other
   * parts' outputs (a stack's meta model) reads a vector assembled beforehand, and its method says so.
   */
  SingleRowPredictors(List<SingleRowLatency.Part> parts, List<Dataset<Row>> inputs, Dataset<Row> local) {
    try {
      for (int p = 0; p < parts.size(); p++) {
        SingleRowLatency.Part part = parts.get(p);
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
          if (!Arrays.equals(rows.floats(i), ds.get(i))) {
            throw new IllegalStateException("Cannot time features per row: row " + i + " gives float32 "
                + Arrays.toString(rows.floats(i)) + " alone but " + Arrays.toString(ds.get(i)) + " in bulk");
          }
        }
        perRow.add(rows);
        vectors.add(vs);
        dense.add(ds);
        predictors.add(predictor(stages[stages.length - 1], part.boosterJson()));
        if (rows == null) {
          methods.set(methods.size() - 1, methods.get(methods.size() - 1) + " (input vectors assembled beforehand)");
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    } catch (XGBoostError | IOException | OrtException e) {
      close();
      throw new IllegalStateException("Cannot load the native model for single-row predictions: " + e.getMessage(),
          e);
    }
  }

  /** How the rows are predicted, per part. */
  String method() {
    return String.join("; ", methods);
  }

  /** The number of sampled rows. */
  public int rows() {
    return vectors.get(0).size();
  }

  /** Row {@code row} predicted by every part (its features computed per row where they can be): the mean. */
  double predict(int row) {
    try {
      double sum = 0;
      for (int p = 0; p < predictors.size(); p++) {
        RowFeatures rows = perRow.get(p);
        if (rows != null) {
          // Only the form the model reads is made, as a serving process would.
          sum += vectorInput.get(p) ? predictors.get(p).predict(null, rows.vector(row))
              : predictors.get(p).predict(rows.floats(row), null);
        } else {
          sum += predictors.get(p).predict(dense.get(p).get(row), vectors.get(p).get(row));
        }
      }
      return sum / predictors.size();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot predict one row with the native model: " + e.getMessage(), e);
    }
  }

  /** Every sampled row predicted once, in order, one at a time: the sum of the predictions. */
  public double predictAll() {
    double sink = 0;
    for (int i = 0; i < rows(); i++) {
      sink += predict(i);
    }
    return sink;
  }

  @Override
  public void close() {
    for (AutoCloseable c : natives) {
      try {
        c.close();
      } catch (Exception e) {
        // the predictions are done; a native handle that fails to close changes nothing measured
      }
    }
    natives.clear();
  }

  private static float[] floats(Vector v) {
    double[] d = v.toArray();
    float[] fl = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      fl[i] = (float) d[i];
    }
    return fl;
  }

  private Predictor predictor(Transformer last, byte[] boosterJson) throws XGBoostError, IOException,
      OrtException {
    if (boosterJson != null) {
      Booster b = XGBoost.loadModel(boosterJson);
      natives.add(b::dispose);
      describe("xgboost4j native Booster.predict, one 1-row DMatrix per call", false);
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
      describe("onnxruntime OrtSession.run, one 1-row float tensor per call", false);
      int score = b.task() == Task.BINARY && b.width() == 2 ? 1 : 0;
      OnnxFeed feed = b.feed();
      return (fl, v) -> feed.run(session, fl, 1)[score];
    }
    if (last instanceof ProbabilisticClassificationModel<?, ?> pc) {
      @SuppressWarnings("unchecked")
      ProbabilisticClassificationModel<Vector, ?> model = (ProbabilisticClassificationModel<Vector, ?>) pc;
      describe(library(last) + " " + last.getClass().getSimpleName() + ".predictProbability(Vector)", true);
      return (fl, v) -> model.predictProbability(v).apply(1);
    }
    if (last instanceof PredictionModel<?, ?> pm) {
      @SuppressWarnings("unchecked")
      PredictionModel<Vector, ?> model = (PredictionModel<Vector, ?>) pm;
      describe(library(last) + " " + last.getClass().getSimpleName() + ".predict(Vector)", true);
      return (fl, v) -> model.predict(v);
    }
    throw new IllegalStateException("No single-row path for " + last.getClass().getName());
  }

  /** Records how the part just built predicts, and whether it reads the {@link Vector} rather than the floats. */
  private void describe(String method, boolean readsVector) {
    methods.add(method);
    vectorInput.add(readsVector);
  }

  /** Who made a Spark model: MLlib, or SynapseML (LightGBM), for the method a latency row names. */
  private static String library(Transformer model) {
    return model.getClass().getName().startsWith("com.microsoft.azure.synapse") ? "synapseml" : "mllib";
  }
}
