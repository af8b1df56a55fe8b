package dev.assay.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

  /**
   * Six rows, three positives (P) and three negatives (N), with ties at 0.7 and 0.2:
   * (0.9 P) (0.7 P) (0.7 N) (0.4 N) (0.2 P) (0.2 N).
   *
   * <p>roc_auc: positive 0.9 beats 3 negatives = 3; positive 0.7 beats 0.4 and 0.2 and ties 0.7 =
   * 2.5; positive 0.2 ties 0.2 = 0.5; (3 + 2.5 + 0.5) / (3 * 3) = 6/9 = 2/3.
   * pr_auc: steps at 0.9 (TP 1, FP 0, precision 1), 0.7 (TP 2, FP 1, precision 2/3),
   * 0.4 (no positive: no recall step), 0.2 (TP 3, FP 3, precision 1/2); each recall step is 1/3:
   * (1 + 2/3 + 1/2) / 3 = 13/18.
   * threshold 0.4 (the 0.4 negative sits exactly on it and counts as predicted positive):
   * TP 2 (0.9, 0.7), FP 2 (0.7, 0.4), FN 1, TN 1: accuracy 3/6, precision 2/4, recall 2/3,
   * f1 2*2 / (2*2 + 2 + 1) = 4/7, positive_rate 3/6, predicted_positive_rate 4/6.
   * log_loss: -(ln 0.9 + ln 0.7 + ln 0.3 + ln 0.6 + ln 0.2 + ln 0.8) / 6 = -ln(0.018144) / 6.
   * brier: (0.1^2 + 0.3^2 + 0.7^2 + 0.4^2 + 0.8^2 + 0.2^2) / 6 = 1.43 / 6.
   */
  @Test
  void sixRowsWithTies() {
    Map<String, MetricValue> m = byName(BinaryMetrics.compute(3, 3, List.of(
        new ScoreBin(0.9, 1, 0),
        new ScoreBin(0.7, 1, 1),
        new ScoreBin(0.4, 0, 1),
        new ScoreBin(0.2, 1, 1)).iterator(), 0.4));

    assertThat(m.get("roc_auc").value()).isEqualTo(2.0 / 3);  // 12 / 18: one exact division
    assertThat(m.get("pr_auc").value()).isCloseTo(13.0 / 18, within(1e-15));
    assertThat(m.get("log_loss").value()).isCloseTo(-Math.log(0.018144) / 6, within(1e-15));
    assertThat(m.get("brier").value()).isCloseTo(1.43 / 6, within(1e-15));
    assertThat(m.get("accuracy").value()).isEqualTo(0.5);
    assertThat(m.get("precision").value()).isEqualTo(0.5);
    assertThat(m.get("recall").value()).isEqualTo(2.0 / 3);
    assertThat(m.get("f1").value()).isEqualTo(4.0 / 7);
    assertThat(m.get("positive_rate").value()).isEqualTo(0.5);
    assertThat(m.get("predicted_positive_rate").value()).isEqualTo(4.0 / 6);
    assertThat(m.get("n_rows").value()).isEqualTo(6.0);
    assertThat(m.values()).allMatch(MetricValue::isOk);
  }

  @Test
  void thresholdJustAboveATiedScoreExcludesTheWholeBin() {
    Map<String, MetricValue> m = byName(BinaryMetrics.compute(3, 3, List.of(
        new ScoreBin(0.9, 1, 0),
        new ScoreBin(0.7, 1, 1),
        new ScoreBin(0.4, 0, 1),
        new ScoreBin(0.2, 1, 1)).iterator(), Math.nextUp(0.4)));
    // TP 2, FP 1, FN 1, TN 2.
    assertThat(m.get("precision").value()).isEqualTo(2.0 / 3);
    assertThat(m.get("accuracy").value()).isEqualTo(4.0 / 6);
    assertThat(m.get("predicted_positive_rate").value()).isEqualTo(0.5);
    // Ranking metrics do not depend on the threshold.
    assertThat(m.get("roc_auc").value()).isEqualTo(2.0 / 3);
  }

  @Test
  void returnsEveryMetricInTheDocumentedOrder() {
    List<MetricValue> metrics = BinaryMetrics.compute(1, 1, List.of(new ScoreBin(0.5, 1, 1)).iterator(), 0.5);
    assertThat(metrics).extracting(MetricValue::metric).containsExactlyElementsOf(BinaryMetrics.NAMES);
    assertThat(BinaryMetrics.NAMES).containsExactly("roc_auc", "pr_auc", "log_loss", "brier", "accuracy",
        "precision", "recall", "f1", "positive_rate", "predicted_positive_rate", "n_rows");
  }

  @Test
  void perfectAndInverseRankings() {
    Map<String, MetricValue> perfect = byName(BinaryMetrics.compute(2, 2, List.of(
        new ScoreBin(1.0, 2, 0), new ScoreBin(0.0, 0, 2)).iterator(), 0.5));
    assertThat(perfect.get("roc_auc").value()).isEqualTo(1.0);
    assertThat(perfect.get("pr_auc").value()).isEqualTo(1.0);
    assertThat(perfect.get("accuracy").value()).isEqualTo(1.0);
    assertThat(perfect.get("f1").value()).isEqualTo(1.0);
    assertThat(perfect.get("brier").value()).isEqualTo(0.0);
    // Clipped: -ln(1 - 1e-15) per row, about 1e-15, not 0.
    assertThat(perfect.get("log_loss").value()).isCloseTo(1e-15, within(1e-16));

    Map<String, MetricValue> inverse = byName(BinaryMetrics.compute(2, 2, List.of(
        new ScoreBin(1.0, 0, 2), new ScoreBin(0.0, 2, 0)).iterator(), 0.5));
    assertThat(inverse.get("roc_auc").value()).isEqualTo(0.0);
    // Precision 0 at the first step, 2/4 at the second: (0 * 0 + 1 * 1/2) = 1/2.
    assertThat(inverse.get("pr_auc").value()).isEqualTo(0.5);
    assertThat(inverse.get("accuracy").value()).isEqualTo(0.0);
    // Both precision and recall defined (0 and 0), no true positive: f1 is 0, not undefined.
    assertThat(inverse.get("precision").value()).isEqualTo(0.0);
    assertThat(inverse.get("recall").value()).isEqualTo(0.0);
    assertThat(inverse.get("f1")).isEqualTo(MetricValue.ok("f1", 0.0));
    // Positives at 0 are clipped to 1e-15; negatives at 1 to 1 - 1e-15, whose complement in doubles
    // is 9.992e-16, not 1e-15: the two ends of the clip are not symmetric.
    double expected = (-Math.log(1e-15) - Math.log(1.0 - (1.0 - 1e-15))) / 2;
    assertThat(inverse.get("log_loss").value()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void allScoresTiedGiveHalfAuc() {
    Map<String, MetricValue> m = byName(BinaryMetrics.compute(3, 5, List.of(new ScoreBin(0.3, 3, 5)).iterator(), 0.5));
    assertThat(m.get("roc_auc").value()).isEqualTo(0.5);
    assertThat(m.get("pr_auc").value()).isEqualTo(3.0 / 8);  // one step: recall 0 -> 1 at precision 3/8
    // Nothing reaches the threshold.
    assertThat(m.get("precision")).isEqualTo(MetricValue.undefined("precision"));
    assertThat(m.get("recall").value()).isEqualTo(0.0);
    assertThat(m.get("f1")).isEqualTo(MetricValue.undefined("f1"));
    assertThat(m.get("predicted_positive_rate").value()).isEqualTo(0.0);
  }

  @Test
  void onlyPositives() {
    Map<String, MetricValue> m = byName(BinaryMetrics.compute(3, 0, List.of(
        new ScoreBin(0.8, 2, 0), new ScoreBin(0.1, 1, 0)).iterator(), 0.5));
    assertThat(m.get("roc_auc")).isEqualTo(MetricValue.undefined("roc_auc"));
    assertThat(m.get("pr_auc").value()).isEqualTo(1.0);
    assertThat(m.get("precision").value()).isEqualTo(1.0);
    assertThat(m.get("recall").value()).isEqualTo(2.0 / 3);
    assertThat(m.get("f1").value()).isEqualTo(0.8);  // 4 / (4 + 0 + 1)
    assertThat(m.get("positive_rate").value()).isEqualTo(1.0);
  }

  @Test
  void onlyNegatives() {
    Map<String, MetricValue> m = byName(BinaryMetrics.compute(0, 3, List.of(
        new ScoreBin(0.8, 0, 2), new ScoreBin(0.1, 0, 1)).iterator(), 0.5));
    assertThat(m.get("roc_auc")).isEqualTo(MetricValue.undefined("roc_auc"));
    assertThat(m.get("pr_auc")).isEqualTo(MetricValue.undefined("pr_auc"));
    assertThat(m.get("recall")).isEqualTo(MetricValue.undefined("recall"));
    assertThat(m.get("f1")).isEqualTo(MetricValue.undefined("f1"));
    assertThat(m.get("precision").value()).isEqualTo(0.0);
    assertThat(m.get("accuracy").value()).isEqualTo(1.0 / 3);
    assertThat(m.get("positive_rate").value()).isEqualTo(0.0);
    assertThat(m.get("log_loss").isOk()).isTrue();
    assertThat(m.get("brier").value()).isCloseTo((2 * 0.64 + 0.01) / 3, within(1e-15));
  }

  @Test
  void noRowsLeavesOnlyTheCount() {
    List<MetricValue> metrics = BinaryMetrics.compute(0, 0, List.<ScoreBin>of().iterator(), 0.5);
    assertThat(metrics).filteredOn(MetricValue::isOk).containsExactly(MetricValue.ok("n_rows", 0.0));
    assertThat(metrics).hasSize(11);
  }

  @Test
  void matchesBruteForceOnRandomRowsWithTies() {
    Random random = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + random.nextInt(300);
      double[] scores = new double[n];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(25) / 24.0;
        labels[i] = random.nextDouble() < scores[i] ? 1 : 0;
      }
      double threshold = random.nextInt(25) / 24.0;
      Map<String, MetricValue> m = byName(compute(scores, labels, threshold));
      long positives = Arrays.stream(labels).filter(l -> l == 1).count();
      long negatives = n - positives;
      if (positives > 0 && negatives > 0) {
        long twicePairs = 0;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            if (labels[i] == 1 && labels[j] == 0) {
              twicePairs += scores[i] > scores[j] ? 2 : scores[i] == scores[j] ? 1 : 0;
            }
          }
        }
        assertThat(m.get("roc_auc").value()).isEqualTo((double) twicePairs / (2.0 * positives * negatives));
      }
      long tp = 0;
      long fp = 0;
      double squares = 0;
      for (int i = 0; i < n; i++) {
        boolean predicted = scores[i] >= threshold;
        tp += predicted && labels[i] == 1 ? 1 : 0;
        fp += predicted && labels[i] == 0 ? 1 : 0;
        squares += (scores[i] - labels[i]) * (scores[i] - labels[i]);
      }
      assertThat(m.get("accuracy").value()).isEqualTo((double) (tp + negatives - fp) / n);
      assertThat(m.get("precision").isOk()).isEqualTo(tp + fp > 0);
      assertThat(m.get("brier").value()).isCloseTo(squares / n, within(1e-12));
    }
  }

  @Test
  void rejectsBinsOutOfOrderOrNotAddingUp() {
    assertThatThrownBy(() -> BinaryMetrics.compute(2, 0, List.of(
        new ScoreBin(0.2, 1, 0), new ScoreBin(0.7, 1, 0)).iterator(), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute binary metrics: bins must be strictly descending by score, got 0.7 after 0.2");
    assertThatThrownBy(() -> BinaryMetrics.compute(2, 0, List.of(
        new ScoreBin(0.2, 1, 0), new ScoreBin(0.2, 1, 0)).iterator(), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinaryMetrics.compute(2, 2, List.of(new ScoreBin(0.2, 1, 1)).iterator(), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute binary metrics: bins hold 1 positives and 1 negatives, totals say 2 and 2");
    assertThatThrownBy(() -> BinaryMetrics.compute(1, 0, List.of(new ScoreBin(0.2, 2, 0)).iterator(), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinaryMetrics.compute(0, 0, List.of(new ScoreBin(0.2, 0, 0)).iterator(), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute binary metrics: empty bin at score 0.2");
    assertThatThrownBy(() -> BinaryMetrics.compute(0, 0, List.<ScoreBin>of().iterator(), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute binary metrics: threshold NaN is not in [0, 1]");
  }

  @Test
  void scoreBinsHoldProbabilitiesOnly() {
    for (double bad : new double[] {Double.NaN, -0.1, 1.5, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new ScoreBin(bad, 1, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot create score bin: score " + bad + " is not a probability in [0, 1]");
    }
    assertThatThrownBy(() -> new ScoreBin(0.5, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Double.doubleToRawLongBits(new ScoreBin(-0.0, 1, 0).score())).isEqualTo(0L);
  }

  @Test
  void metricValuesAreOkWithAFiniteValueOrUndefinedWithNone() {
    assertThat(MetricValue.ok("x", 1.0)).isEqualTo(new MetricValue("x", 1.0, "ok"));
    assertThat(MetricValue.undefined("x")).isEqualTo(new MetricValue("x", null, "undefined"));
    assertThatThrownBy(() -> MetricValue.ok("x", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot create metric x: an ok value must be finite, got NaN");
    assertThatThrownBy(() -> new MetricValue("x", 1.0, "undefined")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MetricValue("x", 1.0, "nan")).isInstanceOf(IllegalArgumentException.class);
    assertThat(MetricCodeVersion.VERSION).isEqualTo("2");
  }

  static List<MetricValue> compute(double[] scores, int[] labels, double threshold) {
    TreeMap<Double, long[]> counts = new TreeMap<>(Comparator.reverseOrder());
    long positives = 0;
    for (int i = 0; i < scores.length; i++) {
      counts.computeIfAbsent(scores[i], s -> new long[2])[labels[i] == 1 ? 0 : 1]++;
      positives += labels[i];
    }
    List<ScoreBin> bins = counts.entrySet().stream()
        .map(e -> new ScoreBin(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .toList();
    return BinaryMetrics.compute(positives, scores.length - positives, bins.iterator(), threshold);
  }

  static Map<String, MetricValue> byName(List<MetricValue> metrics) {
    return metrics.stream().collect(Collectors.toMap(MetricValue::metric, Function.identity()));
  }
}
