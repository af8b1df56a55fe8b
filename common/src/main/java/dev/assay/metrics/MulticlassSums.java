package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.io.Serializable;

/**
 * The sufficient statistics of the multiclass metrics: an integer confusion matrix (rows: true
 * class, columns: predicted class) and the exact sum of the per-row log losses. Built per
 * partition and merged in any order, it gives the same bits for any partitioning.
 *
 * <p>The predicted class of a row is the index of its largest probability, the lowest index on
 * ties, so it is a function of the probabilities alone. The log loss of a row is
 * {@code -ln(p)} of its true class's probability, p clipped to [1e-15, 1 - 1e-15] as for binary
 * models ({@link StrictMath}); probabilities are not renormalized.
 */
public final class MulticlassSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int classes;
  private final long[] confusion;
  private final ExactSum logLoss = new ExactSum();
  private long count = 0;

  public MulticlassSums(int classes) {
    Preconditions.checkArgument(classes >= 2, "Cannot create multiclass sums for %s classes: need at least 2",
        classes);
    this.classes = classes;
    this.confusion = new long[Math.multiplyExact(classes, classes)];
  }

  /** The predicted class: the index of the largest probability, the lowest on ties. */
  public static int predictedClass(double[] probabilities) {
    int best = 0;
    for (int k = 1; k < probabilities.length; k++) {
      if (probabilities[k] > probabilities[best]) {
        best = k;
      }
    }
    return best;
  }

  /** Adds one row with its true class; returns this. */
  public MulticlassSums add(int label, double[] probabilities) {
    return add(label, probabilities, 1);
  }

  /** Adds one row {@code weight} times (a bootstrap weight); returns this. */
  public MulticlassSums add(int label, double[] probabilities, int weight) {
    Preconditions.checkArgument(label >= 0 && label < classes,
        "Cannot add row: label %s is not a class in 0..%s", label, classes - 1);
    Preconditions.checkArgument(probabilities.length == classes,
        "Cannot add row: %s probabilities for %s classes", probabilities.length, classes);
    Preconditions.checkArgument(weight >= 0, "Cannot add row: negative weight %s", weight);
    if (weight == 0) {
      return this;
    }
    int predicted = predictedClass(probabilities);
    confusion[label * classes + predicted] += weight;
    double p = Math.min(Math.max(probabilities[label], BinaryMetrics.LOG_LOSS_EPSILON),
        1.0 - BinaryMetrics.LOG_LOSS_EPSILON);
    double term = -StrictMath.log(p);
    // Repeated exact adds, not weight * term: a product would be rounded.
    for (int i = 0; i < weight; i++) {
      logLoss.add(term);
    }
    count += weight;
    return this;
  }

  /** Adds all rows of {@code other} (which is not changed); returns this. */
  public MulticlassSums merge(MulticlassSums other) {
    Preconditions.checkNotNull(other, "Cannot merge: other sums are null");
    Preconditions.checkArgument(other != this, "Cannot merge multiclass sums into themselves");
    Preconditions.checkArgument(other.classes == classes,
        "Cannot merge multiclass sums of %s classes into sums of %s classes", other.classes, classes);
    for (int i = 0; i < confusion.length; i++) {
      confusion[i] = Math.addExact(confusion[i], other.confusion[i]);
    }
    logLoss.merge(other.logLoss);
    count = Math.addExact(count, other.count);
    return this;
  }

  /** Number of classes K. */
  public int classes() {
    return classes;
  }

  /** Number of rows added. */
  public long count() {
    return count;
  }

  /** Rows of true class {@code actual} predicted as {@code predicted}. */
  public long confusion(int actual, int predicted) {
    return confusion[actual * classes + predicted];
  }

  ExactSum logLoss() {
    return logLoss;
  }
}
