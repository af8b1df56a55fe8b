package dev.assay.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;

/**
 * Random numbers as pure Spark SQL expressions of (seed, row id, salt).
 *
 * <p>{@code rand()} depends on the partition a row lands in; a hash of the row id does not, so
 * the same seed gives the same rows for any partitioning, cluster size or retry.
 */
final class HashRandom {
  /** 2^-53: turns the top 53 bits of a hash into a double in [0, 1) without rounding. */
  private static final double TWO_POW_MINUS_53 = 1.0 / (1L << 53);
  /** Keeps the second Box–Muller input independent of any salt the caller picks. */
  private static final int SECOND_SALT_OFFSET = 1_000_003;

  private final long seed;
  private final Column id;

  HashRandom(long seed, String idColumn) {
    this.seed = seed;
    this.id = col(idColumn);
  }

  /** Uniform in [0, 1), a different stream per salt. */
  Column uniform(int salt) {
    Column hash = xxhash64(lit(seed), id, lit(salt));
    return shiftrightunsigned(hash, 11).cast("double").multiply(TWO_POW_MINUS_53);
  }

  /** Standard normal by Box–Muller; {@code 1 - u} keeps the logarithm's argument in (0, 1]. */
  Column normal(int salt) {
    Column u1 = lit(1.0).minus(uniform(salt));
    Column u2 = uniform(salt + SECOND_SALT_OFFSET);
    return sqrt(log(u1).multiply(-2.0)).multiply(cos(u2.multiply(2 * Math.PI)));
  }

  /**
   * Poisson(lambda) by inverting its CDF, truncated at {@code maxK}: counts the CDF steps the
   * uniform lies above. Closed-form terms keep the expression O(maxK^2); pass column references
   * for both arguments so that Catalyst does not copy their whole expressions into every term.
   */
  static Column poisson(Column lambda, Column uniform, int maxK) {
    Column expMinusLambda = exp(lambda.multiply(-1.0));
    Column count = lit(0);
    double factorial = 1;
    Column cdf = expMinusLambda;
    for (int k = 1; k <= maxK; k++) {
      count = count.plus(when(uniform.geq(cdf), 1).otherwise(0));
      factorial *= k;
      cdf = cdf.plus(expMinusLambda.multiply(pow(lambda, k)).divide(factorial));
    }
    return count;
  }

  /**
   * Picks one of {@code values} with the given shares (summing to about 1; the last value takes
   * whatever is left).
   */
  Column categorical(int salt, String[] values, double[] shares) {
    Column u = uniform(salt);
    double cumulative = 0;
    Column result = null;
    for (int i = 0; i < values.length - 1; i++) {
      cumulative += shares[i];
      result = result == null
          ? when(u.lt(cumulative), values[i])
          : result.when(u.lt(cumulative), values[i]);
    }
    return result == null ? lit(values[0]) : result.otherwise(values[values.length - 1]);
  }
}
