package dev.assay.scorer.features;

import dev.assay.scorer.expr.Casts;
import dev.assay.scorer.expr.SqlType;

/**
 * The two casts every packaged pipeline applies to a value, with Spark's (ANSI off) semantics from
 * {@link Casts}: to {@code double} (numeric features, the feature vector) and to {@code string} (categorical
 * features). A value is null or the Java value of one of the {@link SqlType}s.
 */
public final class Values {
  private Values() {}

  /** {@code CAST(v AS DOUBLE)}. */
  public static Double toDouble(Object v) {
    return v == null ? null : (Double) Casts.cast(v, SqlType.ofValue(v), SqlType.DOUBLE);
  }

  /** {@code CAST(v AS STRING)}. */
  public static String toSqlString(Object v) {
    return v == null ? null : (String) Casts.cast(v, SqlType.ofValue(v), SqlType.STRING);
  }
}
