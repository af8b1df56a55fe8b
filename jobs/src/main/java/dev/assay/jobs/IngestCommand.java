package dev.assay.jobs;

import dev.assay.data.IngestResult;
import dev.assay.data.IngestTable;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.run.JobRunner;
import dev.assay.spec.LedgerSpec;
import dev.assay.spec.RecordedSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay ingest}: a CSV or Parquet source as one new version of a Delta table. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Write a CSV or Parquet file (or directory) as one new version of a Delta table.")
final class IngestCommand implements Callable<Integer> {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--source", required = true, description = "CSV or Parquet file or directory.")
  String source;

  @Option(names = "--table", required = true, description = "Target Delta table (relative to the warehouse).")
  String table;

  @Option(names = "--format", description = "csv or parquet (default: from the extension).")
  String format;

  @Option(names = "--mode", description = "append (default) or overwrite.")
  String mode;

  @Option(names = "--option", description = "Reader/writer option key=value (repeatable), e.g. schema=\"a INT, b STRING\".")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--ledger", description = "Ledger root, relative to the warehouse (default: ledger).")
  String ledger = LedgerSpec.DEFAULT_ROOT;

  @Override
  public Integer call() {
    JobContext ctx = new JobContext(Session.spark(cli, "ingest"), Session.warehouse(cli), ledger, "ingest", Map.of());
    return JobRunner.run(ctx, c -> {
      c.setSpec(new RecordedSpec.Ingest(source, table, mode == null ? "append" : mode));
      IngestResult r = IngestTable.ingest(c.spark(), source, format, c.warehouse().resolve(table), mode, options);
      c.inputs().pin("output", table, r.version(), null);
      c.step("wrote %s v%d (%d rows, table id %s)", table, r.version(), r.rows(), r.tableId().substring(0, 8));
      return JobResult.succeeded(table + " v" + r.version());
    });
  }
}
