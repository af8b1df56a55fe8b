package dev.assay.scorer.runtime;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.Prediction;
import dev.assay.scorer.RuntimeVersions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A LightGBM text model, predicted by LightGBM's native library (the {@code lightgbmlib} build SynapseML ships) as
 * SynapseML 1.1's {@code LightGBMBooster.score} predicts one dense row: {@code LGBM_BoosterPredictForMatSingle}
 * on the row's doubles, row-major, normal (transformed) output, every iteration, with SynapseML's parameters. Calls
 * are synchronized on the runtime: they share one output buffer.
 */
final class LightGBMRuntime implements ModelRuntime {
  static final String NAME = "lightgbm";
  /** SynapseML's prediction parameters for a dense row (its {@code predictForMat}). */
  private static final String PARAMS = "max_bin=255 predict_disable_shape_check=false";

  private final SWIGTYPE_p_void booster;
  private final int outputs;
  private final SWIGTYPE_p_long_long length;
  private final SWIGTYPE_p_double out;
  private final Manifest.Task task;
  private final double threshold;

  LightGBMRuntime(byte[] model, Manifest.Task task, double threshold) {
    LightGBMNatives.load();  // before any lightgbmlib call: a JVM without SynapseML has not loaded it
    SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
    SWIGTYPE_p_p_void handle = lightgbmlib.new_voidpp();
    SWIGTYPE_p_int classes = lightgbmlib.new_intp();
    try {
      check(lightgbmlib.LGBM_BoosterLoadModelFromString(new String(model, StandardCharsets.UTF_8), iterations,
          handle), "load the model");
      this.booster = lightgbmlib.voidpp_value(handle);
      check(lightgbmlib.LGBM_BoosterGetNumClasses(booster, classes), "read the class count");
      this.outputs = lightgbmlib.intp_value(classes);
    } finally {
      lightgbmlib.delete_intp(iterations);
      lightgbmlib.delete_voidpp(handle);
      lightgbmlib.delete_intp(classes);
    }
    this.out = lightgbmlib.new_doubleArray(outputs);
    this.length = lightgbmlib.new_int64_tp();
    this.task = task;
    this.threshold = threshold;
  }

  private static void check(int code, String what) {
    if (code != 0) {
      throw new IllegalStateException("Cannot " + what + " with LightGBM: " + lightgbmlib.LGBM_GetLastError());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return RuntimeVersions.lightgbm();
  }

  @Override
  public boolean floatFeatures() {
    return false;
  }

  @Override
  public synchronized List<Prediction> predict(double[] data, int rows, int width) {
    List<Prediction> result = new ArrayList<>(rows);
    double[] row = new double[width];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(data, i * width, row, 0, width);
      check(lightgbmlib.LGBM_BoosterPredictForMatSingle(row, booster, lightgbmlibConstants.C_API_DTYPE_FLOAT64,
          width, 1, lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1, PARAMS, length, out), "predict");
      result.add(switch (task) {
        case BINARY -> ModelRuntime.binary(lightgbmlib.doubleArray_getitem(out, 0), threshold);
        case MULTICLASS -> {
          double[] p = new double[outputs];
          for (int k = 0; k < outputs; k++) {
            p[k] = lightgbmlib.doubleArray_getitem(out, k);
          }
          yield ModelRuntime.multiclass(p);
        }
        case REGRESSION -> new Prediction(lightgbmlib.doubleArray_getitem(out, 0), null, null);
      });
    }
    return result;
  }

  @Override
  public synchronized void close() {
    lightgbmlib.LGBM_BoosterFree(booster);
    lightgbmlib.delete_doubleArray(out);
    lightgbmlib.delete_int64_tp(length);
  }
}
