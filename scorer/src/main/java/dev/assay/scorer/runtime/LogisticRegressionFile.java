package dev.assay.scorer.runtime;

import java.util.List;

/**
 * {@code model/logistic_regression.json}: a binomial MLlib logistic regression as the numbers that re-implement
 * it. The margin is {@code dot(features, coefficients) + intercept}, the dot product summed as netlib's
 * {@code JavaBLAS.ddot} sums it (Spark's {@code BLAS.dot} of two dense vectors below 256 entries); the probability
 * of class 1 is {@code 1 - 1 / (1 + exp(margin))}, as Spark's {@code raw2probabilityInPlace} computes it from the
 * raw prediction {@code (-margin, margin)}.
 *
 * @param coefficients one per feature, in the order of the manifest's {@code features.vector}
 * @param intercept the intercept
 */
public record LogisticRegressionFile(List<Double> coefficients, double intercept) {
  public LogisticRegressionFile {
    if (coefficients == null || coefficients.isEmpty()) {
      throw new IllegalArgumentException("Cannot read the logistic regression: coefficients is missing or empty");
    }
    coefficients = List.copyOf(coefficients);
  }
}
