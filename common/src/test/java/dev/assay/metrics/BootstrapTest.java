package dev.assay.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  @Test
  void percentileIndexRuleIsFloorOfAlphaTimesMMinusOne() {
    // alpha = 0.025: floor(0.025 * 199) = floor(4.975) = 4, so [v[4], v[195]].
    assertThat(Bootstrap.lowerIndex(200, 0.95)).isEqualTo(4);
    // floor(0.025 * 1999) = floor(49.975) = 49.
    assertThat(Bootstrap.lowerIndex(2000, 0.95)).isEqualTo(49);
    // alpha = 0.05: floor(0.05 * 20) = 1 exactly — taken in decimal, not as 0.05000000000000004 * 20.
    assertThat(Bootstrap.lowerIndex(21, 0.9)).isEqualTo(1);
    // Few replicates: the interval is the full range.
    assertThat(Bootstrap.lowerIndex(10, 0.95)).isZero();
  }

  @Test
  void intervalIsSymmetricInRankAndUndefinedIfAnyReplicateIs() {
    List<MetricValue> replicates = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      // 20, 19, ..., 0 in reverse order: sorting is the interval's job.
      replicates.add(MetricValue.ok("m", 20 - i));
    }
    assertThat(Bootstrap.interval(replicates, 0.9)).containsExactly(1.0, 19.0);
    replicates.set(3, MetricValue.undefined("m"));
    assertThat(Bootstrap.interval(replicates, 0.9)).isNull();
  }

  @Test
  void weightsArePoissonOneAndAFunctionOfSeedReplicateAndRow() {
    long sum = 0;
    long zeros = 0;
    int n = 200_000;
    for (int row = 0; row < n; row++) {
      int w = Bootstrap.weight(7, row % 50, row * 0x9E3779B97F4A7C15L);
      sum += w;
      zeros += w == 0 ? 1 : 0;
    }
    assertThat(sum / (double) n).isCloseTo(1.0, within(0.01));
    assertThat(zeros / (double) n).isCloseTo(Math.exp(-1), within(0.01));
    assertThat(Bootstrap.weight(7, 3, 42L)).isEqualTo(Bootstrap.weight(7, 3, 42L));
    int differ = 0;
    for (int b = 0; b < 100; b++) {
      differ += Bootstrap.weight(7, b, 42L) != Bootstrap.weight(8, b, 42L) ? 1 : 0;
    }
    assertThat(differ).as("another seed gives other replicates").isGreaterThan(20);
  }
}
