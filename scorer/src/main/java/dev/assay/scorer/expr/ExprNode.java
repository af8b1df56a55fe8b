package dev.assay.scorer.expr;

import java.util.function.Function;

/** A derived expression as data (placeholder until the tree lands). */
public interface ExprNode {
  Object eval(Function<String, Object> columns);
}
