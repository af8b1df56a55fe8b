package dev.assay.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.RunStatus;
import dev.assay.ledger.Where;
import dev.assay.model.ModelArtifacts;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back what a killed job left in the ledger. A job that dies without closing its run (SIGKILL,
 * OOM killer, lost node) leaves a RUNNING row and possibly a model row without metrics or an
 * artifact without a model row. Every job, once its own RUNNING row is written, looks for such runs
 * and, for each whose process is gone, claims it, removes its model rows (with every metric row of those
 * models), its metric rows and its artifact directories, then closes it as FAILED with the reason.
 *
 * <p>Dead or alive ({@link #abandoned}): a run of this boot and pid namespace ({@link ProcessIdentity}) and
 * user is dead when no process has its pid or the process with that pid started at another time (the pid was
 * reused), and alive otherwise. A run anywhere else (another machine or container, a reboot, a row of an
 * older Assay without process identity) cannot be probed: it is dead once its lease ({@link RunLease}) was
 * not renewed for {@link RunLease#MISSED_BEATS} heartbeats, and a run without a lease file (older Assay,
 * unwritable lease directory) once it has been RUNNING longer than {@link #LEASE}; an operator who knows
 * it died sooner reruns with {@code -Dassay.run.lease.minutes=N}.
 *
 * <p>Why claim first: the claim (the RUNNING row gets its {@code abandoned:} error) is a commit that a
 * run's own closing write checks for ({@link dev.assay.ledger.RunsTable#finish}), so a run presumed dead
 * that is in fact alive (a long pause) can no longer close as SUCCEEDED once its rows are being deleted: it
 * fails with exit 75 and rolls back instead. A claimed row whose recovery was itself killed counts as dead
 * at once (the claim cannot be taken back). Each step is idempotent, so two jobs recovering the same run at
 * once, or a recovery killed half way, leave the same end state.
 */
public final class RecoverAbandonedRuns {
  private static final Logger LOG = LoggerFactory.getLogger(RecoverAbandonedRuns.class);
  static final String ABANDONED = "abandoned: ";
  private static final String CLAIMED_BY = "; run ";

  /** How long a RUNNING run that has no lease file and cannot be probed is presumed alive. */
  static final Duration LEASE = Duration.ofMinutes(Long.getLong("assay.run.lease.minutes", 24 * 60));

  /** A RUNNING row as stored: enough to decide whether its process still exists ({@code process} null: no pid). */
  record OpenRun(String runId, String command, Timestamp startedAt, String host, String user,
      ProcessIdentity process, String error) {}

  private RecoverAbandonedRuns() {}

  /** Recovers every abandoned run but the caller's own; returns how many were closed. */
  public static int recover(JobContext ctx) {
    List<OpenRun> open = open(ctx);
    if (open.isEmpty()) {
      return 0;
    }
    RunLease.Leases leases = RunLease.read(ctx.spark(), ctx.ledger().root(), ctx.runId(),
        open.stream().map(OpenRun::runId).collect(Collectors.toSet()));
    int closed = 0;
    for (OpenRun run : open) {
      Optional<String> why = abandoned(run, JobRunner.SELF, leases);
      if (why.isPresent() && close(ctx, run, why.get())) {
        closed++;
      }
    }
    return closed;
  }

  private static List<OpenRun> open(JobContext ctx) {
    List<OpenRun> runs = new ArrayList<>();
    List<Row> rows = ctx.ledger().runs().rows(Where.equal("status", RunStatus.RUNNING.code())
        .andNotEqual("run_id", ctx.runId()), "run_id", "command", "started_at", "host", "pid", "boot_id",
        "pid_namespace", "process_start_ticks", "error", "user");
    for (Row r : rows) {
      ProcessIdentity process = r.isNullAt(4) ? null : new ProcessIdentity(r.getString(5), r.getString(6),
          r.getLong(4), r.isNullAt(7) ? null : r.getLong(7));
      runs.add(new OpenRun(r.getString(0), r.getString(1), r.getTimestamp(2), r.getString(3), r.getString(9),
          process, r.getString(8)));
    }
    return runs;
  }

  /** Why the run's process is known to be gone, or empty while it may still be running. */
  static Optional<String> abandoned(OpenRun run, ProcessIdentity here, RunLease.Leases leases) {
    ProcessIdentity p = run.process();
    if (run.error() != null && run.error().startsWith(ABANDONED)) {
      return Optional.of("closing by an earlier recovery did not end (" + run.error() + ")");
    }
    if (p != null && here.probes(p) && Objects.equals(run.user(), System.getProperty("user.name"))) {
      Optional<Long> ticks = ProcessIdentity.startTicks(p.pid());
      if (ticks.isEmpty()) {
        return Optional.of(String.format("process %s on %s is gone", p.label(), run.host()));
      }
      if (ticks.get() >= 0 && !ticks.get().equals(p.startTicks())) {
        return Optional.of(String.format("process %s on %s ended (the pid now belongs to a process started at "
            + "tick %d, not %d)", p.label(), run.host(), ticks.get(), p.startTicks()));
      }
      return Optional.empty();
    }
    Optional<RunLease.Renewal> lease = leases.of(run.runId());
    if (lease.isPresent()) {
      RunLease.Renewal r = lease.get();
      return r.expiresAt().isBefore(leases.now())
          ? Optional.of(String.format("lease on %s was last renewed at %s and expired at %s (%d heartbeats of %s s "
              + "missed)", run.host(), r.renewedAt(), r.expiresAt(), RunLease.MISSED_BEATS,
              BigDecimal.valueOf(r.interval().toMillis(), 3).stripTrailingZeros().toPlainString()))
          : Optional.empty();
    }
    Duration age = Duration.between(run.startedAt().toInstant(), leases.now());
    if (age.compareTo(LEASE) > 0) {
      return Optional.of(String.format("it started %s on %s and has not ended in %d min (assay.run.lease.minutes)",
          run.startedAt(), run.host(), LEASE.toMinutes()));
    }
    return Optional.empty();
  }

  /** Claims, cleans and closes {@code run}; false when it ended by itself before the claim. */
  private static boolean close(JobContext ctx, OpenRun run, String why) {
    Ledger ledger = ctx.ledger();
    String reason = run.error() != null && run.error().startsWith(ABANDONED) && run.error().contains(CLAIMED_BY)
        ? run.error().substring(0, run.error().lastIndexOf(CLAIMED_BY))
        : ABANDONED + "the " + run.command() + " job's " + why;
    if (!setError(ctx, run, reason + CLAIMED_BY + ctx.runId() + " is taking back its rows", false)) {
      return false;
    }
    // A run registers at most one model (train, ensemble, external evaluate; retrain trains once).
    List<ModelRecord> models = ledger.models().byRunId(run.runId()).stream().toList();
    for (ModelRecord m : models) {
      ledger.metrics().deleteModel(m.modelName(), m.modelVersion());
    }
    ledger.metrics().deleteRun(run.runId());
    ledger.models().deleteRun(run.runId());
    int dirs = deleteArtifacts(ctx, run.runId());
    setError(ctx, run, String.format("%s%s%s removed its %d model row(s) and their metrics, its metric rows and %d "
        + "artifact dir(s); rerun the command", reason, CLAIMED_BY, ctx.runId(), models.size(), dirs), true);
    RunLease.delete(ctx.spark(), ledger.root(), run.runId());
    ctx.step("closed abandoned %s run %s (%s): removed %d model row(s) and its metric rows and artifacts",
        run.command(), run.runId(), why, models.size());
    return true;
  }

  /**
   * Sets the error of {@code run} while it is RUNNING, and its status to FAILED with {@code close}; returns
   * whether the row was still RUNNING. SQL's UPDATE, not {@code DeltaTable.update}: only SQL returns the count.
   */
  private static boolean setError(JobContext ctx, OpenRun run, String error, boolean close) {
    String path = ctx.ledger().path(LedgerTableName.RUNS);
    Column where = col("run_id").equalTo(lit(run.runId())).and(col("status").equalTo(lit(RunStatus.RUNNING.code())));
    String set = "error = " + lit(error).expr().sql() + (close ? ", status = " + lit(RunStatus.FAILED.code()).expr()
        .sql() + ", ended_at = current_timestamp()" : "");
    String update = "UPDATE delta.`" + path.replace("`", "``") + "` SET " + set + " WHERE " + where.expr().sql();
    long updated = ctx.ledger().commit(LedgerTableName.RUNS, () -> ctx.spark().sql(update).first().getLong(0));
    return updated > 0;
  }

  /** Artifacts live at {@code <ledger>/artifacts/<model>/<run id>}: a run id names at most one directory per model. */
  private static int deleteArtifacts(JobContext ctx, String runId) {
    Path pattern = new Path(ctx.ledger().root() + "/artifacts/*/" + runId);
    try {
      FileSystem fs = pattern.getFileSystem(ctx.spark().sessionState().newHadoopConf());
      FileStatus[] found = fs.globStatus(pattern);
      if (found == null) {
        return 0;
      }
      for (FileStatus f : found) {
        ModelArtifacts.delete(ctx.spark(), f.getPath().toString());
      }
      return found.length;
    } catch (IOException e) {
      LOG.warn("Cannot list the artifacts of abandoned run {}", runId, e);
      return 0;
    }
  }
}
