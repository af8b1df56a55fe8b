package dev.assay.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExactSumTest {

  @Test
  void emptySumIsPositiveZero() {
    assertThat(bits(new ExactSum().value())).isEqualTo(bits(0.0));
    assertThat(new ExactSum().exact()).isEqualByComparingTo(BigDecimal.ZERO);
    // An exact zero has no sign: order-independence beats IEEE's -0.0 + -0.0 = -0.0.
    assertThat(bits(sum(-0.0, -0.0))).isEqualTo(bits(0.0));
    assertThat(bits(sum(1.5, -1.5))).isEqualTo(bits(0.0));
  }

  @Test
  void twoValuesMatchIeeeAddition() {
    // One IEEE addition is correctly rounded, so for two operands the exact sum must agree with it.
    assertThat(bits(sum(0.1, 0.2))).isEqualTo(bits(0.1 + 0.2));  // a tie, rounded to even
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      double a = randomDouble(random);
      double b = random.nextInt(4) == 0 ? -a * random.nextDouble() : randomDouble(random);
      assertThat(bits(sum(a, b))).as("%s + %s", a, b).isEqualTo(bits(a + b));
    }
  }

  @Test
  void cancellationIsExact() {
    assertThat(sum(1e308, 1.0, -1e308)).isEqualTo(1.0);
    assertThat(sum(1e16, 1.0, -1e16)).isEqualTo(1.0);
    assertThat(sum(Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE))
        .isEqualTo(Double.MIN_VALUE);
    // An intermediate beyond the double range is fine: only the final value is rounded.
    assertThat(sum(Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE)).isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void roundsOnceToNearestEven() {
    double twoTo53 = 0x1p53;
    assertThat(sum(twoTo53, 1.0)).isEqualTo(twoTo53);            // tie: down to even
    assertThat(sum(twoTo53, 3.0)).isEqualTo(twoTo53 + 4.0);      // tie: up to even
    assertThat(sum(twoTo53, 1.0, 0x1p-100)).isEqualTo(twoTo53 + 2.0);  // sticky bit breaks the tie
    assertThat(sum(twoTo53, -1.0, -0x1p-100)).isEqualTo(twoTo53 - 1.0); // below 2^53 the spacing is 1
    // Rounding up the mantissa carries into the exponent: 2^53 - 1 + 0.5 ties to 2^53.
    assertThat(sum(twoTo53 - 1.0, 0.5)).isEqualTo(twoTo53);
  }

  @Test
  void subnormalsAndOverflow() {
    assertThat(sum(Double.MIN_VALUE, Double.MIN_VALUE, Double.MIN_VALUE)).isEqualTo(3 * Double.MIN_VALUE);
    assertThat(sum(Double.MIN_NORMAL, -Double.MIN_VALUE)).isEqualTo(Math.nextDown(Double.MIN_NORMAL));
    assertThat(sum(Double.MAX_VALUE, Double.MAX_VALUE)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(sum(-Double.MAX_VALUE, -Double.MAX_VALUE)).isEqualTo(Double.NEGATIVE_INFINITY);
    // Half an ulp above MAX_VALUE rounds to infinity; just below it rounds back to MAX_VALUE.
    double halfUlp = Math.ulp(Double.MAX_VALUE) / 2;
    assertThat(sum(Double.MAX_VALUE, halfUlp)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(sum(Double.MAX_VALUE, Math.nextDown(halfUlp))).isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void matchesBigDecimalOnRandomData() {
    Random random = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + random.nextInt(400);
      ExactSum sum = new ExactSum();
      BigDecimal expected = BigDecimal.ZERO;
      for (int i = 0; i < n; i++) {
        double x = trial % 3 == 0 ? randomDouble(random) : random.nextGaussian() * Math.pow(10,
            random.nextInt(40) - 20);
        sum.add(x);
        expected = expected.add(new BigDecimal(x));
      }
      assertThat(sum.exact()).as("trial %s", trial).isEqualByComparingTo(expected);
      assertThat(bits(sum.value())).as("trial %s", trial).isEqualTo(bits(expected.doubleValue()));
    }
  }

  @Test
  void anyOrderAndGroupingGivesIdenticalBits() {
    Random random = new Random(3);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      double x = random.nextGaussian() * Math.pow(2, random.nextInt(200) - 100);
      values.add(x);
      if (i % 10 == 0) {
        values.add(-x);  // cancellation
      }
    }
    values.add(Double.MIN_VALUE);
    values.add(1e300);
    values.add(-1e300);
    ExactSum reference = new ExactSum();
    values.forEach(reference::add);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(values, random);
      ExactSum merged = mergedInRandomGroups(values, random);
      assertThat(bits(merged.value())).isEqualTo(bits(reference.value()));
      assertThat(merged.exact()).isEqualTo(reference.exact());
    }
    // The naive double sum of the same values does depend on the order: the property is not free.
    assertThat(naiveSums(values, random)).hasSizeGreaterThan(1);
  }

  @Test
  void carryPropagationKeepsTheValue() {
    Random random = new Random(11);
    ExactSum often = new ExactSum(3);
    ExactSum rarely = new ExactSum();
    for (int i = 0; i < 20_000; i++) {
      double x = (random.nextBoolean() ? -1 : 1) * random.nextDouble() * Math.pow(2, random.nextInt(120) - 60);
      often.add(x);
      rarely.add(x);
    }
    assertThat(often.exact()).isEqualTo(rarely.exact());
    ExactSum negative = new ExactSum(7);
    for (int i = 0; i < 100_000; i++) {
      negative.add(-1.0);
    }
    assertThat(negative.value()).isEqualTo(-100_000.0);
  }

  @Test
  void rejectsNonFiniteValuesAndSelfMerge() {
    ExactSum sum = new ExactSum().add(1.0);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> sum.add(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot add " + bad + ": only finite values have an exact sum");
    }
    assertThat(sum.value()).isEqualTo(1.0);
    assertThatThrownBy(() -> sum.merge(sum)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mergeLeavesTheOtherSumUnchanged() {
    ExactSum a = new ExactSum().add(1.0).add(0x1p-60);
    ExactSum b = new ExactSum().add(2.0);
    assertThat(a.merge(b)).isSameAs(a);
    assertThat(a.exact()).isEqualByComparingTo(new BigDecimal(3.0).add(new BigDecimal(0x1p-60)));
    assertThat(b.value()).isEqualTo(2.0);
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ExactSum sum = new ExactSum().add(0.1).add(-1e-300).add(7e200);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(sum);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
      ExactSum copy = (ExactSum) in.readObject();
      assertThat(copy.exact()).isEqualTo(sum.exact());
      assertThat(copy.add(1.0).exact()).isEqualByComparingTo(sum.exact().add(BigDecimal.ONE));
    }
  }

  private static ExactSum mergedInRandomGroups(List<Double> values, Random random) {
    List<ExactSum> parts = new ArrayList<>();
    int i = 0;
    while (i < values.size()) {
      int end = Math.min(values.size(), i + 1 + random.nextInt(700));
      ExactSum part = new ExactSum();
      values.subList(i, end).forEach(part::add);
      parts.add(part);
      i = end;
    }
    while (parts.size() > 1) {
      ExactSum left = parts.remove(random.nextInt(parts.size()));
      ExactSum right = parts.remove(random.nextInt(parts.size()));
      parts.add(left.merge(right));
    }
    return parts.get(0);
  }

  private static Set<Long> naiveSums(List<Double> values, Random random) {
    Set<Long> seen = new HashSet<>();
    for (int round = 0; round < 5; round++) {
      Collections.shuffle(values, random);
      double naive = 0;
      for (double v : values) {
        naive += v;
      }
      seen.add(bits(naive));
    }
    return seen;
  }

  /** Any finite double, sign and exponent uniform, including subnormals. */
  private static double randomDouble(Random random) {
    double x;
    do {
      x = Double.longBitsToDouble(random.nextLong());
    } while (!Double.isFinite(x));
    return x;
  }

  private static double sum(double... values) {
    ExactSum sum = new ExactSum();
    for (double v : values) {
      sum.add(v);
    }
    return sum.value();
  }

  private static long bits(double x) {
    return Double.doubleToRawLongBits(x);
  }
}
