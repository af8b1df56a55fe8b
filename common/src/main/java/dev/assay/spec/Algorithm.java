package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * How a registered model computes its scores. The code is what specs and the {@code models} table
 * store (SQL views and notebooks read it), so it must never change; {@link #toString()} returns it
 * so that messages read as they did when the algorithm was a string. {@link #EXTERNAL} marks
 * predictions made outside Assay; a spec cannot ask for it, so it is not in {@link #IN_SPECS}.
 */
public enum Algorithm implements StoredCode {
  XGBOOST,
  MLLIB_LOGISTIC_REGRESSION,
  MLLIB_RANDOM_FOREST,
  ENSEMBLE_MEAN,
  STACK,
  EXTERNAL,
  /** LightGBM through SynapseML, trained like XGBoost (deterministic partitioning, dense features). */
  LIGHTGBM,
  /** A model trained elsewhere and imported as an ONNX graph ({@code assay import-model}), scored by ONNX Runtime. */
  ONNX;

  /** What {@code model.algorithm} accepts, in the order spec errors list them; the first is the default. */
  public static final List<Algorithm> IN_SPECS = List.of(XGBOOST, MLLIB_LOGISTIC_REGRESSION, MLLIB_RANDOM_FOREST,
      ENSEMBLE_MEAN, STACK, ONNX, LIGHTGBM);

  @JsonValue
  @Override
  public String toString() {
    return code();
  }

  /**
   * The algorithm stored as {@code code}; an unknown code is a bug or a ledger written by a newer
   * Assay, not a user error, so it is an {@link IllegalArgumentException}.
   */
  public static Algorithm of(String code) {
    return StoredCode.of(Algorithm.class, "algorithm", code);
  }
}
