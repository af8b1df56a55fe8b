package dev.assay.scorer.runtime;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * The library that turns a package's feature vectors into predictions: XGBoost4J for boosters, netlib's BLAS for
 * logistic regression, a tree walk for random forests, ONNX Runtime for imported graphs, LightGBM's native
 * library. Each computes what its Spark model computes, in the same order of operations, so the predictions have
 * the bits of Assay's {@code score}.
 */
public interface ModelRuntime extends AutoCloseable {
  /** The name the manifest's {@code runtimes[].name} gives this runtime. */
  String name();

  /** The runtime's release on this classpath, compared with the manifest's {@code min_version}. */
  String version();

  /**
   * Whether the model reads each feature as a float (XGBoost) rather than a double (MLlib): the golden feature
   * vectors are compared at that precision.
   */
  boolean floatFeatures();

  /** The predictions of {@code rows} rows of {@code width} features each, laid out row after row in {@code data}. */
  List<Prediction> predict(double[] data, int rows, int width);

  @Override
  void close();

  /** The runtime of the manifest's model with its model file's bytes. */
  static ModelRuntime open(Manifest manifest, byte[] model) {
    return open(manifest.model().algorithm(), model, manifest.model().task(), manifest.output().threshold(),
        manifest.model().onnxFeed());
  }

  /** The runtime of {@code algorithm} for {@code task} (binary: at {@code threshold}, default 0.5). */
  static ModelRuntime open(Manifest.Algorithm algorithm, byte[] model, Manifest.Task task, Double threshold,
      OnnxFeed feed) {
    double t = threshold == null ? 0.5 : threshold;
    return switch (algorithm) {
      case XGBOOST -> new XGBoostRuntime(model, task, t);
      case MLLIB_LOGISTIC_REGRESSION -> new LogisticRegressionRuntime(ModelFiles.read(model,
          LogisticRegressionFile.class), t);
      case MLLIB_RANDOM_FOREST -> new ForestRuntime(ModelFiles.read(model, ForestFile.class), task, t);
      case ONNX -> new OnnxRuntime(model, feed, task, t);
      case LIGHTGBM -> new LightGBMRuntime(model, task, t);
      case ENSEMBLE_MEAN, STACK -> throw new IllegalArgumentException("Cannot open a runtime for an "
          + algorithm.code() + " package: its members are packages of their own");
    };
  }

  /** The runtime name {@code algorithm}'s model file is read by, as the manifest's {@code runtimes} lists it. */
  static String runtimeName(Manifest.Algorithm algorithm) {
    return switch (algorithm) {
      case XGBOOST -> XGBoostRuntime.NAME;
      case MLLIB_LOGISTIC_REGRESSION -> LogisticRegressionRuntime.NAME;
      case MLLIB_RANDOM_FOREST -> ForestRuntime.NAME;
      case ONNX -> OnnxRuntime.NAME;
      case LIGHTGBM -> LightGBMRuntime.NAME;
      case ENSEMBLE_MEAN, STACK -> throw new IllegalArgumentException("Cannot name the runtime of an "
          + algorithm.code() + " package: its members are packages of their own");
    };
  }

  /** The {@code score} fields of a binary model's probability of class 1 at {@code threshold}. */
  static Prediction binary(double p, double threshold) {
    return new Prediction(p >= threshold ? 1.0 : 0.0, p, null);
  }

  /**
   * The {@code score} fields of a multiclass model's class probabilities: the class with the largest, the lowest
   * index on ties (as Assay's metrics count it), and its probability.
   */
  static Prediction multiclass(double[] p) {
    List<Double> probabilities = new ArrayList<>(p.length);
    int best = 0;
    for (int k = 0; k < p.length; k++) {
      probabilities.add(p[k]);
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return new Prediction(best, p[best], probabilities);
  }
}
