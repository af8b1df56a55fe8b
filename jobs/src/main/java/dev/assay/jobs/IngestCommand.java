package dev.assay.jobs;

import dev.assay.usecase.IngestJob;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay ingest}: a CSV or Parquet source as one new version of a Delta table. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Write a CSV or Parquet file (or directory) as one new version of a Delta table.")
final class IngestCommand extends JobCommand {
  @Option(names = "--source", required = true, paramLabel = "PATH", description = "CSV or Parquet file or directory.")
  String source;

  @Option(names = "--table", required = true, paramLabel = "TABLE",
      description = "Target Delta table (relative to the warehouse).")
  String table;

  @Option(names = "--format", paramLabel = "csv|parquet", description = "Source format (default: from the extension).")
  String format;

  @Option(names = "--mode", paramLabel = "append|overwrite", description = "Write mode (default: append).")
  String mode;

  @Option(names = "--option", paramLabel = "KEY=VALUE",
      description = "Reader/writer option key=value (repeatable), e.g. schema=\"a INT, b STRING\".")
  Map<String, String> options = new LinkedHashMap<>();

  @Mixin
  LedgerOption ledger;

  @Override
  public Integer call() {
    return run(c -> IngestJob.run(c, source, table, format, mode, options));
  }
}
