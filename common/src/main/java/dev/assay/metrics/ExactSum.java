package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * The exact sum of finite doubles, independent of addition order and of how partial sums are
 * grouped and merged: any permutation of the same values gives identical result bits. This is
 * what lets a sum computed over any Spark partitioning be bit-identical.
 *
 * <p>Every finite double is an integer multiple of 2<sup>-1074</sup> below 2<sup>2098</sup>, so
 * the sum is kept as that integer, in base-2<sup>32</sup> digits held in {@code long}s (a
 * "superaccumulator"). An {@link #add} touches three digits with integer adds and no allocation;
 * carries are propagated lazily. {@link #value()} rounds the exact sum once, to nearest, ties to
 * even; an exact zero is {@code +0.0}, and a sum beyond the double range rounds to an infinity.
 *
 * <p>Not thread-safe: use one instance per task and {@link #merge} the results.
 */
public final class ExactSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final long DIGIT_MASK = 0xFFFFFFFFL;
  private static final long FRACTION_MASK = (1L << 52) - 1;
  private static final long IMPLICIT_BIT = 1L << 52;
  private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
  private static final int UNIT_EXPONENT = -1074;
  // Adds reach digit 65 at most (bit 2097); two more digits absorb carries of any realistic count.
  private static final int DIGITS = 68;
  // One add moves a digit by less than 2^33, so 2^28 adds keep every digit below 2^61 and leave
  // room for a merge of two un-normalised accumulators.
  private static final int DEFAULT_ADDS_BEFORE_CARRY = 1 << 28;

  private final long[] digits = new long[DIGITS];
  private final int addsBeforeCarry;
  private int pendingAdds = 0;

  /** An empty sum (zero). */
  public ExactSum() {
    this(DEFAULT_ADDS_BEFORE_CARRY);
  }

  // Lets tests exercise carry propagation without 2^28 adds.
  ExactSum(int addsBeforeCarry) {
    Preconditions.checkArgument(addsBeforeCarry > 0 && addsBeforeCarry <= DEFAULT_ADDS_BEFORE_CARRY,
        "Cannot create ExactSum: carry interval %s outside (0, 2^28]", addsBeforeCarry);
    this.addsBeforeCarry = addsBeforeCarry;
  }

  /** Adds {@code x} exactly; returns this. */
  public ExactSum add(double x) {
    // Not Preconditions: this is the hot loop, and varargs would box x on every call.
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(String.format("Cannot add %s: only finite values have an exact sum", x));
    }
    long bits = Double.doubleToRawLongBits(x);
    int biasedExponent = (int) (bits >>> 52) & 0x7FF;
    long mantissa = biasedExponent == 0 ? bits & FRACTION_MASK : (bits & FRACTION_MASK) | IMPLICIT_BIT;
    if (mantissa == 0) {
      return this;
    }
    // x = mantissa * 2^(shift - 1074); subnormals share the exponent of the smallest normals.
    int shift = biasedExponent == 0 ? 0 : biasedExponent - 1;
    int index = shift >>> 5;
    int offset = shift & 31;
    long low = (mantissa & DIGIT_MASK) << offset;  // < 2^63
    long high = (mantissa >>> 32) << offset;       // < 2^52
    long d0 = low & DIGIT_MASK;
    long d1 = (low >>> 32) + (high & DIGIT_MASK);
    long d2 = high >>> 32;
    if (bits < 0) {
      digits[index] -= d0;
      digits[index + 1] -= d1;
      digits[index + 2] -= d2;
    } else {
      digits[index] += d0;
      digits[index + 1] += d1;
      digits[index + 2] += d2;
    }
    pendingAdds += 1;
    if (pendingAdds >= addsBeforeCarry) {
      normalize();
    }
    return this;
  }

  /** Adds the exact sum held by {@code other} (which is not changed); returns this. */
  public ExactSum merge(ExactSum other) {
    Preconditions.checkNotNull(other, "Cannot merge: other sum is null");
    Preconditions.checkArgument(other != this, "Cannot merge a sum into itself");
    normalize();
    for (int k = 0; k < DIGITS; k++) {
      digits[k] += other.digits[k];
    }
    normalize();
    return this;
  }

  /** The exact sum rounded once to the nearest double (ties to even). */
  public double value() {
    BigInteger units = units();
    int sign = units.signum();
    if (sign == 0) {
      return 0.0;
    }
    BigInteger magnitude = units.abs();
    // Keep the top 53 bits; below 2^53 units the value is exact (subnormal or smallest normal).
    int shift = Math.max(0, magnitude.bitLength() - 53);
    long kept = magnitude.shiftRight(shift).longValueExact();
    if (shift > 0 && magnitude.testBit(shift - 1)
        && ((kept & 1) == 1 || magnitude.getLowestSetBit() < shift - 1)) {
      kept += 1;
    }
    // kept carries the implicit bit, so adding it to shift << 52 also lifts the exponent by one,
    // and a round-up to 2^53 carries into the exponent by itself.
    long bits = ((long) shift << 52) + kept;
    double abs = bits >= INFINITY_BITS ? Double.POSITIVE_INFINITY : Double.longBitsToDouble(bits);
    return sign < 0 ? -abs : abs;
  }

  /** The exact sum as a decimal (finite: every double is a finite decimal). */
  public BigDecimal exact() {
    BigInteger units = units();
    if (units.signum() == 0) {
      return BigDecimal.ZERO;
    }
    int trailingZeros = units.getLowestSetBit();
    BigInteger odd = units.shiftRight(trailingZeros);
    int exponent = UNIT_EXPONENT + trailingZeros;
    if (exponent >= 0) {
      return new BigDecimal(odd.shiftLeft(exponent));
    }
    // odd * 2^-k == odd * 5^k / 10^k
    return new BigDecimal(odd.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
  }

  @Override
  public String toString() {
    return "ExactSum[" + value() + "]";
  }

  /** Propagates carries so that digits 0..n-2 are in [0, 2^32); the top digit keeps the sign. */
  private void normalize() {
    for (int k = 0; k < DIGITS - 1; k++) {
      long carry = digits[k] >> 32;  // floor division: works for negative digits too
      digits[k] &= DIGIT_MASK;
      digits[k + 1] += carry;
    }
    pendingAdds = 0;
  }

  /** The exact sum as an integer count of 2^-1074 units. */
  private BigInteger units() {
    normalize();
    ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * (DIGITS - 1));
    bytes.putLong(digits[DIGITS - 1]);
    for (int k = DIGITS - 2; k >= 0; k--) {
      bytes.putInt((int) digits[k]);
    }
    return new BigInteger(bytes.array());
  }
}
