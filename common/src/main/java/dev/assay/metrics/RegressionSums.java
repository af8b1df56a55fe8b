package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.io.Serializable;

/**
 * The sufficient statistics of the regression metrics, as exact sums: sum of err, |err|, err^2,
 * y and y^2 with {@code err = prediction - label} (one rounded double per row). Built per
 * partition and merged in any order, it gives the same bits for any partitioning.
 *
 * <p>Squares enter as the exact pair {@code x*x} plus its rounding error (from {@link Math#fma},
 * which is specified to round once on every platform), so sum of y^2 and sum of err^2 are exact
 * too, except for squares so small that they underflow into subnormals. That exactness is what
 * lets {@link RegressionMetrics} detect a constant label exactly instead of seeing rounding noise
 * as variance.
 */
public final class RegressionSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private long count = 0;
  private final ExactSum error = new ExactSum();
  private final ExactSum absoluteError = new ExactSum();
  private final ExactSum squaredError = new ExactSum();
  private final ExactSum label = new ExactSum();
  private final ExactSum squaredLabel = new ExactSum();

  /**
   * Whether {@link #add} accepts the row: label and prediction finite, and the error and both
   * squares within the double range (|values| up to about 1e154).
   */
  public static boolean canAdd(double label, double prediction) {
    double err = prediction - label;
    return Double.isFinite(label) && Double.isFinite(prediction) && Double.isFinite(err)
        && Double.isFinite(err * err) && Double.isFinite(label * label);
  }

  /** Adds one row; returns this. */
  public RegressionSums add(double label, double prediction) {
    return add(label, prediction, 1);
  }

  /** Adds one row {@code weight} times (a bootstrap weight), exactly; returns this. */
  public RegressionSums add(double label, double prediction, int weight) {
    // Not Preconditions: this is the hot loop of every bootstrap replicate, and varargs would box.
    if (!canAdd(label, prediction)) {
      throw new IllegalArgumentException(String.format(
          "Cannot add row (label %s, prediction %s): values must be finite and their squares fit a double",
          label, prediction));
    }
    if (weight < 0) {
      throw new IllegalArgumentException(String.format("Cannot add row: negative weight %s", weight));
    }
    double err = prediction - label;
    double absErr = Math.abs(err);
    double errSquare = err * err;
    double errSquareLow = Math.fma(err, err, -errSquare);
    double labelSquare = label * label;
    double labelSquareLow = Math.fma(label, label, -labelSquare);
    // Repeated exact adds, not weight * term: a product would be rounded.
    for (int i = 0; i < weight; i++) {
      error.add(err);
      absoluteError.add(absErr);
      squaredError.add(errSquare);
      squaredError.add(errSquareLow);
      this.label.add(label);
      squaredLabel.add(labelSquare);
      squaredLabel.add(labelSquareLow);
    }
    count = Math.addExact(count, weight);
    return this;
  }

  /** Adds all rows of {@code other} (which is not changed); returns this. */
  public RegressionSums merge(RegressionSums other) {
    Preconditions.checkNotNull(other, "Cannot merge: other sums are null");
    Preconditions.checkArgument(other != this, "Cannot merge regression sums into themselves");
    count = Math.addExact(count, other.count);
    error.merge(other.error);
    absoluteError.merge(other.absoluteError);
    squaredError.merge(other.squaredError);
    label.merge(other.label);
    squaredLabel.merge(other.squaredLabel);
    return this;
  }

  /** Number of rows added. */
  public long count() {
    return count;
  }

  ExactSum error() {
    return error;
  }

  ExactSum absoluteError() {
    return absoluteError;
  }

  ExactSum squaredError() {
    return squaredError;
  }

  ExactSum label() {
    return label;
  }

  ExactSum squaredLabel() {
    return squaredLabel;
  }
}
