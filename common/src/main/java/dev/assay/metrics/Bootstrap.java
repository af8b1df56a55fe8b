package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

/**
 * Poisson(1) bootstrap: row weights and percentile intervals, as pure functions so that a
 * confidence interval is as reproducible as the point value it brackets.
 *
 * <p><b>Weights.</b> The weight of a row in replicate {@code b} is a Poisson(1) draw by inverse
 * CDF from a 64-bit hash of (seed, b, row hash), where the row hash identifies the row (the id
 * column, or a hash of all used columns): it depends on the row alone, never on partitioning or
 * order, so every replicate is a fixed integer-weighted multiset of the rows. Rows with equal
 * row hashes (duplicate rows without an id) get equal weights in every replicate.
 *
 * <p><b>Interval.</b> Over the {@code m} replicate values sorted ascending ({@link Double#compare}),
 * with {@code alpha = (1 - confidence) / 2} taken in decimal from the confidence as written,
 * {@code lo = floor(alpha * (m - 1))}: the interval is {@code [v[lo], v[m - 1 - lo]]}, symmetric
 * in rank and rounded outward (for m = 200 at 0.95: v[4] and v[195]). If the metric is
 * undefined in any replicate (a resample without positives, say), the interval is undefined
 * (null): a percentile over the replicates where it happens to exist would be biased.
 */
public final class Bootstrap {
  /** Poisson(1) CDF at 0, 1, 2, ...: P(K <= k), up to where it rounds to 1. */
  private static final double[] POISSON_CDF = poissonCdf();

  private Bootstrap() {}

  /** The weight (0, 1, 2, ...) of the row with hash {@code rowHash} in replicate {@code replicate}. */
  public static int weight(long seed, int replicate, long rowHash) {
    return weight(replicateKey(seed, replicate), rowHash);
  }

  /** The part of {@link #weight(long, int, long)} that depends on seed and replicate only. */
  public static long replicateKey(long seed, int replicate) {
    return mix(mix(seed) ^ replicate);
  }

  /** {@link #weight(long, int, long)} from a precomputed {@link #replicateKey}. */
  public static int weight(long replicateKey, long rowHash) {
    long h = mix(replicateKey ^ rowHash);
    double u = (h >>> 11) * 0x1.0p-53;
    int k = 0;
    while (k < POISSON_CDF.length && u >= POISSON_CDF[k]) {
      k++;
    }
    return k;
  }

  /**
   * The index {@code lo} of the lower bound among {@code m} sorted replicate values; the upper
   * bound is at {@code m - 1 - lo}.
   */
  public static int lowerIndex(int m, double confidence) {
    Preconditions.checkArgument(m > 0, "Cannot pick a percentile of %s values", m);
    Preconditions.checkArgument(confidence > 0 && confidence < 1,
        "Cannot compute an interval: confidence %s is not in (0, 1)", confidence);
    BigDecimal alpha = BigDecimal.ONE.subtract(new BigDecimal(Double.toString(confidence)))
        .divide(BigDecimal.valueOf(2));
    return alpha.multiply(BigDecimal.valueOf(m - 1L)).setScale(0, RoundingMode.FLOOR).intValueExact();
  }

  /**
   * The percentile interval {low, high} of one metric over its replicate values (one per
   * replicate, in any order), or null if any replicate is undefined.
   */
  public static double[] interval(List<MetricValue> replicates, double confidence) {
    Preconditions.checkArgument(!replicates.isEmpty(), "Cannot compute an interval without replicates");
    double[] v = new double[replicates.size()];
    for (int i = 0; i < v.length; i++) {
      MetricValue r = replicates.get(i);
      if (!r.isOk()) {
        return null;
      }
      v[i] = r.value();
    }
    Arrays.sort(v);
    int lo = lowerIndex(v.length, confidence);
    return new double[] {v[lo], v[v.length - 1 - lo]};
  }

  /** Murmur3's 64-bit finalizer: a bijection that spreads every input bit over the output. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  private static double[] poissonCdf() {
    double[] cdf = new double[40];
    double p = StrictMath.exp(-1.0);
    double c = 0.0;
    int n = 0;
    for (int k = 0; k < cdf.length; k++) {
      c += p;
      if (c >= 1.0) {
        break;
      }
      cdf[n++] = c;
      p = p / (k + 1);
    }
    return Arrays.copyOf(cdf, n);
  }
}
