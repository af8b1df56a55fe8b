package dev.assay.data;

import dev.assay.errors.AssayException;
import dev.assay.errors.SpecErrors;
import dev.assay.spark.SparkMessages;
import dev.assay.spec.TableRef;
import dev.assay.version.DataVersion;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.functions;
import scala.Option;

/**
 * The optional row filter of a table reference ({@code data.eval.NAME.filter}): parsed by Spark at
 * job start, so a typo fails before any data is read, and applied after the versioned read.
 */
public final class RowFilter {
  private RowFilter() {}

  /** The spec key path of an evaluation reference's filter, for messages. */
  public static String evalKey(String evalName) {
    return "data.eval." + evalName + ".filter";
  }

  /** Parses every evaluation filter with Spark's SQL parser; a bad one is a usage error naming its key. */
  public static void validate(SparkSession spark, Map<String, TableRef> evals) {
    evals.forEach((name, ref) -> validate(spark, evalKey(name), ref.filter()));
  }

  /** Parses {@code filter} (null is no filter) with Spark's SQL parser. */
  public static void validate(SparkSession spark, String key, String filter) {
    if (filter == null) {
      return;
    }
    Expression parsed;
    try {
      parsed = spark.sessionState().sqlParser().parseExpression(filter);
    } catch (Exception e) {
      throw SpecErrors.badFilter(key, filter, SparkMessages.firstLine(e));
    }
    // A filter is a row predicate over the table read: a subquery would read other tables (and
    // escape the pinned versions), and reflection functions would run arbitrary Java methods.
    if (parsed.find(e -> e instanceof SubqueryExpression).isDefined()) {
      throw SpecErrors.badFilter(key, filter, "subqueries are not allowed in a row filter");
    }
    Option<Expression> reflective = parsed.find(e -> e instanceof UnresolvedFunction f
        && FORBIDDEN_FUNCTIONS.contains(f.nameParts().last().toLowerCase(Locale.ROOT)));
    if (reflective.isDefined()) {
      throw SpecErrors.badFilter(key, filter, "function " + ((UnresolvedFunction) reflective.get()).nameParts().last()
          + " is not allowed in a row filter");
    }
  }

  private static final Set<String> FORBIDDEN_FUNCTIONS = Set.of("reflect", "java_method",
      "try_reflect");

  /**
   * The rows of {@code data} (the pinned version {@code version} of {@code table}) that pass
   * {@code filter}; all rows when it is null. Spark analyses the plan eagerly, so an unknown
   * column or a non-boolean expression fails here, before any scan.
   */
  public static Dataset<Row> apply(Dataset<Row> data, String key, String filter, String table, DataVersion version) {
    if (filter == null) {
      return data;
    }
    try {
      return data.where(functions.expr(filter));
    } catch (AssayException e) {
      throw e;
    } catch (Exception e) {
      throw SpecErrors.filterNotApplicable(key, filter, table, version.version(), SparkMessages.firstLine(e));
    }
  }

}
