package dev.assay.usecase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.data.IngestResult;
import dev.assay.data.IngestTable;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import java.util.Map;

/**
 * {@code ingest}: one CSV or Parquet source as one new version of a Delta table, recorded as a run
 * whose output pin names the version written, so later runs can say which ingest produced their
 * input.
 */
public final class IngestJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestJob() {}

  /**
   * Writes {@code source} to {@code table} ({@code format} null: from the extension; {@code mode}
   * null: append) with reader/writer {@code options}.
   */
  public static JobResult run(JobContext ctx, String source, String table, String format, String mode,
      Map<String, String> options) {
    ctx.setSpec(spec(source, table, mode));
    IngestResult r = IngestTable.ingest(ctx.spark(), source, format, ctx.warehouse().resolve(table), mode, options);
    ctx.inputs().pin("output", table, r.version(), null);
    ctx.step("wrote %s v%d (%d rows, table id %s)", table, r.version(), r.rows(), r.tableId().substring(0, 8));
    return JobResult.succeeded(table + " v" + r.version());
  }

  /** The recorded spec; built as a JSON tree so a path with a quote or backslash stays valid JSON. */
  static String spec(String source, String table, String mode) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", source);
    root.put("table", table);
    root.put("mode", mode == null ? "append" : mode);
    return root.toString();
  }
}
