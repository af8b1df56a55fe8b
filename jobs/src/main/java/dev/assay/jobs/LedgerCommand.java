package dev.assay.jobs;

import dev.assay.errors.UsageErrors;
import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerCatalog;
import dev.assay.usecase.CheckLedger;
import dev.assay.usecase.LedgerReports;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code assay ledger runs|models|metrics|leaderboard}: what the ledger holds, for people;
 * {@code assay ledger register --database NAME}: the ledger tables and views in the catalog;
 * {@code assay ledger check}: every commit made around Assay (exit 5 when there is one).
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = {"Show the ledger: runs, models, metrics, or the leaderboard per evaluation data version.",
        "'register' creates a database (--database, default assay) with the ledger tables and the views "
            + "leaderboard, metric_history, champions, lineage in the session catalog or metastore.",
        "'check' reads every ledger table's history and lists each commit Assay did not make and each metric row "
            + "it removed (exit 5 when there is one)."})
final class LedgerCommand extends LedgerReadCommand {
  @Parameters(index = "0", defaultValue = "leaderboard",
      description = "runs | models | metrics | leaderboard | drift | register | check")
  String view;

  @Option(names = "--table", paramLabel = "TABLE", description = "drift: only this table (spec name or table id).")
  String table;

  @Option(names = "--database", paramLabel = "NAME", description = "Database for 'register' (default: assay).")
  String database = LedgerCatalog.DATABASE;

  @Option(names = "--limit", paramLabel = "N", description = "Maximum rows (default: 50).")
  int limit = 50;

  @Override
  public Integer call() {
    if (!List.of("runs", "models", "metrics", "leaderboard", "drift", "register", "check").contains(view)) {
      throw UsageErrors.unknownLedgerView(view);
    }
    Ledger l = openLedger();
    // Every view reads ledger tables only: interpreted, as every ledger query (InterpretedQueries).
    return l.query(() -> {
      switch (view) {
        case "runs" -> LedgerReports.runs(l, System.out, limit);
        case "models" -> LedgerReports.models(l, System.out, limit);
        case "metrics" -> LedgerReports.metrics(l, System.out, limit);
        case "drift" -> LedgerReports.drift(l, System.out, table, limit);
        case "register" -> LedgerReports.register(l, database, System.out);
        case "check" -> CheckLedger.run(l, System.out);
        default -> LedgerReports.leaderboard(l, System.out);
      }
      return 0;
    });
  }
}
