package dev.assay.ledger;

import dev.assay.errors.AssayException;
import dev.assay.errors.UsageErrors;
import dev.assay.spark.PlanChecks;
import dev.assay.spark.SparkMessages;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.CommandExecutionMode;

/**
 * An analyst's query over the ledger ({@code assay sql}): read-only, because a stored metric must never be
 * changed or lost through Assay itself. Spark runs a command ({@code DELETE}, {@code RESTORE}, {@code SET},
 * {@code ADD JAR} ...) as soon as {@code spark.sql} is called, so the query is parsed and analysed first,
 * without running anything, and refused (exit 2) unless its plans only read and call no Java method by
 * reflection. The decision is on the plans, not on the first word: {@code WITH x AS (...) INSERT ...} is a
 * write, {@code EXPLAIN DELETE ...} explains one.
 */
public final class LedgerQuery {
  private LedgerQuery() {}

  /** Registers the ledger's tables and views, checks {@code query} and returns its rows. */
  public static Dataset<Row> run(Ledger ledger, String query) {
    LedgerCatalog.register(ledger);
    return readOnly(ledger.spark(), query);
  }

  /** Checks {@code query} against the tables and views registered in {@code spark} and returns its rows. */
  public static Dataset<Row> readOnly(SparkSession spark, String query) {
    try {
      LogicalPlan parsed = spark.sessionState().sqlParser().parsePlan(query);
      refuse(PlanChecks.notReadOnly(parsed), PlanChecks.reflection(parsed));
      LogicalPlan analyzed = spark.sessionState().executePlan(parsed, CommandExecutionMode.SKIP()).analyzed();
      refuse(PlanChecks.notReadOnly(analyzed), PlanChecks.reflection(analyzed));
      return spark.sql(query);
    } catch (AssayException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is checked but undeclared in Scala
      if (e instanceof ParseException) {
        throw UsageErrors.queryNotParsed(SparkMessages.firstLine(e), e);
      }
      if (e instanceof AnalysisException) {
        throw UsageErrors.queryNotRun(SparkMessages.firstLine(e), LedgerViews.NAMES, e);
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  private static void refuse(Optional<String> command, Optional<String> reflection) {
    if (command.isPresent()) {
      throw UsageErrors.queryNotReadOnly(command.get());
    }
    if (reflection.isPresent()) {
      throw UsageErrors.queryCallsJava(reflection.get());
    }
  }
}
