package dev.assay.model;

import dev.assay.spark.VectorColumns;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.EliminateSubqueryAliases$;
import org.apache.spark.sql.catalyst.analysis.EliminateView$;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.optimizer.CollapseProject$;
import org.apache.spark.sql.catalyst.optimizer.ColumnPruning$;
import org.apache.spark.sql.catalyst.optimizer.ReplaceExpressions$;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.View;
import scala.collection.JavaConverters;

/**
 * The feature stages of a pipeline (derived columns and fitted transforms, category indexing, dense
 * assembly) applied to one row at a time without Spark jobs, as a serving process would: the stages'
 * analysed plan over the sampled rows is a chain of projections, each compiled once into a Catalyst
 * projection, and a row goes through the chain alone. So single-row latency includes the feature
 * stage's work. The projections are Spark's own expressions, so a row gets exactly the vector that
 * {@code transform} gives it (checked against the bulk vectors when built).
 */
final class RowFeatures {
  private final List<UnsafeProjection> chain;
  private final List<InternalRow> rows;
  private final int featureIndex;
  private final VectorUDT udt = new VectorUDT();

  private RowFeatures(List<UnsafeProjection> chain, List<InternalRow> rows, int featureIndex) {
    this.chain = chain;
    this.rows = rows;
    this.featureIndex = featureIndex;
  }

  /**
   * The per-row form of {@code features} (the feature stages applied to a local relation of sample rows),
   * or null when its plan is not a chain of projections over those rows; the caller then builds vectors in
   * bulk and says so.
   */
  static RowFeatures of(Dataset<Row> features, String featureColumn) {
    // The analysed plan, with the optimizer's one rule that makes it evaluable (nullif, nvl, ... are replaced by
    // what they stand for), but not the optimized plan: over a local relation that would be evaluated eagerly.
    LogicalPlan analyzed = features.queryExecution().analyzed();
    // Only the feature column, and the projections that make it merged into one where Spark's own rules can: a
    // row then gets its vector in one generated projection, not a copy of every column per stage (B8 single-row).
    Attribute feature = JavaConverters.seqAsJavaList(analyzed.output()).stream()
        .filter(a -> a.name().equals(featureColumn)).findFirst().orElse(null);
    if (feature == null) {
      return null;
    }
    LogicalPlan plan = new Project(JavaConverters.asScalaBuffer(List.<NamedExpression>of(feature)).toSeq(),
        ReplaceExpressions$.MODULE$.apply(EliminateView$.MODULE$.apply(
            EliminateSubqueryAliases$.MODULE$.apply(analyzed))));
    plan = CollapseProject$.MODULE$.apply(ColumnPruning$.MODULE$.apply(plan));
    List<Project> projects = new ArrayList<>();
    // Aliases and views (an MLlib SQLTransformer's statement reads its input through one) pass rows through.
    while (plan instanceof Project || plan instanceof SubqueryAlias || plan instanceof View) {
      if (plan instanceof Project p) {
        projects.add(p);
      }
      plan = plan.children().head();
    }
    if (!(plan instanceof LocalRelation relation) || projects.isEmpty()) {
      return null;
    }
    Collections.reverse(projects);
    List<UnsafeProjection> chain = new ArrayList<>();
    for (Project p : projects) {
      List<Attribute> input = JavaConverters.seqAsJavaList(p.child().output());
      List<Expression> exprs = new ArrayList<>();
      for (NamedExpression e : JavaConverters.seqAsJavaList(p.projectList())) {
        exprs.add((Expression) e);
      }
      chain.add(UnsafeProjection.create(JavaConverters.asScalaBuffer(exprs).toSeq(),
          JavaConverters.asScalaBuffer(input).toSeq()));
    }
    List<Attribute> out = JavaConverters.seqAsJavaList(projects.get(projects.size() - 1).output());
    int index = -1;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).name().equals(featureColumn)) {
        index = i;
      }
    }
    if (index < 0) {
      return null;
    }
    return new RowFeatures(chain, JavaConverters.seqAsJavaList(relation.data()), index);
  }

  int size() {
    return rows.size();
  }

  /** Row {@code i}'s feature vector, computed now from its input columns. */
  Vector vector(int i) {
    return udt.deserialize(project(i).get(featureIndex, udt.sqlType()));
  }

  /**
   * Row {@code i}'s features as float32, computed now from its input columns: what a native model (an XGBoost
   * booster, an ONNX graph) is fed, read from the vector's storage ({@code VectorUDT}'s struct of type, size,
   * indices and values) without a {@link Vector} and its double array in between.
   */
  float[] floats(int i) {
    InternalRow vector = VectorColumns.stored(project(i), featureIndex);
    float[] out = new float[VectorColumns.size(vector)];
    VectorColumns.floatsInto(vector, out, 0);
    return out;
  }

  private InternalRow project(int i) {
    InternalRow r = rows.get(i);
    for (UnsafeProjection p : chain) {
      r = p.apply(r);
    }
    return r;
  }
}
