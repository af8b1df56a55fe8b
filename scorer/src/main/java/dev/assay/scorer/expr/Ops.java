package dev.assay.scorer.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Spark's non-ANSI arithmetic, ordering and math functions on the {@link SqlType} values, with the
 * same Java calls Spark 3.5 makes (checked against its bytecode and generated code): integral
 * overflow wraps at the type's width, division and remainder by zero give null, logarithms give null
 * outside their domain, {@code java.lang.StrictMath} where Spark uses it.
 */
final class Ops {
  private Ops() {}

  /** {@code a op b} for non-null operands of {@code type}; null where Spark gives null. */
  static Object arithmetic(ExprNode.ArithOp op, SqlType type, Object a, Object b) {
    if (type.floating()) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      if ((op == ExprNode.ArithOp.DIVIDE || op == ExprNode.ArithOp.REMAINDER) && y == 0) {
        return null;
      }
      if (type == SqlType.FLOAT) {
        float p = (Float) a;
        float q = (Float) b;
        return switch (op) {
          case ADD -> p + q;
          case SUBTRACT -> p - q;
          case MULTIPLY -> p * q;
          case DIVIDE -> p / q;
          case REMAINDER -> p % q;
          case DIV -> throw new IllegalStateException("div on float");
        };
      }
      return switch (op) {
        case ADD -> x + y;
        case SUBTRACT -> x - y;
        case MULTIPLY -> x * y;
        case DIVIDE -> x / y;
        case REMAINDER -> x % y;
        case DIV -> throw new IllegalStateException("div on double");
      };
    }
    long x = ((Number) a).longValue();
    long y = ((Number) b).longValue();
    if ((op == ExprNode.ArithOp.DIVIDE || op == ExprNode.ArithOp.REMAINDER || op == ExprNode.ArithOp.DIV)
        && y == 0) {
      return null;
    }
    long r = switch (op) {
      case ADD -> x + y;
      case SUBTRACT -> x - y;
      case MULTIPLY -> x * y;
      case DIVIDE, DIV -> x / y;
      case REMAINDER -> x % y;
    };
    return narrow(r, type);
  }

  /** {@code -a} for a non-null operand; integral negation wraps ({@code -MIN_VALUE} is MIN_VALUE). */
  static Object negate(SqlType type, Object a) {
    return switch (type) {
      case FLOAT -> -(Float) a;
      case DOUBLE -> -(Double) a;
      default -> narrow(-((Number) a).longValue(), type);
    };
  }

  /** {@code abs(a)}; {@code abs(MIN_VALUE)} is MIN_VALUE as in Spark without ANSI mode. */
  static Object abs(SqlType type, Object a) {
    return switch (type) {
      case FLOAT -> Math.abs((Float) a);
      case DOUBLE -> Math.abs((Double) a);
      default -> {
        long x = ((Number) a).longValue();
        yield narrow(x < 0 ? -x : x, type);
      }
    };
  }

  /** The long {@code r} wrapped to the integral {@code type}'s width. */
  static Object narrow(long r, SqlType type) {
    return switch (type) {
      case TINYINT -> (byte) r;
      case SMALLINT -> (short) r;
      case INT -> (int) r;
      case BIGINT -> r;
      default -> throw new IllegalStateException("not integral: " + type);
    };
  }

  /**
   * Spark's ordering of two non-null values of one type: NaN equals NaN and is above every other
   * value, {@code -0.0} equals {@code 0.0}, strings compare by their UTF-8 bytes (code point order,
   * which Java's UTF-16 {@code compareTo} is not above U+FFFF), false below true.
   */
  static int compare(SqlType type, Object a, Object b) {
    return switch (type) {
      case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
      case FLOAT, DOUBLE -> {
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        yield x == y ? 0 : Double.compare(x, y);
      }
      case STRING -> compareCodePoints((String) a, (String) b);
      default -> Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    };
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** A one- or two-argument math function of non-null arguments; null where Spark gives null. */
  static Object math(ExprNode.MathFn fn, SqlType type, Object[] args) {
    return switch (fn) {
      case ABS -> abs(type, args[0]);
      case FLOOR, CEIL -> type == SqlType.BIGINT && args[0] instanceof Long ? args[0]
          : (Object) (long) (fn == ExprNode.MathFn.FLOOR ? Math.floor(d(args[0])) : Math.ceil(d(args[0])));
      case LN -> d(args[0]) <= 0 ? null : (Object) StrictMath.log(d(args[0]));
      case LOG10 -> d(args[0]) <= 0 ? null : (Object) StrictMath.log10(d(args[0]));
      case LOG2 -> d(args[0]) <= 0 ? null : (Object) (StrictMath.log(d(args[0])) / StrictMath.log(2));
      case LOG1P -> d(args[0]) <= -1 ? null : (Object) StrictMath.log1p(d(args[0]));
      case LOG -> d(args[0]) <= 0 || d(args[1]) <= 0 ? null
          : (Object) (StrictMath.log(d(args[1])) / StrictMath.log(d(args[0])));
      case EXP -> StrictMath.exp(d(args[0]));
      case SQRT -> Math.sqrt(d(args[0]));
      case POW -> StrictMath.pow(d(args[0]), d(args[1]));
      case SIGNUM -> Math.signum(d(args[0]));
    };
  }

  /**
   * Spark's {@code round(x, scale)} (HALF_UP): a double goes through its shortest decimal text
   * ({@code BigDecimal.valueOf}), not its exact binary value, so {@code round(2.675, 2)} is 2.68; a float
   * is widened to double first; NaN and the infinities stay; integral values with a scale of 0 or more
   * are unchanged.
   */
  static Object round(SqlType type, Object a, int scale) {
    return switch (type) {
      case DOUBLE -> {
        double x = (Double) a;
        yield Double.isNaN(x) || Double.isInfinite(x) ? x
            : BigDecimal.valueOf(x).setScale(scale, RoundingMode.HALF_UP).doubleValue();
      }
      case FLOAT -> {
        float x = (Float) a;
        yield Float.isNaN(x) || Float.isInfinite(x) ? x
            : BigDecimal.valueOf(x).setScale(scale, RoundingMode.HALF_UP).floatValue();
      }
      default -> a;
    };
  }

  private static double d(Object value) {
    return ((Number) value).doubleValue();
  }
}
