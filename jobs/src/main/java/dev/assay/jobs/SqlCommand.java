package dev.assay.jobs;

import dev.assay.errors.UsageErrors;
import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerCatalog;
import dev.assay.ledger.LedgerViews;
import dev.assay.report.Tables;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code assay sql "<query>"}: Spark SQL over assay.runs, assay.models, assay.metrics; CSV out. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run Spark SQL over the ledger (assay.runs, assay.models, assay.metrics, assay.benchmarks and the "
        + "views leaderboard, metric_history, champions, lineage); prints CSV.")
final class SqlCommand extends LedgerReadCommand {
  @Parameters(index = "0", description = "The query.")
  String query;

  @Override
  public Integer call() {
    Ledger l = openLedger();
    SparkSession spark = l.spark();
    LedgerCatalog.register(l);
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) { // Spark's AnalysisException is checked but undeclared in Scala
      if (e instanceof ParseException) {
        throw UsageErrors.queryNotParsed(firstLine(e.getMessage()), e);
      }
      if (e instanceof AnalysisException) {
        throw UsageErrors.queryNotRun(firstLine(e.getMessage()), LedgerViews.NAMES, e);
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    Tables.csv(result, System.out);
    return 0;
  }

  private static String firstLine(String m) {
    int nl = m == null ? -1 : m.indexOf('\n');
    return nl < 0 ? String.valueOf(m) : m.substring(0, nl);
  }
}
