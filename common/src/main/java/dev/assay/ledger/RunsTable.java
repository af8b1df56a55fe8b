package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.assay.data.PinnedInputs;
import dev.assay.version.DataVersion;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The {@code runs} table: a RUNNING row when a job starts (so a killed job stays visible), updated
 * in place to SUCCEEDED, FAILED or SKIPPED when it ends.
 */
public final class RunsTable extends LedgerTable {
  RunsTable(Ledger ledger) {
    super(ledger, LedgerTableName.RUNS);
  }

  public void start(RunRecord run) {
    Dataset<Row> row = spark.createDataFrame(List.of(Rows.run(run)), LedgerSchemas.RUNS);
    appendRows(row);
  }

  /**
   * Closes a run with its final record (status, data versions, run key, error): its stored rows are
   * replaced by this one in one commit, which also records a run whose RUNNING row never made it.
   *
   * <p>Why {@code replaceWhere} and not a MERGE: the upsert MERGE this replaced ran two joins and
   * rewrote through Delta's MERGE executor (about ten Spark jobs, 1.9 s of a warm 100k-row train).
   * {@code replaceWhere} on the run id reads only the files that can hold that run (the predicate prunes
   * by file statistics), rewrites them without it and checks that the row written matches it. Concurrent
   * commands still conflict here as before (Delta checks a non-partitioned table's concurrent appends
   * against partition filters only, so any append conflicts); {@link CommitRetry} retries them.
   */
  public void finish(RunRecord run) {
    Dataset<Row> row = spark.createDataFrame(List.of(Rows.run(run)), LedgerSchemas.RUNS);
    String thisRun = col("run_id").equalTo(lit(run.runId())).expr().sql();
    commit(() -> {
      row.write().format("delta").mode("overwrite").option("replaceWhere", thisRun).save(path);
      return null;
    });
  }

  /** A run as stored, with what a verification needs to repeat it. */
  public record StoredRun(String runId, String runKey, String command, RunStatus status, String spec,
      String codeVersion, List<PinnedInputs.Input> dataVersions) {}

  public Optional<StoredRun> get(String runId) {
    List<Row> rows = all().where(col("run_id").equalTo(lit(runId))).collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Row r = rows.get(0);
    List<PinnedInputs.Input> inputs = new ArrayList<>();
    Seq<Row> dv = r.getAs("data_versions");
    if (dv != null) {
      for (Row d : JavaConverters.seqAsJavaList(dv)) {
        Timestamp ts = d.getAs("commit_timestamp");
        inputs.add(new PinnedInputs.Input(d.getAs("role"), d.getAs("table"), new DataVersion(d.getAs("table_id"),
            d.<Long>getAs("version"), d.getAs("table"), ts == null ? 0L : ts.getTime())));
      }
    }
    return Optional.of(new StoredRun(r.getAs("run_id"), r.getAs("run_key"), r.getAs("command"),
        RunStatus.of(r.getAs("status")),
        r.getAs("spec"), r.getAs("code_version"), inputs));
  }
}
