package dev.assay.packaging;

import static org.apache.spark.sql.functions.expr;

import dev.assay.errors.PackageErrors;
import dev.assay.features.ExpressionTrees;
import dev.assay.features.FeatureState;
import dev.assay.scorer.Manifest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * A feature stage's derived columns as the package holds them: the SQL for people, and the expression Spark's
 * analyzer resolved (implicit casts made explicit) as a typed tree for scorers ({@link ExpressionTrees}). An
 * expression the Spark-free scorer cannot compute exactly as Spark does refuses the export, naming it.
 */
final class DerivedTrees {
  private DerivedTrees() {}

  static List<Manifest.Derived> of(String model, List<FeatureState.Derived> derive, StructType schema) {
    try {
      return ExpressionTrees.translateAll(SparkSession.active(), schema, derive).stream()
          .map(t -> new Manifest.Derived(t.name(), t.sql(), t.type().sparkName(), t.expr())).toList();
    } catch (ExpressionTrees.Unsupported e) {
      throw PackageErrors.unsupportedExpression(model, e.getMessage());
    }
  }

  /** The columns of {@code schema} the expressions read (a column derived earlier is not one of them). */
  static Set<String> references(List<FeatureState.Derived> derive, StructType schema) {
    Dataset<Row> data = SparkSession.active().createDataFrame(List.of(), schema);
    Set<String> out = new LinkedHashSet<>();
    Set<String> derived = new LinkedHashSet<>();
    for (FeatureState.Derived d : derive) {
      LogicalPlan plan = data.select(expr(d.sql())).queryExecution().analyzed();
      for (Attribute a : JavaConverters.asJavaIterable(plan.references())) {
        if (!derived.contains(a.name()) && schema.getFieldIndex(a.name()).isDefined()) {
          out.add(a.name());
        }
      }
      data = data.withColumn(d.name(), expr(d.sql()));
      derived.add(d.name());
    }
    return out;
  }
}
