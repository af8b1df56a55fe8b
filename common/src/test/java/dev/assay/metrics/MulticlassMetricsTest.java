package dev.assay.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MulticlassMetricsTest {
  /** Probabilities 0.6 for the predicted class and 0.2 for the two others. */
  static double[] predicting(int k) {
    double[] p = {0.2, 0.2, 0.2};
    p[k] = 0.6;
    return p;
  }

  /**
   * The Javadoc example: confusion matrix (rows true class, columns predicted)
   * <pre>
   *            pred 0  pred 1  pred 2   support
   *   true 0      3       1       0        4
   *   true 1      0       2       2        4
   *   true 2      1       0       1        2
   *   predicted   4       3       3       n = 10
   * </pre>
   * accuracy = 6/10; f1 = 2*3/(4+4) = 0.75, 2*2/(4+3) = 4/7, 2*1/(2+3) = 0.4;
   * macro_f1 = (0.75 + 0.571428... + 0.4)/3 = 0.573809523...; weighted_f1 = (4*0.75 + 4*4/7 +
   * 2*0.4)/10 = 0.608571428...; recall = 3/4, 2/4, 1/2; log_loss = (6 ln(1/0.6) + 4 ln 5)/10 =
   * (3.0649537425959 + 6.4377516497364)/10 = 0.950270539...
   */
  static MulticlassSums example() {
    int[][] counts = {{3, 1, 0}, {0, 2, 2}, {1, 0, 1}};
    MulticlassSums sums = new MulticlassSums(3);
    for (int a = 0; a < 3; a++) {
      for (int p = 0; p < 3; p++) {
        for (int i = 0; i < counts[a][p]; i++) {
          sums.add(a, predicting(p));
        }
      }
    }
    return sums;
  }

  static Map<String, Double> byName(List<MetricValue> values) {
    return values.stream().filter(MetricValue::isOk).collect(Collectors.toMap(MetricValue::metric, MetricValue::value));
  }

  @Test
  void handComputedExample() {
    List<MetricValue> values = MulticlassMetrics.compute(example());
    assertThat(values).extracting(MetricValue::metric).containsExactly("accuracy", "macro_f1", "weighted_f1",
        "log_loss", "recall@class=0", "recall@class=1", "recall@class=2", "n_rows");
    Map<String, Double> m = byName(values);
    assertThat(m.get("accuracy")).isEqualTo(0.6);
    assertThat(m.get("macro_f1")).isCloseTo(0.5738095238095238, within(1e-15));
    assertThat(m.get("weighted_f1")).isCloseTo(0.6085714285714285, within(1e-15));
    assertThat(m.get("log_loss")).isCloseTo(0.9502705392332345, within(1e-15));
    assertThat(m.get("recall@class=0")).isEqualTo(0.75);
    assertThat(m.get("recall@class=1")).isEqualTo(0.5);
    assertThat(m.get("recall@class=2")).isEqualTo(0.5);
    assertThat(m.get("n_rows")).isEqualTo(10.0);
  }

  @Test
  void classesAbsentFromLabelsAndPredictionsHaveNoF1AndNoRecall() {
    MulticlassSums sums = new MulticlassSums(4);
    sums.add(0, new double[] {0.7, 0.1, 0.1, 0.1});
    sums.add(1, new double[] {0.1, 0.7, 0.1, 0.1});
    sums.add(1, new double[] {0.7, 0.1, 0.1, 0.1});
    List<MetricValue> values = MulticlassMetrics.compute(sums);
    Map<String, Double> m = byName(values);
    // f1_0 = 2/(1+2), f1_1 = 2/(2+1); classes 2 and 3 occur nowhere and are left out of the mean.
    assertThat(m.get("macro_f1")).isEqualTo((2.0 / 3 + 2.0 / 3) / 2);
    assertThat(values).filteredOn(v -> v.metric().equals("recall@class=3")).singleElement()
        .isEqualTo(MetricValue.undefined("recall@class=3"));
    assertThat(MulticlassMetrics.compute(new MulticlassSums(3)))
        .allMatch(v -> v.metric().equals("n_rows") ? v.value() == 0.0 : !v.isOk());
  }

  @Test
  void tiesPredictTheLowestClassAndWeightsRepeatRows() {
    assertThat(MulticlassSums.predictedClass(new double[] {0.2, 0.4, 0.4})).isEqualTo(1);
    MulticlassSums weighted = new MulticlassSums(3).add(2, predicting(2), 3).add(0, predicting(1), 0);
    MulticlassSums repeated = new MulticlassSums(3).add(2, predicting(2)).add(2, predicting(2)).add(2, predicting(2));
    assertThat(MulticlassMetrics.compute(weighted)).isEqualTo(MulticlassMetrics.compute(repeated));
    assertThatThrownBy(() -> new MulticlassSums(3).add(3, predicting(0)))
        .hasMessage("Cannot add row: label 3 is not a class in 0..2");
  }

  @Test
  void anyOrderAndMergeGiveTheSameBits() {
    Random random = new Random(5);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double a = random.nextDouble();
      double b = random.nextDouble() * (1 - a);
      rows.add(new Object[] {random.nextInt(3), new double[] {a, b, 1 - a - b}});
    }
    MulticlassSums one = new MulticlassSums(3);
    rows.forEach(r -> one.add((int) r[0], (double[]) r[1]));
    Collections.shuffle(rows, new Random(9));
    MulticlassSums left = new MulticlassSums(3);
    MulticlassSums right = new MulticlassSums(3);
    for (int i = 0; i < rows.size(); i++) {
      (i % 7 == 0 ? left : right).add((int) rows.get(i)[0], (double[]) rows.get(i)[1]);
    }
    assertThat(MulticlassMetrics.compute(right.merge(left))).isEqualTo(MulticlassMetrics.compute(one));
  }
}
