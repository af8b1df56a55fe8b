package dev.assay.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

  /**
   * labels 1, 2, 3, 4; predictions 1.5, 2, 2, 5; errors 0.5, 0, -1, 1.
   * mean_error 0.5 / 4 = 0.125; mae 2.5 / 4 = 0.625; SSE 0.25 + 0 + 1 + 1 = 2.25, rmse
   * sqrt(2.25 / 4) = 0.75; label mean 2.5, SST 2.25 + 0.25 + 0.25 + 2.25 = 5, r2 1 - 2.25 / 5 = 0.55.
   */
  @Test
  void fourRowsByHand() {
    RegressionSums sums = new RegressionSums().add(1, 1.5).add(2, 2).add(3, 2).add(4, 5);
    List<MetricValue> metrics = RegressionMetrics.compute(sums);
    assertThat(metrics).containsExactly(
        MetricValue.ok("rmse", 0.75),
        MetricValue.ok("mae", 0.625),
        MetricValue.ok("r2", 0.55),
        MetricValue.ok("mean_error", 0.125),
        MetricValue.ok("n_rows", 4.0));
    assertThat(metrics).extracting(MetricValue::metric).containsExactlyElementsOf(RegressionMetrics.NAMES);
  }

  @Test
  void constantLabelHasUndefinedR2EvenWhenItsSquareIsInexact() {
    // 0.1 * 0.1 is not a double; with naive sums n * sum(y^2) - (sum y)^2 would be rounding noise.
    RegressionSums sums = new RegressionSums();
    for (int i = 0; i < 1000; i++) {
      sums.add(0.1, 0.1 + i * 1e-3);
    }
    Map<String, MetricValue> m = BinaryMetricsTest.byName(RegressionMetrics.compute(sums));
    assertThat(m.get("r2")).isEqualTo(MetricValue.undefined("r2"));
    assertThat(m.get("rmse").isOk()).isTrue();
    assertThat(RegressionMetrics.compute(new RegressionSums().add(3, 4)).get(2)).isEqualTo(MetricValue.undefined("r2"));
  }

  @Test
  void noRowsLeavesOnlyTheCount() {
    assertThat(RegressionMetrics.compute(new RegressionSums()))
        .filteredOn(MetricValue::isOk).containsExactly(MetricValue.ok("n_rows", 0.0));
  }

  @Test
  void largeLabelOffsetKeepsR2Accurate() {
    // Labels near 1e8 with unit spread: a textbook one-pass variance loses most digits here.
    Random random = new Random(1);
    RegressionSums sums = new RegressionSums();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double y = 1e8 + random.nextGaussian();
      double p = y + 0.5 * random.nextGaussian();
      rows.add(new double[] {y, p});
      sums.add(y, p);
    }
    BigDecimal mean = rows.stream().map(r -> new BigDecimal(r[0])).reduce(BigDecimal.ZERO, BigDecimal::add)
        .divide(BigDecimal.valueOf(rows.size()), MathContext.DECIMAL128);
    BigDecimal sst = BigDecimal.ZERO;
    BigDecimal sse = BigDecimal.ZERO;
    for (double[] r : rows) {
      BigDecimal d = new BigDecimal(r[0]).subtract(mean);
      BigDecimal e = new BigDecimal(r[1] - r[0]);
      sst = sst.add(d.multiply(d));
      sse = sse.add(e.multiply(e));
    }
    double expected = BigDecimal.ONE.subtract(sse.divide(sst, MathContext.DECIMAL128)).doubleValue();
    assertThat(RegressionMetrics.compute(sums).get(2).value()).isCloseTo(expected, within(1e-15));
  }

  @Test
  void anyPartitioningGivesIdenticalBits() {
    Random random = new Random(9);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      double y = random.nextGaussian() * 100;
      rows.add(new double[] {y, y + random.nextGaussian() * Math.pow(10, random.nextInt(6) - 3)});
    }
    List<Long> reference = bits(RegressionMetrics.compute(sumsInParts(rows, 1, random)));
    for (int parts : new int[] {2, 3, 17, 64}) {
      Collections.shuffle(rows, random);
      assertThat(bits(RegressionMetrics.compute(sumsInParts(rows, parts, random)))).isEqualTo(reference);
    }
  }

  @Test
  void rejectsValuesWithoutAnExactSum() {
    assertThat(RegressionSums.canAdd(1, 2)).isTrue();
    assertThat(RegressionSums.canAdd(Double.NaN, 2)).isFalse();
    assertThat(RegressionSums.canAdd(1, Double.POSITIVE_INFINITY)).isFalse();
    assertThat(RegressionSums.canAdd(1e200, 0)).isFalse();  // its square overflows
    RegressionSums sums = new RegressionSums().add(1, 1);
    assertThatThrownBy(() -> sums.add(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot add row (label NaN, prediction 1.0): values must be finite and their squares fit a double");
    assertThat(sums.count()).isEqualTo(1);
    assertThatThrownBy(() -> sums.merge(sums)).isInstanceOf(IllegalArgumentException.class);
  }

  private static RegressionSums sumsInParts(List<double[]> rows, int parts, Random random) {
    List<RegressionSums> partial = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      partial.add(new RegressionSums());
    }
    for (double[] r : rows) {
      partial.get(random.nextInt(parts)).add(r[0], r[1]);
    }
    Collections.shuffle(partial, random);
    RegressionSums total = partial.get(0);
    partial.subList(1, parts).forEach(total::merge);
    return total;
  }

  private static List<Long> bits(List<MetricValue> metrics) {
    return metrics.stream().map(m -> Double.doubleToRawLongBits(m.value())).toList();
  }
}
