package dev.assay.scorer.runtime;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.Prediction;
import dev.assay.scorer.RuntimeVersions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A packaged XGBoost booster, predicted with XGBoost4J's single-node {@link Booster} on a dense {@link DMatrix}
 * whose missing value is NaN, as XGBoost4J-Spark predicts it. Predictions are synchronized on the booster: the
 * native predictor is not documented as safe for concurrent calls on one handle.
 */
final class XGBoostRuntime implements ModelRuntime {
  static final String NAME = "xgboost";

  private final Booster booster;
  private final Manifest.Task task;
  private final double threshold;

  XGBoostRuntime(byte[] model, Manifest.Task task, double threshold) {
    try {
      this.booster = XGBoost.loadModel(model);
    } catch (XGBoostError | IOException e) {
      throw new IllegalStateException("Cannot load the booster: " + e.getMessage(), e);
    }
    this.task = task;
    this.threshold = threshold;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return RuntimeVersions.xgboost();
  }

  @Override
  public boolean floatFeatures() {
    return true;
  }

  /** Each feature as the float XGBoost4J-Spark hands the booster; NaN is missing. */
  @Override
  public List<Prediction> predict(double[] data, int rows, int width) {
    float[] values = new float[rows * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) data[i];
    }
    float[][] out;
    try {
      DMatrix m = new DMatrix(values, rows, width, Float.NaN);
      try {
        synchronized (booster) {
          out = booster.predict(m);
        }
      } finally {
        m.dispose();
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("Cannot predict with the booster: " + e.getMessage(), e);
    }
    List<Prediction> result = new ArrayList<>(rows);
    for (float[] o : out) {
      result.add(prediction(o));
    }
    return result;
  }

  /** The {@code score} table's fields from one row of the booster's output, as Assay's Spark scoring derives them. */
  private Prediction prediction(float[] o) {
    return switch (task) {
      case BINARY -> ModelRuntime.binary(o[o.length - 1], threshold);
      case MULTICLASS -> {
        double[] p = new double[o.length];
        for (int k = 0; k < o.length; k++) {
          p[k] = o[k];
        }
        yield ModelRuntime.multiclass(p);
      }
      case REGRESSION -> new Prediction(o[0], null, null);
    };
  }

  @Override
  public void close() {
    booster.dispose();
  }
}
