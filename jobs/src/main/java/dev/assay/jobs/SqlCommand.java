package dev.assay.jobs;

import dev.assay.ledger.LedgerQuery;
import dev.assay.report.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code assay sql "<query>"}: a read-only Spark SQL query over the ledger's tables and views; CSV out. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run a read-only Spark SQL query (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN) over the ledger "
        + "(assay.runs, assay.models, assay.metrics, assay.benchmarks and the views leaderboard, metric_history, "
        + "champions, lineage); prints CSV.")
final class SqlCommand extends LedgerReadCommand {
  @Parameters(index = "0", description = "The query.")
  String query;

  @Override
  public Integer call() {
    Tables.csv(LedgerQuery.run(openLedger(), query), System.out);
    return 0;
  }
}
