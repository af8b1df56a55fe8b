package dev.assay.scorer.features;

import java.util.Locale;

/**
 * The two casts every packaged pipeline applies to a value, as Spark (ANSI off) applies them: to {@code double}
 * (numeric features, the feature vector) and to {@code string} (categorical features). A value is a Java
 * {@link Boolean}, {@link Number} or {@link String} as {@code dev.assay.scorer.expr.SqlType} maps SQL types, or
 * null.
 */
public final class Values {
  private Values() {}

  /** {@code CAST(v AS DOUBLE)}: numbers exactly as Java widens them, booleans 1/0, strings parsed (else null). */
  public static Double toDouble(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Float f) {
      return (double) f;
    }
    if (v instanceof Number n) {
      return (double) n.longValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    return parseDouble(v.toString());
  }

  /** {@code CAST(v AS STRING)}: Java's text of the value, as Spark writes it. */
  public static String toSqlString(Object v) {
    return v == null ? null : v.toString();
  }

  /** Spark's string to double: trimmed; {@code NaN}, {@code Infinity}, {@code inf} in any case; otherwise null. */
  private static Double parseDouble(String s) {
    String t = s.trim();
    switch (t.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "infinity", "+infinity", "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-infinity", "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
