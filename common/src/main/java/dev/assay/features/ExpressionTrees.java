package dev.assay.features;

import static org.apache.spark.sql.functions.expr;

import dev.assay.scorer.expr.ExprNode;
import dev.assay.scorer.expr.ExprNode.ArithOp;
import dev.assay.scorer.expr.ExprNode.CmpOp;
import dev.assay.scorer.expr.ExprNode.MathFn;
import dev.assay.scorer.expr.ExprNode.TestOp;
import dev.assay.scorer.expr.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Abs;
import org.apache.spark.sql.catalyst.expressions.Add;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BinaryArithmetic;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Ceil;
import org.apache.spark.sql.catalyst.expressions.Coalesce;
import org.apache.spark.sql.catalyst.expressions.Divide;
import org.apache.spark.sql.catalyst.expressions.EqualNullSafe;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.EulerNumber;
import org.apache.spark.sql.catalyst.expressions.Exp;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Floor;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Greatest;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.IntegralDivide;
import org.apache.spark.sql.catalyst.expressions.IsNaN;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.Least;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Log;
import org.apache.spark.sql.catalyst.expressions.Log10;
import org.apache.spark.sql.catalyst.expressions.Log1p;
import org.apache.spark.sql.catalyst.expressions.Log2;
import org.apache.spark.sql.catalyst.expressions.Logarithm;
import org.apache.spark.sql.catalyst.expressions.Multiply;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.NullIf;
import org.apache.spark.sql.catalyst.expressions.Nvl;
import org.apache.spark.sql.catalyst.expressions.Nvl2;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.Pow;
import org.apache.spark.sql.catalyst.expressions.Remainder;
import org.apache.spark.sql.catalyst.expressions.RuntimeReplaceable;
import org.apache.spark.sql.catalyst.expressions.Round;
import org.apache.spark.sql.catalyst.expressions.Signum;
import org.apache.spark.sql.catalyst.expressions.Sqrt;
import org.apache.spark.sql.catalyst.expressions.Subtract;
import org.apache.spark.sql.catalyst.expressions.UnaryMinus;
import org.apache.spark.sql.catalyst.expressions.UnaryPositive;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Translates a derived column's Spark SQL into an {@link ExprNode} tree for the Spark-free scorer. The
 * tree is Spark's own analyzed expression (type coercion done, so every implicit cast is an explicit
 * node), walked node by node; a node or type the scorer cannot compute bit-identically fails the export
 * with {@link Unsupported} rather than being approximated. Casts of literals are folded with Spark's own
 * cast, as Spark's optimizer folds them, so {@code x * 0.5} (a decimal literal cast to double) exports
 * as the double Spark computes with.
 */
public final class ExpressionTrees {
  /** The SQL functions and operators a tree may use, for messages. */
  public static final String SUPPORTED = "+, -, *, /, %, div, unary - and +, =, <=>, <>, !=, <, <=, >, >=, "
      + "and, or, not, is null, is not null, isnan, if, case when, coalesce, nullif, nvl, ifnull, nvl2, greatest, "
      + "least, cast, abs, floor, ceil, ln, log, log10, log2, log1p, exp, sqrt, pow, power, signum, round";

  private static final Map<Class<?>, ArithOp> ARITH = Map.of(Add.class, ArithOp.ADD, Subtract.class,
      ArithOp.SUBTRACT, Multiply.class, ArithOp.MULTIPLY, Divide.class, ArithOp.DIVIDE, Remainder.class,
      ArithOp.REMAINDER, IntegralDivide.class, ArithOp.DIV);
  private static final Map<Class<?>, CmpOp> CMP = Map.of(EqualTo.class, CmpOp.EQ, EqualNullSafe.class,
      CmpOp.NULL_SAFE_EQ, LessThan.class, CmpOp.LT, LessThanOrEqual.class, CmpOp.LE, GreaterThan.class, CmpOp.GT,
      GreaterThanOrEqual.class, CmpOp.GE);
  private static final Map<Class<?>, MathFn> MATH = Map.of(Abs.class, MathFn.ABS, Floor.class, MathFn.FLOOR,
      Ceil.class, MathFn.CEIL, Log.class, MathFn.LN, Log10.class, MathFn.LOG10, Log2.class, MathFn.LOG2,
      Log1p.class, MathFn.LOG1P, Exp.class, MathFn.EXP, Sqrt.class, MathFn.SQRT, Signum.class, MathFn.SIGNUM);

  private ExpressionTrees() {}

  /**
   * An expression the scorer cannot compute exactly as Spark does: a function without a Spark-free
   * implementation, or a value of a type outside {@link SqlType}.
   */
  public static final class Unsupported extends IllegalArgumentException {
    Unsupported(String message) {
      super(message);
    }
  }

  /** One derived column as a tree: its name, SQL, result type and expression. */
  public record DerivedTree(String name, String sql, SqlType type, ExprNode expr) {}

  /**
   * The trees of {@code derive}, in order, over columns of {@code schema}: each sees the input columns and
   * the columns derived before it, exactly as {@link FeatureState#apply} adds them.
   */
  public static List<DerivedTree> translateAll(SparkSession spark, StructType schema,
      List<FeatureState.Derived> derive) {
    Dataset<Row> data = spark.createDataFrame(List.of(), schema);
    List<DerivedTree> out = new ArrayList<>();
    for (FeatureState.Derived d : derive) {
      ExprNode tree = translate(data, d.sql());
      out.add(new DerivedTree(d.name(), d.sql(), tree.type(), tree));
      data = data.withColumn(d.name(), expr(d.sql()));
    }
    return out;
  }

  /** The tree of {@code sql} over the columns of {@code schema}. */
  public static ExprNode translate(SparkSession spark, StructType schema, String sql) {
    return translate(spark.createDataFrame(List.of(), schema), sql);
  }

  /** The tree of {@code sql} over the columns of {@code data} (only its schema is used). */
  public static ExprNode translate(Dataset<Row> data, String sql) {
    LogicalPlan plan;
    try {
      plan = data.select(expr(sql)).queryExecution().analyzed();
    } catch (Exception e) {
      throw new IllegalArgumentException("Cannot export derived expression \"" + sql + "\": Spark cannot "
          + "analyse it over columns " + List.of(data.columns()) + ": " + e.getMessage(), e);
    }
    if (!(plan instanceof Project project) || project.projectList().size() != 1) {
      throw new Unsupported("Cannot export derived expression \"" + sql + "\": it is not a function of one row"
          + " (Spark planned " + plan.nodeName() + "); supported: " + SUPPORTED);
    }
    Expression e = (Expression) project.projectList().head();
    return new Walk(sql).node(e instanceof Alias alias ? alias.child() : e);
  }

  /** One translation, holding the SQL text for messages. */
  private record Walk(String sql) {
    ExprNode node(Expression e) {
      if (e instanceof NullIf || e instanceof Nvl || e instanceof Nvl2) {
        return node(((RuntimeReplaceable) e).replacement());
      }
      if (e instanceof UnaryPositive p) {
        return node(p.child());
      }
      if (e instanceof Literal lit) {
        return new ExprNode.Lit(type(e), javaValue(lit.value()));
      }
      if (e instanceof AttributeReference a) {
        return new ExprNode.Col(type(e), a.name());
      }
      if (e instanceof Cast c) {
        return cast(c);
      }
      if (e instanceof BinaryArithmetic b && ARITH.containsKey(e.getClass())) {
        legacy(e, b.evalMode().toString());
        return new ExprNode.Arith(type(e), ARITH.get(e.getClass()), node(b.left()), node(b.right()));
      }
      if (e instanceof UnaryMinus m) {
        legacy(e, m.failOnError() ? "ANSI" : "LEGACY");
        return new ExprNode.Neg(type(e), node(m.child()));
      }
      if (e instanceof BinaryComparison c && CMP.containsKey(e.getClass())) {
        return new ExprNode.Cmp(type(e), CMP.get(e.getClass()), node(c.left()), node(c.right()));
      }
      if (e instanceof And a) {
        return new ExprNode.And(type(e), node(a.left()), node(a.right()));
      }
      if (e instanceof Or o) {
        return new ExprNode.Or(type(e), node(o.left()), node(o.right()));
      }
      if (e instanceof Not n) {
        return new ExprNode.Not(type(e), node(n.child()));
      }
      if (e instanceof IsNull n) {
        return new ExprNode.Test(type(e), TestOp.IS_NULL, node(n.child()));
      }
      if (e instanceof IsNotNull n) {
        return new ExprNode.Test(type(e), TestOp.IS_NOT_NULL, node(n.child()));
      }
      if (e instanceof IsNaN n) {
        return new ExprNode.Test(type(e), TestOp.IS_NAN, node(n.child()));
      }
      return conditionalOrFunction(e);
    }

    private ExprNode conditionalOrFunction(Expression e) {
      if (e instanceof If i) {
        return new ExprNode.If(type(e), node(i.predicate()), node(i.trueValue()), node(i.falseValue()));
      }
      if (e instanceof CaseWhen c) {
        List<ExprNode.When> when = new ArrayList<>();
        for (Tuple2<Expression, Expression> b : JavaConverters.seqAsJavaList(c.branches())) {
          when.add(new ExprNode.When(node(b._1()), node(b._2())));
        }
        ExprNode otherwise = c.elseValue().isDefined() ? node(c.elseValue().get()) : null;
        return new ExprNode.Case(type(e), when, otherwise);
      }
      if (e instanceof Coalesce) {
        return new ExprNode.Coalesce(type(e), children(e));
      }
      if (e instanceof Greatest || e instanceof Least) {
        return new ExprNode.Extreme(type(e), e instanceof Greatest ? "greatest" : "least", children(e));
      }
      if (e instanceof Abs a) {
        legacy(e, a.failOnError() ? "ANSI" : "LEGACY");
      }
      if (MATH.containsKey(e.getClass())) {
        return new ExprNode.MathCall(type(e), MATH.get(e.getClass()), children(e));
      }
      if (e instanceof Logarithm l) {
        return l.left() instanceof EulerNumber ? new ExprNode.MathCall(type(e), MathFn.LN, List.of(node(l.right())))
            : new ExprNode.MathCall(type(e), MathFn.LOG, children(e));
      }
      if (e instanceof Pow) {
        return new ExprNode.MathCall(type(e), MathFn.POW, children(e));
      }
      if (e instanceof Round r && r.scale().foldable()) {
        ExprNode child = node(r.child());
        int scale = (Integer) r.scale().eval(null);
        if (child.type().integral() && scale < 0) {
          throw function("round with a negative scale on " + child.type().sparkName());
        }
        return new ExprNode.Round(type(e), child, scale);
      }
      throw function(e.prettyName());
    }

    /** A cast; of a literal, folded with Spark's own cast (as Spark's optimizer does). */
    private ExprNode cast(Cast c) {
      legacy(c, c.evalMode().toString());
      SqlType to = type(c);
      if (c.child() instanceof Literal) {
        return new ExprNode.Lit(to, javaValue(c.eval(null)));
      }
      return new ExprNode.Cast(to, node(c.child()));
    }

    private List<ExprNode> children(Expression e) {
      return JavaConverters.seqAsJavaList(e.children()).stream().map(this::node).toList();
    }

    /** Arithmetic that fails or nulls on overflow (ANSI, try_) is not the non-ANSI semantics the tree has. */
    private void legacy(Expression e, String evalMode) {
      if (!"LEGACY".equals(evalMode)) {
        throw function(e.prettyName() + " in " + evalMode + " mode");
      }
    }

    private SqlType type(Expression e) {
      DataType t = e.dataType();
      try {
        return SqlType.of(t.simpleString());
      } catch (IllegalArgumentException notSupported) {
        throw new Unsupported(prefix() + e.sql() + " has type " + t.simpleString() + ", which has no Spark-free"
            + " implementation; supported types: " + SqlType.supported() + "; compute in double instead (a"
            + " literal such as 1.5 is a decimal in Spark SQL: write 1.5D)");
      }
    }

    private Unsupported function(String name) {
      return new Unsupported(prefix() + "function " + name + " has no Spark-free implementation; supported: "
          + SUPPORTED);
    }

    private String prefix() {
      return "Cannot export derived expression \"" + sql + "\": ";
    }
  }

  /** A Catalyst literal value as the scorer's Java value. */
  private static Object javaValue(Object value) {
    return value instanceof UTF8String s ? s.toString() : value;
  }
}
