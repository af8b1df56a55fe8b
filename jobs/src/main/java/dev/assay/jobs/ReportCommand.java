package dev.assay.jobs;

import dev.assay.usecase.WriteReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assay report --out report.html}: a self-contained HTML page with the ledger's tables and charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write a self-contained HTML report (opens offline): leaderboards, metric by evaluation and model "
        + "version, slices, latency vs quality, champion lineage.")
final class ReportCommand extends LedgerReadCommand {
  @Option(names = "--out", required = true, description = "The HTML file to write (replaced atomically).")
  Path out;

  @Option(names = "--metric", description = "Metric of the charts (default: roc_auc, macro_f1 or rmse, the first "
      + "the ledger has).")
  String metric;

  @Override
  public Integer call() {
    WriteReport.write(openLedger(), out, metric);
    return 0;
  }
}
