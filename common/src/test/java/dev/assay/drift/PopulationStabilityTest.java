package dev.assay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PSI against values worked out by hand (natural logarithm, shares floored at 0.0001). */
class PopulationStabilityTest {

  /** Binned counts (from, to), the PSI worked out by hand, and how close the computed one must be. */
  static Stream<Arguments> binnedCounts() {
    return Stream.of(
        // half and half to a quarter and three quarters:
        // (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5) = 0.25 ln 2 + 0.25 ln 1.5 = 0.25 ln 3
        Arguments.of(new long[] {50, 50}, new long[] {25, 75}, 0.27465307216702745, 1e-15),
        // an empty bin is floored at epsilon: from shares (1.0, 0 -> 0.0001), to shares (0.9, 0.1):
        // (0.9 - 1.0) ln(0.9) + (0.1 - 0.0001) ln(0.1 / 0.0001) = 0.0105360516 + 0.0999 ln 1000
        Arguments.of(new long[] {100, 0}, new long[] {90, 10}, 0.7006208039360982, 1e-12));
  }

  @ParameterizedTest
  @MethodSource("binnedCounts")
  void binnedPsiMatchesTheHandWorkedValue(long[] from, long[] to, double expected, double tolerance) {
    assertThat(PopulationStability.psi(from, to)).isCloseTo(expected, within(tolerance));
  }

  @Test
  void theSameSharesGiveExactlyZeroWhateverTheRowCounts() {
    assertThat(PopulationStability.psi(new long[] {10, 30, 60}, new long[] {100, 300, 600})).isEqualTo(0.0);
  }

  @Test
  void categoriesArePairedByNameAndANewCategoryCountsAsZeroInTheReference() {
    // from a=0.75 b=0.25 c=0 (-> 0.0001); to a=0.25 b=0.25 c=0.5:
    // (0.25 - 0.75) ln(1/3) + 0 + (0.5 - 0.0001) ln(0.5 / 0.0001)
    double psi = PopulationStability.psi(Map.of("a", 3L, "b", 1L), Map.of("c", 2L, "b", 1L, "a", 1L));
    assertThat(psi).isCloseTo(4.807051020723032, within(1e-12));
    assertThat(PopulationStability.psi(Map.of("b", 1L, "a", 3L), Map.of("a", 1L, "b", 1L, "c", 2L))).isEqualTo(psi);
  }

  @Test
  void noRowsOnEitherSideIsUndefined() {
    assertThat(PopulationStability.psi(new long[] {0, 0}, new long[] {1, 2})).isNaN();
    assertThat(PopulationStability.psi(Map.of("a", 5L), Map.of())).isNaN();
  }

  @Test
  void edgesAreTheSortedDistinctQuantilesAndBinsAreRightClosed() {
    double[] edges = PopulationStability.edges(new double[] {1, 1, 1, 3, 2, Double.NaN});
    assertThat(edges).containsExactly(1.0, 2.0, 3.0);
    assertThat(PopulationStability.bin(edges, -5)).isZero();
    assertThat(PopulationStability.bin(edges, 1.0)).isZero();
    assertThat(PopulationStability.bin(edges, 1.5)).isEqualTo(1);
    assertThat(PopulationStability.bin(edges, 3.0)).isEqualTo(2);
    assertThat(PopulationStability.bin(edges, 3.5)).isEqualTo(3);
    assertThat(PopulationStability.bin(new double[0], 42)).isZero();
    assertThat(PopulationStability.cutProbabilities()).containsExactly(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    assertThatThrownBy(() -> PopulationStability.psi(new long[] {1}, new long[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute PSI: 1 reference bins but 2 new bins");
    assertThatThrownBy(() -> PopulationStability.bin(new double[] {1}, Double.NaN))
        .hasMessage("Cannot bin NaN: missing values have their own bin");
  }
}
