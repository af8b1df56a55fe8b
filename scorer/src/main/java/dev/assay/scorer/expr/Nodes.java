package dev.assay.scorer.expr;

import java.util.List;
import java.util.Set;

/** The checks of {@link ExprNode}'s compact constructors: a tree that type-checks as Spark's did. */
final class Nodes {
  private static final Set<ExprNode.MathFn> DOUBLE_ONLY = Set.of(ExprNode.MathFn.LN, ExprNode.MathFn.LOG,
      ExprNode.MathFn.LOG10, ExprNode.MathFn.LOG2, ExprNode.MathFn.LOG1P, ExprNode.MathFn.EXP,
      ExprNode.MathFn.SQRT, ExprNode.MathFn.POW, ExprNode.MathFn.SIGNUM);

  private Nodes() {}

  /** Throws naming {@code what} unless {@code ok}: a node Spark's analyzer would not have typed so. */
  static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot build expression node " + what
          + ": the operand and result types do not match Spark's typing of it; build the tree from Spark's"
          + " analyzed expression, where implicit casts are explicit");
    }
  }

  static void requireBoolean(SqlType type, ExprNode left, ExprNode right) {
    require(type == SqlType.BOOLEAN && left.type() == SqlType.BOOLEAN && right.type() == SqlType.BOOLEAN,
        "logic of " + left.type() + " and " + right.type() + " to " + type);
  }

  static List<ExprNode> sameType(SqlType type, List<ExprNode> args, String what) {
    List<ExprNode> copy = List.copyOf(args);
    require(!copy.isEmpty() && copy.stream().allMatch(a -> a.type() == type), what + " to " + type);
    return copy;
  }

  static void checkMath(SqlType type, ExprNode.MathFn fn, List<ExprNode> args) {
    int arity = fn == ExprNode.MathFn.LOG || fn == ExprNode.MathFn.POW ? 2 : 1;
    boolean ok = args.size() == arity;
    if (ok && DOUBLE_ONLY.contains(fn)) {
      ok = type == SqlType.DOUBLE && args.stream().allMatch(a -> a.type() == SqlType.DOUBLE);
    } else if (ok && (fn == ExprNode.MathFn.FLOOR || fn == ExprNode.MathFn.CEIL)) {
      ok = type == SqlType.BIGINT && (args.get(0).type() == SqlType.DOUBLE || args.get(0).type() == SqlType.BIGINT);
    } else if (ok) {
      ok = type.numeric() && args.get(0).type() == type;
    }
    require(ok, fn.sparkName() + " of " + args.stream().map(a -> a.type().sparkName()).toList() + " to " + type);
  }
}
