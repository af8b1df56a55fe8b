package dev.assay.scorer.expr;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A derived column's Spark SQL expression as data: the tree Spark's analyzer made of it (implicit casts
 * explicit), each node with its result type, evaluated here without Spark to the same value Spark
 * computes with ANSI mode off. Data never makes evaluation throw: where Spark gives null or NaN, so
 * does {@link #eval}. Written as JSON by {@link ExprJson}, each node an object whose {@code op} names
 * its kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ExprNode.Lit.class, name = "lit"),
    @JsonSubTypes.Type(value = ExprNode.Col.class, name = "col"),
    @JsonSubTypes.Type(value = ExprNode.Cast.class, name = "cast"),
    @JsonSubTypes.Type(value = ExprNode.Arith.class, name = "arith"),
    @JsonSubTypes.Type(value = ExprNode.Neg.class, name = "neg"),
    @JsonSubTypes.Type(value = ExprNode.Cmp.class, name = "cmp"),
    @JsonSubTypes.Type(value = ExprNode.And.class, name = "and"),
    @JsonSubTypes.Type(value = ExprNode.Or.class, name = "or"),
    @JsonSubTypes.Type(value = ExprNode.Not.class, name = "not"),
    @JsonSubTypes.Type(value = ExprNode.Test.class, name = "test"),
    @JsonSubTypes.Type(value = ExprNode.If.class, name = "if"),
    @JsonSubTypes.Type(value = ExprNode.Case.class, name = "case"),
    @JsonSubTypes.Type(value = ExprNode.Coalesce.class, name = "coalesce"),
    @JsonSubTypes.Type(value = ExprNode.Extreme.class, name = "extreme"),
    @JsonSubTypes.Type(value = ExprNode.MathCall.class, name = "math"),
    @JsonSubTypes.Type(value = ExprNode.Round.class, name = "round")})
@JsonPropertyOrder({"type"})
public sealed interface ExprNode {
  /** The type of the value {@link #eval} returns. */
  SqlType type();

  /** The value for one row, whose column values {@code columns} gives by name (Java classes per SqlType). */
  Object eval(Function<String, Object> columns);

  /** {@code + - * / %} and {@code div} (integral division to bigint). */
  enum ArithOp {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), REMAINDER("%"), DIV("div");

    private final String symbol;

    ArithOp(String symbol) {
      this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
      return symbol;
    }
  }

  /** The comparisons; {@code <>} is {@code NOT (a = b)} in Spark's analyzed plan. */
  enum CmpOp {
    EQ("="), NULL_SAFE_EQ("<=>"), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    CmpOp(String symbol) {
      this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
      return symbol;
    }
  }

  /** The null tests: IS NULL, IS NOT NULL, isnan (false for null). */
  enum TestOp {
    IS_NULL("is_null"), IS_NOT_NULL("is_not_null"), IS_NAN("isnan");

    private final String symbol;

    TestOp(String symbol) {
      this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
      return symbol;
    }
  }

  /** Math functions, as Spark names them; {@code log} takes the base first. */
  enum MathFn {
    ABS, FLOOR, CEIL, LN, LOG, LOG10, LOG2, LOG1P, EXP, SQRT, POW, SIGNUM;

    @JsonValue
    public String sparkName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A constant, SQL NULL when {@code value} is null. */
  record Lit(SqlType type, @JsonDeserialize(using = ExprJson.RawScalar.class) Object value) implements ExprNode {
    public Lit {
      Objects.requireNonNull(type, "type");
      value = ExprJson.literal(type, value);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      return value;
    }
  }

  /** An input column, or a column derived before this one. */
  record Col(SqlType type, String name) implements ExprNode {
    public Col {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      return type.check(columns.apply(name), "column " + name);
    }
  }

  /** {@code CAST(child AS type)} without ANSI mode. */
  record Cast(SqlType type, ExprNode child) implements ExprNode {
    public Cast {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(child, "child");
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      return Casts.cast(child.eval(columns), child.type(), type);
    }
  }

  /** Binary arithmetic on operands of the node's type ({@code div}: bigint); null if either is null. */
  record Arith(SqlType type, ArithOp fn, ExprNode left, ExprNode right) implements ExprNode {
    public Arith {
      Nodes.require(type.numeric() && left.type() == type && right.type() == type
          && (fn != ArithOp.DIVIDE || type.floating()) && (fn != ArithOp.DIV || type == SqlType.BIGINT),
          "arith " + fn.symbol() + " of " + left.type() + " and " + right.type() + " to " + type);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object a = left.eval(columns);
      Object b = a == null ? null : right.eval(columns);
      return a == null || b == null ? null : Ops.arithmetic(fn, type, a, b);
    }
  }

  /** Unary minus. */
  record Neg(SqlType type, ExprNode child) implements ExprNode {
    public Neg {
      Nodes.require(type.numeric() && child.type() == type, "neg of " + child.type() + " to " + type);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object a = child.eval(columns);
      return a == null ? null : Ops.negate(type, a);
    }
  }

  /** A comparison of two operands of one type, by Spark's ordering ({@link Ops#compare}). */
  record Cmp(SqlType type, CmpOp fn, ExprNode left, ExprNode right) implements ExprNode {
    public Cmp {
      Nodes.require(type == SqlType.BOOLEAN && left.type() == right.type(),
          "cmp " + fn.symbol() + " of " + left.type() + " and " + right.type());
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object a = left.eval(columns);
      Object b = right.eval(columns);
      if (fn == CmpOp.NULL_SAFE_EQ) {
        return a == null || b == null ? a == b : Ops.compare(left.type(), a, b) == 0;
      }
      if (a == null || b == null) {
        return null;
      }
      int c = Ops.compare(left.type(), a, b);
      return switch (fn) {
        case EQ, NULL_SAFE_EQ -> c == 0;
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        case GE -> c >= 0;
      };
    }
  }

  /** Three-valued AND: false if either side is false, else null if either is null. */
  record And(SqlType type, ExprNode left, ExprNode right) implements ExprNode {
    public And {
      Nodes.requireBoolean(type, left, right);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object a = left.eval(columns);
      if (Boolean.FALSE.equals(a)) {
        return false;
      }
      Object b = right.eval(columns);
      return Boolean.FALSE.equals(b) ? Boolean.FALSE : a == null || b == null ? null : Boolean.TRUE;
    }
  }

  /** Three-valued OR: true if either side is true, else null if either is null. */
  record Or(SqlType type, ExprNode left, ExprNode right) implements ExprNode {
    public Or {
      Nodes.requireBoolean(type, left, right);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object a = left.eval(columns);
      if (Boolean.TRUE.equals(a)) {
        return true;
      }
      Object b = right.eval(columns);
      return Boolean.TRUE.equals(b) ? Boolean.TRUE : a == null || b == null ? null : Boolean.FALSE;
    }
  }

  /** NOT; null stays null. */
  record Not(SqlType type, ExprNode child) implements ExprNode {
    public Not {
      Nodes.requireBoolean(type, child, child);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object a = child.eval(columns);
      return a == null ? null : !(Boolean) a;
    }
  }

  /** IS NULL, IS NOT NULL and isnan: never null themselves. */
  record Test(SqlType type, TestOp fn, ExprNode child) implements ExprNode {
    public Test {
      Nodes.require(type == SqlType.BOOLEAN && (fn != TestOp.IS_NAN || child.type().floating()),
          fn.symbol() + " of " + child.type());
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object a = child.eval(columns);
      return switch (fn) {
        case IS_NULL -> a == null;
        case IS_NOT_NULL -> a != null;
        case IS_NAN -> a != null && Double.isNaN(((Number) a).doubleValue());
      };
    }
  }

  /** {@code if(cond, then, otherwise)}: a null condition takes {@code otherwise}. */
  record If(SqlType type, ExprNode cond, ExprNode then, ExprNode otherwise) implements ExprNode {
    public If {
      Nodes.require(cond.type() == SqlType.BOOLEAN && then.type() == type && otherwise.type() == type,
          "if of " + cond.type() + ", " + then.type() + ", " + otherwise.type() + " to " + type);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      return Boolean.TRUE.equals(cond.eval(columns)) ? then.eval(columns) : otherwise.eval(columns);
    }
  }

  /** One {@code WHEN cond THEN value} of a {@link Case}. */
  record When(ExprNode cond, ExprNode value) {
    public When {
      Nodes.require(cond.type() == SqlType.BOOLEAN, "when of " + cond.type());
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code CASE WHEN ... [ELSE otherwise] END}: the first true branch; none → otherwise, or null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Case(SqlType type, List<When> when, ExprNode otherwise) implements ExprNode {
    public Case {
      when = List.copyOf(when);
      Nodes.require(!when.isEmpty() && when.stream().allMatch(w -> w.value().type() == type)
          && (otherwise == null || otherwise.type() == type), "case to " + type);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      for (When w : when) {
        if (Boolean.TRUE.equals(w.cond().eval(columns))) {
          return w.value().eval(columns);
        }
      }
      return otherwise == null ? null : otherwise.eval(columns);
    }
  }

  /** The first non-null argument, or null. */
  record Coalesce(SqlType type, List<ExprNode> args) implements ExprNode {
    public Coalesce {
      args = Nodes.sameType(type, args, "coalesce");
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      for (ExprNode a : args) {
        Object v = a.eval(columns);
        if (v != null) {
          return v;
        }
      }
      return null;
    }
  }

  /**
   * {@code greatest} ({@code fn} "greatest") or {@code least}: nulls skipped, null only if all are; by
   * Spark's ordering, so NaN is the greatest; on a tie the earlier argument is kept.
   */
  record Extreme(SqlType type, String fn, List<ExprNode> args) implements ExprNode {
    public Extreme {
      Nodes.require("greatest".equals(fn) || "least".equals(fn), "extreme " + fn);
      args = Nodes.sameType(type, args, fn);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      int sign = "greatest".equals(fn) ? 1 : -1;
      Object best = null;
      for (ExprNode a : args) {
        Object v = a.eval(columns);
        if (v != null && (best == null || sign * Ops.compare(type, v, best) > 0)) {
          best = v;
        }
      }
      return best;
    }
  }

  /** A math function ({@link Ops#math}); null if an argument is null. */
  record MathCall(SqlType type, MathFn fn, List<ExprNode> args) implements ExprNode {
    public MathCall {
      args = List.copyOf(args);
      Nodes.checkMath(type, fn, args);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object[] values = new Object[args.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = args.get(i).eval(columns);
        if (values[i] == null) {
          return null;
        }
      }
      return Ops.math(fn, type, values);
    }
  }

  /** {@code round(child, scale)}, HALF_UP as Spark does it ({@link Ops#round}). */
  record Round(SqlType type, ExprNode child, int scale) implements ExprNode {
    public Round {
      Nodes.require(type.numeric() && child.type() == type && (type.floating() || scale >= 0),
          "round of " + child.type() + " to " + type + " at scale " + scale);
    }

    @Override
    public Object eval(Function<String, Object> columns) {
      Object a = child.eval(columns);
      return a == null ? null : Ops.round(type, a, scale);
    }
  }
}
