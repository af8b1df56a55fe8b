package dev.assay.scorer.expr;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Spark's non-ANSI {@code CAST} between the {@link SqlType}s, ported from Spark 3.5 ({@code Cast},
 * {@code ToStringBase}, {@code UTF8String.toLong/toInt}, {@code StringUtils.isTrueString}): a string
 * that does not parse becomes null, a number out of range wraps (integral) or saturates first to int
 * or long (floating), numbers format with {@code toString} as Spark does.
 */
public final class Casts {
  private static final Set<String> TRUE_STRINGS = Set.of("t", "true", "y", "yes", "1");
  private static final Set<String> FALSE_STRINGS = Set.of("f", "false", "n", "no", "0");

  private Casts() {}

  /** {@code value} (of type {@code from}, or null) cast to {@code to}. */
  public static Object cast(Object value, SqlType from, SqlType to) {
    if (value == null || from == to) {
      return value;
    }
    return switch (to) {
      case STRING -> value.toString();
      case BOOLEAN -> toBoolean(value, from);
      case DOUBLE -> toDouble(value, from);
      case FLOAT -> toFloat(value, from);
      case BIGINT -> toLong(value, from);
      case INT, SMALLINT, TINYINT -> toInt(value, from, to);
    };
  }

  private static Object toBoolean(Object value, SqlType from) {
    if (from == SqlType.STRING) {
      String s = trimAll((String) value).toLowerCase(Locale.ROOT);
      return TRUE_STRINGS.contains(s) ? Boolean.TRUE : FALSE_STRINGS.contains(s) ? Boolean.FALSE : null;
    }
    if (from.floating()) {
      return ((Number) value).doubleValue() != 0;
    }
    return ((Number) value).longValue() != 0;
  }

  private static Object toDouble(Object value, SqlType from) {
    return switch (from) {
      case BOOLEAN -> (Boolean) value ? 1.0 : 0.0;
      case STRING -> parseFloating((String) value, false);
      case FLOAT -> (double) (Float) value;
      default -> (double) ((Number) value).longValue();
    };
  }

  private static Object toFloat(Object value, SqlType from) {
    return switch (from) {
      case BOOLEAN -> (Boolean) value ? 1.0f : 0.0f;
      case STRING -> parseFloating((String) value, true);
      case DOUBLE -> (float) (double) (Double) value;
      default -> (float) ((Number) value).longValue();
    };
  }

  private static Object toLong(Object value, SqlType from) {
    return switch (from) {
      case BOOLEAN -> (Boolean) value ? 1L : 0L;
      case STRING -> parseIntegral((String) value, Long.MIN_VALUE);
      case FLOAT, DOUBLE -> (long) ((Number) value).doubleValue();
      default -> ((Number) value).longValue();
    };
  }

  /** To int, smallint or tinyint: floating values go through (saturating) int, then wrap like longs. */
  private static Object toInt(Object value, SqlType from, SqlType to) {
    long wide;
    switch (from) {
      case BOOLEAN -> wide = (Boolean) value ? 1 : 0;
      case STRING -> {
        Long parsed = parseIntegral((String) value, Integer.MIN_VALUE);
        if (parsed == null) {
          return null;
        }
        wide = parsed;
        if (to == SqlType.SMALLINT && wide != (short) wide || to == SqlType.TINYINT && wide != (byte) wide) {
          return null;
        }
      }
      case FLOAT, DOUBLE -> wide = (int) ((Number) value).doubleValue();
      default -> wide = ((Number) value).longValue();
    }
    return switch (to) {
      case TINYINT -> (byte) wide;
      case SMALLINT -> (short) wide;
      default -> (int) wide;
    };
  }

  /**
   * {@code UTF8String.toLong} / {@code toInt} with a decimal part allowed (and dropped): surrounding
   * whitespace and ISO control bytes trimmed, an optional sign, digits; null on anything else or on
   * overflow below {@code min} (the negated magnitude is accumulated, as Spark does).
   */
  static Long parseIntegral(String text, long min) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int offset = 0;
    while (offset < bytes.length && blank(bytes[offset])) {
      offset++;
    }
    if (offset == bytes.length) {
      return null;
    }
    int end = bytes.length - 1;
    while (end > offset && blank(bytes[end])) {
      end--;
    }
    byte b = bytes[offset];
    boolean negative = b == '-';
    if (negative || b == '+') {
      if (end - offset == 0) {
        return null;
      }
      offset++;
    }
    long stopValue = min / 10;
    long result = 0;
    while (offset <= end) {
      b = bytes[offset];
      offset++;
      if (b == '.') {
        break;
      }
      if (b < '0' || b > '9') {
        return null;
      }
      if (result < stopValue) {
        return null;
      }
      result = result * 10 - (b - '0');
      if (result > 0 || result < min) {
        return null;
      }
    }
    while (offset <= end) {
      if (bytes[offset] < '0' || bytes[offset] > '9') {
        return null;
      }
      offset++;
    }
    if (!negative) {
      result = -result;
      if (result < 0 || result > -(min + 1)) {
        return null;
      }
    }
    return result;
  }

  /** {@code Double.parseDouble} / {@code Float.parseFloat}, then Spark's special literals, else null. */
  static Object parseFloating(String text, boolean isFloat) {
    try {
      return isFloat ? (Object) Float.parseFloat(text) : (Object) Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "inf", "+inf", "infinity", "+infinity" -> isFloat ? (Object) Float.POSITIVE_INFINITY
            : (Object) Double.POSITIVE_INFINITY;
        case "-inf", "-infinity" -> isFloat ? (Object) Float.NEGATIVE_INFINITY : (Object) Double.NEGATIVE_INFINITY;
        case "nan" -> isFloat ? (Object) Float.NaN : (Object) Double.NaN;
        default -> null;
      };
    }
  }

  /** {@code UTF8String.trimAll}: whitespace and ISO control bytes off both ends. */
  static String trimAll(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int start = 0;
    while (start < bytes.length && blank(bytes[start])) {
      start++;
    }
    int end = bytes.length;
    while (end > start && blank(bytes[end - 1])) {
      end--;
    }
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  /** Spark tests the signed byte, so bytes of multi-byte characters never count as blank. */
  private static boolean blank(byte b) {
    return Character.isWhitespace(b) || Character.isISOControl(b);
  }
}
