package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiclass classification metrics from {@link MulticlassSums}, with K classes, the confusion
 * matrix C (C[a][p] rows of true class a predicted as p), n rows, support_k = sum of row k
 * (true class k), predicted_k = sum of column k:
 * <ul>
 *   <li>{@value #ACCURACY}: trace(C) / n.
 *   <li>f1_k = 2 C[k][k] / (support_k + predicted_k), for each class that occurs among the
 *       labels or the predictions (otherwise the class has no F1 and is left out of the means).
 *   <li>{@value #MACRO_F1}: the plain mean of those f1_k; {@value #WEIGHTED_F1}: sum of support_k *
 *       f1_k over n (classes absent from the labels weigh 0).
 *   <li>{@value #LOG_LOSS}: the exact sum of the rows' log losses ({@link MulticlassSums}) over n.
 *   <li>{@code recall@class=k} for k = 0..K-1: C[k][k] / support_k, undefined if support_k = 0.
 *   <li>{@value #N_ROWS}: n.
 * </ul>
 * Sums of f1 terms are exact ({@link ExactSum}) and divided once, so every value depends only on
 * the integer confusion matrix and the exact log-loss sum. With no rows every metric but n_rows
 * (0) is undefined.
 *
 * <p>Example, K = 3, C = [[3, 1, 0], [0, 2, 2], [1, 0, 1]] (n = 10): accuracy 6/10; support
 * (4, 4, 2), predicted (4, 3, 3); f1 = (6/8, 4/7, 2/5); macro_f1 = (0.75 + 0.5714.. + 0.4) / 3;
 * weighted_f1 = (4 * 0.75 + 4 * 4/7 + 2 * 0.4) / 10; recall@class=0..2 = 3/4, 2/4, 1/2.
 */
public final class MulticlassMetrics {
  public static final String ACCURACY = "accuracy";
  public static final String MACRO_F1 = "macro_f1";
  public static final String WEIGHTED_F1 = "weighted_f1";
  public static final String LOG_LOSS = "log_loss";
  public static final String N_ROWS = "n_rows";
  /** Prefix of the per-class recall metrics, {@code recall@class=<k>}. */
  public static final String RECALL_OF_CLASS = "recall@class=";

  private MulticlassMetrics() {}

  /** Metric names in the order {@link #compute} returns them, for K classes. */
  public static List<String> names(int classes) {
    List<String> names = new ArrayList<>(List.of(ACCURACY, MACRO_F1, WEIGHTED_F1, LOG_LOSS));
    for (int k = 0; k < classes; k++) {
      names.add(RECALL_OF_CLASS + k);
    }
    names.add(N_ROWS);
    return names;
  }

  /** Computes all multiclass metrics. */
  public static List<MetricValue> compute(MulticlassSums sums) {
    Preconditions.checkNotNull(sums, "Cannot compute multiclass metrics: sums are null");
    int classes = sums.classes();
    long n = sums.count();
    if (n == 0) {
      return names(classes).stream()
          .map(name -> name.equals(N_ROWS) ? MetricValue.ok(N_ROWS, 0.0) : MetricValue.undefined(name))
          .toList();
    }
    long[] support = new long[classes];
    long[] predicted = new long[classes];
    long correct = 0;
    for (int a = 0; a < classes; a++) {
      for (int p = 0; p < classes; p++) {
        long c = sums.confusion(a, p);
        support[a] += c;
        predicted[p] += c;
        if (a == p) {
          correct += c;
        }
      }
    }
    ExactSum f1Sum = new ExactSum();
    ExactSum weightedF1Sum = new ExactSum();
    int f1Classes = 0;
    for (int k = 0; k < classes; k++) {
      long denominator = support[k] + predicted[k];
      if (denominator > 0) {
        double f1 = ratio(2 * sums.confusion(k, k), denominator);
        f1Sum.add(f1);
        // support * f1 rounded once per class, then summed exactly.
        weightedF1Sum.add(support[k] * f1);
        f1Classes++;
      }
    }
    List<MetricValue> out = new ArrayList<>();
    out.add(MetricValue.ok(ACCURACY, ratio(correct, n)));
    out.add(MetricValue.ok(MACRO_F1, f1Sum.value() / f1Classes));
    out.add(MetricValue.ok(WEIGHTED_F1, weightedF1Sum.value() / n));
    out.add(MetricValue.ok(LOG_LOSS, sums.logLoss().value() / n));
    for (int k = 0; k < classes; k++) {
      out.add(support[k] > 0
          ? MetricValue.ok(RECALL_OF_CLASS + k, ratio(sums.confusion(k, k), support[k]))
          : MetricValue.undefined(RECALL_OF_CLASS + k));
    }
    out.add(MetricValue.ok(N_ROWS, (double) n));
    return out;
  }

  private static double ratio(long numerator, long denominator) {
    return (double) numerator / (double) denominator;
  }
}
