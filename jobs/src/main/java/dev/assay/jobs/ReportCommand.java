package dev.assay.jobs;

import dev.assay.usecase.WriteReport;
import dev.assay.ledger.Ledger;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay report --out report.html}: a self-contained HTML page with the ledger's tables and charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write a self-contained HTML report (opens offline): leaderboards, metric by evaluation and model "
        + "version, slices, latency vs quality, champion lineage.")
final class ReportCommand implements Callable<Integer> {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--out", required = true, description = "The HTML file to write (replaced atomically).")
  Path out;

  @Option(names = "--metric", description = "Metric of the charts (default: roc_auc, macro_f1 or rmse, the first "
      + "the ledger has).")
  String metric;

  @Mixin
  LedgerOption ledger;

  @Override
  public Integer call() {
    Ledger l = new Ledger(Session.spark(cli, "report"), Session.warehouse(cli).resolve(ledger.root()));
    WriteReport.write(l, out, metric);
    return 0;
  }
}
