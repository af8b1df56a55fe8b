package dev.assay.usecase;

import dev.assay.data.IngestResult;
import dev.assay.data.IngestTable;
import dev.assay.errors.IngestErrors;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.Names;
import dev.assay.spec.RecordedSpec;
import java.util.Map;

/**
 * {@code ingest}: one CSV or Parquet source as one new version of a Delta table, recorded as a run
 * whose output pin names the version written, so later runs can say which ingest produced their
 * input.
 */
public final class IngestJob {
  private IngestJob() {}

  /**
   * Writes {@code source} to {@code table} ({@code format} null: from the extension; {@code mode}
   * null: append) with reader/writer {@code options}.
   */
  public static JobResult run(JobContext ctx, String source, String table, String format, String mode,
      Map<String, String> options) {
    ctx.setSpec(new RecordedSpec.Ingest(source, table, mode == null ? "append" : mode));
    Names.checkTable("option --table '" + table + "'", table);
    String location = ctx.warehouse().resolve(table);
    if (nested(location, ctx.ledger().root()) || nested(ctx.ledger().root(), location)) {
      throw IngestErrors.targetInLedger(table, location, ctx.ledger().root());
    }
    IngestResult r = IngestTable.ingest(ctx.spark(), source, format, location, mode, options);
    ctx.inputs().pin("output", table, r.version(), null);
    ctx.step("wrote %s v%d (%d rows, table id %s)", table, r.version(), r.rows(), r.tableId().substring(0, 8));
    return JobResult.succeeded(table + " v" + r.version());
  }

  /**
   * Whether location {@code inner} is {@code outer} or lies below it: an overwrite of a ledger table (or of a
   * directory holding the ledger) would break every later job, and a table that bypasses Assay breaks the
   * promise that stored metrics are never changed.
   */
  static boolean nested(String inner, String outer) {
    String o = outer.endsWith("/") ? outer : outer + "/";
    return inner.equals(outer) || (inner + "/").startsWith(o);
  }
}
