package dev.assay.data;

import dev.assay.errors.AssayException;
import dev.assay.errors.SpecErrors;
import dev.assay.spark.PlanChecks;
import dev.assay.spark.SparkMessages;
import dev.assay.spec.TableRef;
import dev.assay.version.DataVersion;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.functions;

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
    PlanChecks.reflection(parsed).ifPresent(f -> {
      throw SpecErrors.badFilter(key, filter, "function " + f + " is not allowed in a row filter");
    });
  }

  /**
   * The rows of {@code data} (the pinned version {@code version} of {@code table}) that pass
   * {@code filter}; all rows when it is null. Spark analyses the plan eagerly, so an unknown
   * column or a non-boolean expression fails here, before any scan.
   */
  public static Dataset<Row> apply(Dataset<Row> data, String key, String filter, String table, DataVersion version) {
    if (filter == null) {
      return data;
    }
    Dataset<Row> kept;
    try {
      kept = data.where(functions.expr(filter));
    } catch (AssayException e) {
      throw e;
    } catch (Exception e) {
      throw SpecErrors.filterNotApplicable(key, filter, table, version.version(), SparkMessages.firstLine(e));
    }
    // A cell is keyed by the filter's text, so the text must stand for the same rows on every run: no
    // random numbers, generated ids or clock (decided on the analysed condition: current_date needs no
    // parentheses and a column of that name is no clock).
    if (kept.queryExecution().analyzed() instanceof Filter f) {
      PlanChecks.runDependent(f.condition()).ifPresent(e -> {
        throw SpecErrors.filterNotDeterministic(key, filter, e);
      });
    }
    return kept;
  }

}
