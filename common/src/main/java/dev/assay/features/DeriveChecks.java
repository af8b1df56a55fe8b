package dev.assay.features;

import static org.apache.spark.sql.functions.expr;

import dev.assay.errors.FeatureErrors;
import dev.assay.spark.SparkMessages;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Checks one {@code features.derive} expression against the columns it will see (the pinned
 * schema, plus the columns derived before it), at job start and without reading data: it must
 * parse and resolve, be deterministic, read only its own row through built-in functions, and not
 * read the label or weight.
 */
final class DeriveChecks {
  /**
   * Deterministic in Spark's sense but not a function of the row: the time or session of the run,
   * or where the row was read from. Reflection calls arbitrary Java methods.
   */
  private static final Set<String> NOT_OF_THE_ROW = Set.of("CurrentDate", "CurrentTimestamp", "Now",
      "CurrentTimeZone", "CurrentUser", "CurrentDatabase", "CurrentCatalog", "LocalTimestamp", "CurrentBatchTimestamp",
      "InputFileName", "InputFileBlockStart", "InputFileBlockLength", "SparkPartitionID", "MonotonicallyIncreasingID",
      "CallMethodViaReflection", "TryReflect");

  private DeriveChecks() {}

  /**
   * The data with the derived column added, after checking it; {@code key} is the spec key
   * ({@code derive.NAME}) and {@code target} the label and weight columns.
   */
  static Dataset<Row> derive(Dataset<Row> data, String key, String name, String sql, Set<String> target) {
    Dataset<Row> probe;
    try {
      probe = data.select(expr(sql).as(name));
    } catch (Exception e) {
      if (e instanceof ParseException) {
        throw FeatureErrors.deriveDoesNotParse(key, sql, SparkMessages.firstLine(e));
      }
      throw FeatureErrors.deriveDoesNotResolve(key, sql, SparkMessages.firstLine(e),
          Arrays.asList(data.columns()));
    }
    // A row function analyses to one projection straight over the data; an aggregate, a window or a
    // generator puts a node of its own between them.
    LogicalPlan plan = probe.queryExecution().analyzed();
    if (!(plan instanceof Project project) || !project.child().fastEquals(data.queryExecution().analyzed())) {
      throw FeatureErrors.deriveNotAllowed(key, sql, "an aggregate, window or generator function");
    }
    Expression analysed = (Expression) project.projectList().head();
    String problem = problem(analysed);
    if (problem != null) {
      throw FeatureErrors.deriveNotAllowed(key, sql, problem);
    }
    for (Attribute a : JavaConverters.asJavaIterable(analysed.references())) {
      if (target.contains(a.name())) {
        throw FeatureErrors.deriveReadsTarget(key, sql, a.name());
      }
    }
    return data.withColumn(name, expr(sql));
  }

  /** Whether {@code sql} parses and every column it names is one of {@code columns}; reads no data. */
  static boolean resolves(Dataset<Row> data, String sql, Set<String> columns) {
    try {
      Expression parsed = data.sparkSession().sessionState().sqlParser().parseExpression(sql);
      return parsed.find(e -> e instanceof UnresolvedAttribute a && !columns.contains(a.nameParts().head()))
          .isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** What in {@code e} makes it no row function, or null. */
  private static String problem(Expression root) {
    // Nondeterminism spreads up the tree: name the node it starts at, whose children are all deterministic.
    Option<Expression> bad = root.find(e -> e instanceof SubqueryExpression
        || !e.deterministic() && e.children().forall(c -> c.deterministic())
        || NOT_OF_THE_ROW.contains(e.getClass().getSimpleName()) || isUdf(e) || isAggregate(e));
    if (bad.isEmpty()) {
      return null;
    }
    Expression e = bad.get();
    if (e instanceof SubqueryExpression) {
      return "a subquery";
    }
    if (isUdf(e)) {
      return "a user-defined function (" + e.prettyName() + ")";
    }
    if (isAggregate(e)) {
      return "an aggregate, window or generator function (" + e.prettyName() + ")";
    }
    return "function " + e.prettyName();
  }

  private static boolean isUdf(Expression e) {
    String n = e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    return n.contains("udf") || n.contains("userdefined") || n.startsWith("hive");
  }

  private static boolean isAggregate(Expression e) {
    String n = e.getClass().getSimpleName();
    return n.equals("AggregateExpression") || n.equals("WindowExpression") || e.getClass().getName()
        .contains(".aggregate.") || n.startsWith("Generator") || n.equals("Explode") || n.equals("PosExplode")
        || n.equals("Inline") || n.equals("Stack");
  }
}
