package dev.assay.drift;

import dev.assay.errors.Preconditions;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * The population stability index (PSI) of one feature between a reference ("from") and a new
 * ("to") version, from integer counts per bin or category. No Spark here, so the arithmetic is
 * unit-tested in microseconds.
 *
 * <p>{@code PSI = sum over bins of (to_share - from_share) * ln(to_share / from_share)}. A share of
 * zero would make the logarithm infinite, so every share is floored at {@link #EPSILON} (shares are
 * not renormalized afterwards). Bins are summed in sorted key order, so the value does not depend on
 * the order the counts arrived in. Usual reading: below 0.1 no real change, 0.1 to 0.25 moderate,
 * above 0.25 a major shift.
 */
public final class PopulationStability {
  /** The floor of a bin share: 0.0001, i.e. a bin empty in one version counts as 0.01 % of it. */
  public static final double EPSILON = 1e-4;

  /** Numeric features are cut into (at most) this many bins at the reference version's deciles. */
  public static final int BINS = 10;

  private PopulationStability() {}

  /** The quantile probabilities whose values cut the reference into {@link #BINS} bins: 0.1 .. 0.9. */
  public static double[] cutProbabilities() {
    double[] p = new double[BINS - 1];
    for (int i = 1; i < BINS; i++) {
      p[i - 1] = i / (double) BINS;
    }
    return p;
  }

  /**
   * Bin edges from the reference quantiles: sorted, duplicates removed (a value that fills several
   * deciles, such as 0 for a count column, makes one bin, not several empty ones), NaN dropped.
   */
  public static double[] edges(double[] quantiles) {
    return Arrays.stream(quantiles).filter(q -> !Double.isNaN(q)).sorted().distinct().toArray();
  }

  /**
   * The bin of {@code value}: bins are right-closed, {@code (-inf, e0], (e0, e1], ..., (e_last, +inf)},
   * so the result is in {@code 0..edges.length}.
   */
  public static int bin(double[] edges, double value) {
    Preconditions.checkArgument(!Double.isNaN(value), "Cannot bin NaN: missing values have their own bin");
    int i = 0;
    while (i < edges.length && value > edges[i]) {
      i++;
    }
    return i;
  }

  /** PSI from counts per bin; both arrays index the same bins. NaN when either side has no rows. */
  public static double psi(long[] from, long[] to) {
    Preconditions.checkArgument(from.length == to.length, "Cannot compute PSI: %s reference bins but %s new bins",
        from.length, to.length);
    long fromTotal = total(from);
    long toTotal = total(to);
    if (fromTotal == 0 || toTotal == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < from.length; i++) {
      sum += term(from[i], fromTotal, to[i], toTotal);
    }
    return sum;
  }

  /**
   * PSI from counts per bin or category name; a name missing on one side counts as zero there.
   * Used for categorical features (category shares) and numeric ones (bin labels).
   */
  public static double psi(Map<String, Long> from, Map<String, Long> to) {
    TreeSet<String> keys = new TreeSet<>(from.keySet());
    keys.addAll(to.keySet());
    long[] a = new long[keys.size()];
    long[] b = new long[keys.size()];
    int i = 0;
    for (String k : keys) {
      a[i] = from.getOrDefault(k, 0L);
      b[i] = to.getOrDefault(k, 0L);
      i++;
    }
    return psi(a, b);
  }

  private static double term(long fromCount, long fromTotal, long toCount, long toTotal) {
    double e = Math.max((double) fromCount / fromTotal, EPSILON);
    double a = Math.max((double) toCount / toTotal, EPSILON);
    return (a - e) * Math.log(a / e);
  }

  private static long total(long[] counts) {
    long t = 0;
    for (long c : counts) {
      Preconditions.checkArgument(c >= 0, "Cannot compute PSI: negative count %s", c);
      t += c;
    }
    return t;
  }
}
