package dev.assay.scorer.runtime;

import dev.assay.scorer.Prediction;
import dev.assay.scorer.RuntimeVersions;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.ArrayList;
import java.util.List;

/**
 * A binomial MLlib logistic regression, computed as Spark 3.5 computes it for one dense feature vector. Why
 * netlib's {@link JavaBLAS} rather than a loop of our own: Spark's {@code BLAS.dot} calls
 * {@code JavaBLAS.getInstance().ddot}, whose implementation is picked by the JVM (Java 11 kernels with fused
 * multiply-add, or the Vector API where {@code jdk.incubator.vector} is present), and each sums in its own order;
 * calling the same library on the same JVM gives the same bits, and the golden rows catch a JVM that picks another.
 */
final class LogisticRegressionRuntime implements ModelRuntime {
  static final String NAME = "netlib-blas";

  private final double[] coefficients;
  private final double intercept;
  private final double threshold;

  LogisticRegressionRuntime(LogisticRegressionFile model, double threshold) {
    this.coefficients = model.coefficients().stream().mapToDouble(Double::doubleValue).toArray();
    this.intercept = model.intercept();
    this.threshold = threshold;
  }

  /** The BLAS implementation Spark's dot product uses on this JVM, for the manifest. */
  static String implementation() {
    return JavaBLAS.getInstance().getClass().getSimpleName();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return RuntimeVersions.netlibBlas();
  }

  @Override
  public boolean floatFeatures() {
    return false;
  }

  @Override
  public List<Prediction> predict(double[] data, int rows, int width) {
    if (width != coefficients.length) {
      throw new IllegalArgumentException("Cannot score " + width + " features with a logistic regression of "
          + coefficients.length + " coefficients");
    }
    List<Prediction> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double margin = JavaBLAS.getInstance().ddot(width, data, i * width, 1, coefficients, 0, 1) + intercept;
      // raw = (-margin, margin); p0 = 1 / (1 + exp(-raw0)); p1 = 1 - p0: Spark's order, not 1 / (1 + exp(-margin)).
      double p0 = 1.0 / (1.0 + Math.exp(margin));
      out.add(ModelRuntime.binary(1.0 - p0, threshold));
    }
    return out;
  }

  @Override
  public void close() {
    // nothing native
  }
}
