package dev.assay.ledger;

import dev.assay.data.PinnedInputs;
import dev.assay.version.DataVersion;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /** Appends the run's first row; a RUNNING row is closed by {@link #finish} at the end of the command. */
  public void start(RunRecord run) {
    appendRows(List.of(Rows.run(run)), LedgerSchemas.RUNS);
  }

  /**
   * Closes a run with its final record (status, data versions, run key, error) if the ledger still holds it
   * open: RUNNING and not claimed by a recovery (a RUNNING row with an error is being closed as abandoned by
   * another job). Returns false, and changes nothing, when the run was closed or claimed meanwhile.
   *
   * <p>Why a conditional update and not the unconditional {@code replaceWhere} it once was: a job whose run
   * was closed as abandoned (its models and metrics deleted) must not come back as SUCCEEDED. A
   * {@code replaceWhere} on {@code run_id = X AND status = 'RUNNING'} cannot do it: the row written must
   * match the predicate (a SUCCEEDED row does not), and it reports nothing when no stored row matched, so
   * the new row would land next to the FAILED one. The update ({@link RowTransaction}) returns how many rows it
   * changed, and it is atomic: it reads the files holding an open row of the run (the {@code run_id} value
   * prunes them by file statistics), and a concurrent commit that rewrote one of them (the recovery's claim)
   * fails it with a conflict, which {@link CommitRetry} retries against the new state, where the condition no
   * longer holds. Another job's RUNNING row appended meanwhile also fails it (Delta's default Serializable
   * isolation), and the retry closes the run.
   *
   * <p>Why not SQL's {@code UPDATE} (nor the {@code MERGE} before it), which had the same guarantees: its
   * planning and three Spark queries took 0.6 s of every command; the transaction of {@link RowTransaction} reads the
   * one file on the driver and writes one (docs/performance.md).
   */
  public boolean finish(RunRecord run) {
    Where open = Where.equal("run_id", run.runId()).andEqual("status", RunStatus.RUNNING.code()).andNull("error");
    return updateWhere(open, Rows.run(run), LedgerSchemas.RUNS) == 1;
  }

  /** A run as stored, with what a verification needs to repeat it. */
  public record StoredRun(String runId, String runKey, String command, RunStatus status, String spec,
      String codeVersion, List<PinnedInputs.Input> dataVersions) {}

  public Optional<StoredRun> get(String runId) {
    List<Row> rows = rows(Where.equal("run_id", runId));
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
