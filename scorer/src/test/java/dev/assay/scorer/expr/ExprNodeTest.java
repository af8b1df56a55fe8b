package dev.assay.scorer.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.scorer.expr.ExprNode.ArithOp;
import dev.assay.scorer.expr.ExprNode.CmpOp;
import dev.assay.scorer.expr.ExprNode.MathFn;
import dev.assay.scorer.expr.ExprNode.TestOp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every node kind through JSON and back, and Spark's null, NaN, overflow and zero-division rules. */
class ExprNodeTest {
  static final SqlType D = SqlType.DOUBLE;
  static final SqlType I = SqlType.INT;
  static final SqlType B = SqlType.BOOLEAN;

  static ExprNode lit(SqlType type, Object value) {
    return new ExprNode.Lit(type, value);
  }

  static ExprNode dbl(double value) {
    return lit(D, value);
  }

  static ExprNode col(SqlType type, String name) {
    return new ExprNode.Col(type, name);
  }

  static Object eval(ExprNode node) {
    Map<String, Object> row = new HashMap<>();
    row.put("x", 2.5);
    row.put("n", null);
    row.put("i", 7);
    return node.eval(row::get);
  }

  static Object arith(SqlType type, ArithOp op, Object a, Object b) {
    return eval(new ExprNode.Arith(type, op, lit(type, a), lit(type, b)));
  }

  static Object cmp(SqlType type, CmpOp op, Object a, Object b) {
    return eval(new ExprNode.Cmp(B, op, lit(type, a), lit(type, b)));
  }

  static Object math(MathFn fn, SqlType type, ExprNode... args) {
    return eval(new ExprNode.MathCall(type, fn, List.of(args)));
  }

  static Object cast(SqlType from, Object value, SqlType to) {
    return eval(new ExprNode.Cast(to, lit(from, value)));
  }

  @Test
  void everyNodeKindRoundTripsThroughJson() {
    ExprNode bool = new ExprNode.Cmp(B, CmpOp.GT, col(D, "x"), dbl(1));
    List<ExprNode> nodes = List.of(
        lit(D, Double.NaN), lit(D, -0.0), lit(D, Double.NEGATIVE_INFINITY), lit(SqlType.FLOAT, 0.1f),
        lit(SqlType.BIGINT, Long.MAX_VALUE), lit(SqlType.TINYINT, (byte) -128), lit(SqlType.SMALLINT, (short) 9),
        lit(SqlType.STRING, "a \"q\" ü"), lit(B, true), lit(I, null), col(I, "i"),
        new ExprNode.Cast(SqlType.STRING, col(D, "x")),
        new ExprNode.Arith(D, ArithOp.DIVIDE, col(D, "x"), dbl(0)), new ExprNode.Neg(I, col(I, "i")),
        bool, new ExprNode.And(B, bool, lit(B, null)), new ExprNode.Or(B, bool, bool), new ExprNode.Not(B, bool),
        new ExprNode.Test(B, TestOp.IS_NAN, col(D, "x")), new ExprNode.If(D, bool, dbl(1), dbl(2)),
        new ExprNode.Case(I, List.of(new ExprNode.When(bool, lit(I, 1))), null),
        new ExprNode.Case(I, List.of(new ExprNode.When(bool, lit(I, 1))), lit(I, 0)),
        new ExprNode.Coalesce(D, List.of(col(D, "n"), dbl(3))),
        new ExprNode.Extreme(D, "greatest", List.of(col(D, "x"), dbl(Double.NaN))),
        new ExprNode.MathCall(D, MathFn.LOG, List.of(dbl(2), col(D, "x"))),
        new ExprNode.Round(D, col(D, "x"), 1));
    for (ExprNode node : nodes) {
      String json = ExprJson.write(node);
      assertThat(ExprJson.read(json)).as(json).isEqualTo(node);
    }
    assertThat(ExprJson.write(new ExprNode.Arith(D, ArithOp.DIVIDE, col(D, "x"), dbl(0.5)))).isEqualTo(
        "{\"op\":\"arith\",\"type\":\"double\",\"fn\":\"/\",\"left\":{\"op\":\"col\",\"type\":\"double\","
            + "\"name\":\"x\"},\"right\":{\"op\":\"lit\",\"type\":\"double\",\"value\":0.5}}");
  }

  @Test
  void badJsonAndMistypedTreesFailNamingTheProblem() {
    assertThatThrownBy(() -> ExprJson.read("{\"op\":\"nope\"}")).hasMessageStartingWith("Cannot read expression");
    assertThatThrownBy(() -> new ExprNode.Arith(D, ArithOp.ADD, col(I, "i"), dbl(1)))
        .hasMessageStartingWith("Cannot build expression node arith + of INT and DOUBLE to DOUBLE");
    assertThatThrownBy(() -> SqlType.of("decimal(10,2)")).hasMessageStartingWith("Cannot compute with Spark type");
    assertThatThrownBy(() -> eval(col(SqlType.BIGINT, "i"))).hasMessageStartingWith("Cannot evaluate column i");
  }

  @Test
  void arithmeticWrapsAndDivisionByZeroIsNull() {
    assertThat(arith(I, ArithOp.ADD, Integer.MAX_VALUE, 1)).isEqualTo(Integer.MIN_VALUE);
    assertThat(arith(SqlType.TINYINT, ArithOp.MULTIPLY, (byte) 100, (byte) 3)).isEqualTo((byte) 44);
    assertThat(arith(SqlType.BIGINT, ArithOp.SUBTRACT, Long.MIN_VALUE, 1L)).isEqualTo(Long.MAX_VALUE);
    assertThat(arith(D, ArithOp.DIVIDE, 1.0, 0.0)).isNull();
    assertThat(arith(D, ArithOp.DIVIDE, 1.0, -0.0)).isNull();
    assertThat(arith(D, ArithOp.DIVIDE, 0.0, Double.NaN)).isEqualTo(Double.NaN);
    assertThat(arith(I, ArithOp.REMAINDER, 7, 0)).isNull();
    assertThat(arith(D, ArithOp.REMAINDER, -7.5, 2.0)).isEqualTo(-1.5);
    assertThat(arith(SqlType.BIGINT, ArithOp.DIV, Long.MIN_VALUE, -1L)).isEqualTo(Long.MIN_VALUE);
    assertThat(arith(SqlType.BIGINT, ArithOp.DIV, 7L, 0L)).isNull();
    assertThat(arith(I, ArithOp.ADD, null, 1)).isNull();
    assertThat(eval(new ExprNode.Neg(I, lit(I, Integer.MIN_VALUE)))).isEqualTo(Integer.MIN_VALUE);
    assertThat(math(MathFn.ABS, SqlType.TINYINT, lit(SqlType.TINYINT, (byte) -128))).isEqualTo((byte) -128);
  }

  @Test
  void comparisonsFollowSparkOrdering() {
    assertThat(cmp(D, CmpOp.EQ, Double.NaN, Double.NaN)).isEqualTo(true);
    assertThat(cmp(D, CmpOp.GT, Double.NaN, Double.POSITIVE_INFINITY)).isEqualTo(true);
    assertThat(cmp(D, CmpOp.EQ, 0.0, -0.0)).isEqualTo(true);
    assertThat(cmp(D, CmpOp.LT, null, 1.0)).isNull();
    assertThat(cmp(D, CmpOp.NULL_SAFE_EQ, null, null)).isEqualTo(true);
    assertThat(cmp(D, CmpOp.NULL_SAFE_EQ, null, 1.0)).isEqualTo(false);
    assertThat(cmp(SqlType.STRING, CmpOp.LT, "\uFF5A", "\uD834\uDD1E")).as("code point order").isEqualTo(true);
    assertThat(cmp(B, CmpOp.LT, false, true)).isEqualTo(true);
    assertThat(eval(new ExprNode.Extreme(D, "greatest", List.of(dbl(1), lit(D, null), dbl(Double.NaN)))))
        .isEqualTo(Double.NaN);
    assertThat(eval(new ExprNode.Extreme(D, "least", List.of(dbl(-0.0), dbl(0.0))))).isEqualTo(-0.0);
    assertThat(eval(new ExprNode.Extreme(D, "least", List.of(lit(D, null))))).isNull();
  }

  @Test
  void logicIsThreeValued() {
    ExprNode t = lit(B, true);
    ExprNode f = lit(B, false);
    ExprNode n = lit(B, null);
    assertThat(eval(new ExprNode.And(B, n, f))).isEqualTo(false);
    assertThat(eval(new ExprNode.And(B, n, t))).isNull();
    assertThat(eval(new ExprNode.Or(B, n, t))).isEqualTo(true);
    assertThat(eval(new ExprNode.Or(B, f, n))).isNull();
    assertThat(eval(new ExprNode.Not(B, n))).isNull();
    assertThat(eval(new ExprNode.If(I, n, lit(I, 1), lit(I, 2)))).isEqualTo(2);
    assertThat(eval(new ExprNode.Case(I, List.of(new ExprNode.When(n, lit(I, 1))), null))).isNull();
    assertThat(eval(new ExprNode.Test(B, TestOp.IS_NAN, lit(D, null)))).isEqualTo(false);
    assertThat(eval(new ExprNode.Test(B, TestOp.IS_NULL, col(D, "n")))).isEqualTo(true);
  }

  @Test
  void mathGivesNullOrNaNOutsideItsDomain() {
    assertThat(math(MathFn.LN, D, dbl(0))).isNull();
    assertThat(math(MathFn.LN, D, dbl(Double.NaN))).isEqualTo(Double.NaN);
    assertThat(math(MathFn.LOG1P, D, dbl(-1))).isNull();
    assertThat(math(MathFn.LOG, D, dbl(-2), dbl(8))).isNull();
    assertThat(math(MathFn.SQRT, D, dbl(-4))).isEqualTo(Double.NaN);
    assertThat(math(MathFn.LOG2, D, dbl(8))).isEqualTo(StrictMath.log(8) / StrictMath.log(2));
    assertThat(math(MathFn.FLOOR, SqlType.BIGINT, dbl(Double.NaN))).isEqualTo(0L);
    assertThat(math(MathFn.CEIL, SqlType.BIGINT, dbl(1e300))).isEqualTo(Long.MAX_VALUE);
    assertThat(math(MathFn.SIGNUM, D, dbl(-0.0))).isEqualTo(-0.0);
    assertThat(eval(new ExprNode.Round(D, dbl(2.675), 2))).as("via the decimal text, not binary").isEqualTo(2.68);
    assertThat(eval(new ExprNode.Round(D, dbl(-2.5), 0))).isEqualTo(-3.0);
    assertThat(eval(new ExprNode.Round(D, dbl(Double.NaN), 2))).isEqualTo(Double.NaN);
  }

  @Test
  void castsFollowSparkWithoutAnsiMode() {
    SqlType s = SqlType.STRING;
    assertThat(cast(s, " 42 ", I)).isEqualTo(42);
    assertThat(cast(s, "1.9", I)).isEqualTo(1);
    assertThat(cast(s, "-0.5", SqlType.BIGINT)).isEqualTo(0L);
    assertThat(cast(s, "2147483648", I)).isNull();
    assertThat(cast(s, "300", SqlType.TINYINT)).isNull();
    assertThat(cast(s, "abc", I)).isNull();
    assertThat(cast(s, "1e3", I)).isNull();
    assertThat(cast(s, "1e3", D)).isEqualTo(1000.0);
    assertThat(cast(s, "-Inf", D)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(cast(s, "junk", D)).isNull();
    assertThat(cast(s, " Yes\t", B)).isEqualTo(true);
    assertThat(cast(s, "maybe", B)).isNull();
    assertThat(cast(D, Double.NaN, I)).isEqualTo(0);
    assertThat(cast(D, 1e10, I)).isEqualTo(Integer.MAX_VALUE);
    assertThat(cast(D, 1e10, SqlType.SMALLINT)).isEqualTo((short) -1);
    assertThat(cast(SqlType.BIGINT, 4_294_967_297L, I)).isEqualTo(1);
    assertThat(cast(D, Double.NaN, B)).isEqualTo(true);
    assertThat(cast(D, 1e-5, s)).isEqualTo("1.0E-5");
    assertThat(cast(SqlType.FLOAT, 0.1f, D)).isEqualTo((double) 0.1f);
    assertThat(cast(B, true, s)).isEqualTo("true");
    assertThat(cast(I, null, s)).isNull();
  }
}
