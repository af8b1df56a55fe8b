package dev.assay.scorer.features;

import dev.assay.scorer.expr.SqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * A request's value (as JSON gives it: a number, a string, a boolean or null) as the Java value of the input's
 * SQL type, the one Spark would have read from the table. Refuses what the column could not hold, so a server
 * answers "wrong type" instead of scoring a guess.
 */
public final class InputValues {
  private InputValues() {}

  /** {@code value} as a {@code type} value; what it cannot be is an {@link IllegalArgumentException} saying why. */
  public static Object coerce(Object value, SqlType type) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case DOUBLE -> floating(value, type);
      case FLOAT -> floating(value, type).floatValue();
      case BIGINT -> integral(value, type, Long.MIN_VALUE, Long.MAX_VALUE);
      case INT -> (int) integral(value, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case SMALLINT -> (short) integral(value, type, Short.MIN_VALUE, Short.MAX_VALUE);
      case TINYINT -> (byte) integral(value, type, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case STRING -> {
        if (!(value instanceof String s)) {
          throw new IllegalArgumentException("is a string column; got " + describe(value));
        }
        yield s;
      }
      case BOOLEAN -> {
        if (!(value instanceof Boolean b)) {
          throw new IllegalArgumentException("is a boolean column; got " + describe(value));
        }
        yield b;
      }
    };
  }

  /** JSON has no NaN or infinity: they arrive as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  private static Double floating(Object value, SqlType type) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "nan":
          return Double.NaN;
        case "infinity", "+infinity":
          return Double.POSITIVE_INFINITY;
        case "-infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("is a " + type.sparkName() + " column; got " + describe(value)
        + " (NaN and infinities as the strings \"NaN\", \"Infinity\", \"-Infinity\")");
  }

  private static long integral(Object value, SqlType type, long min, long max) {
    BigInteger i = null;
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      i = BigInteger.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger b) {
      i = b;
    } else if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
      i = d.toBigInteger();
    } else if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      i = BigDecimal.valueOf(d).toBigInteger();
    }
    if (i == null) {
      throw new IllegalArgumentException("is an integer column (" + type.sparkName() + "); got " + describe(value));
    }
    if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException("is a " + type.sparkName() + " column; " + i + " is out of its range ["
          + min + ", " + max + "]");
    }
    return i.longValue();
  }

  private static String describe(Object value) {
    return value instanceof String s ? "the string \"" + s + "\"" : value.getClass().getSimpleName().toLowerCase(
        Locale.ROOT) + " " + value;
  }
}
