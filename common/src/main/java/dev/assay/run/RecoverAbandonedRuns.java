package dev.assay.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.RunStatus;
import dev.assay.model.ModelArtifacts;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back what a killed job left in the ledger. A job that dies without closing its run (SIGKILL,
 * OOM killer, lost node) leaves a RUNNING row and possibly a model row without metrics or an
 * artifact without a model row. Every job, once its own RUNNING row is written, looks for such runs
 * and, for each whose process is gone, removes its model rows (with every metric row of those
 * models), its metric rows and its artifact directories, then closes it as FAILED with the reason.
 *
 * <p>Dead or alive: a run on this host is dead when no process has its pid, or the process with that
 * pid started after the run did (the pid was reused). A run on another host cannot be probed, so it
 * counts as dead only after {@link #LEASE} without ending; an operator who knows it died sooner
 * reruns with {@code -Dassay.run.lease.minutes=N}. Each step is idempotent, so two jobs recovering
 * the same run at once, or a recovery killed half way, leave the same end state.
 */
public final class RecoverAbandonedRuns {
  private static final Logger LOG = LoggerFactory.getLogger(RecoverAbandonedRuns.class);

  /** How long a RUNNING run on another host is presumed alive. */
  static final Duration LEASE = Duration.ofMinutes(Long.getLong("assay.run.lease.minutes", 24 * 60));

  /** A RUNNING row as stored: enough to decide whether its process still exists. */
  record OpenRun(String runId, String command, Timestamp startedAt, String host, Long pid) {}

  private RecoverAbandonedRuns() {}

  /** Recovers every abandoned run but the caller's own; returns how many were closed. */
  public static int recover(JobContext ctx) {
    List<OpenRun> open = open(ctx);
    int closed = 0;
    String here = JobRunner.host();
    for (OpenRun run : open) {
      Optional<String> why = abandoned(run, here, Instant.now());
      if (why.isPresent()) {
        close(ctx, run, why.get());
        closed++;
      }
    }
    return closed;
  }

  private static List<OpenRun> open(JobContext ctx) {
    List<OpenRun> runs = new ArrayList<>();
    for (Row r : ctx.ledger().runs().all()
        .where(col("status").equalTo(lit(RunStatus.RUNNING.code())).and(col("run_id").notEqual(lit(ctx.runId()))))
        .select("run_id", "command", "started_at", "host", "pid").collectAsList()) {
      runs.add(new OpenRun(r.getString(0), r.getString(1), r.getTimestamp(2), r.getString(3),
          r.isNullAt(4) ? null : r.getLong(4)));
    }
    return runs;
  }

  /** Why the run's process is known to be gone, or empty while it may still be running. */
  static Optional<String> abandoned(OpenRun run, String thisHost, Instant now) {
    boolean sameHost = run.host() != null && run.host().equals(thisHost);
    if (sameHost && run.pid() != null) {
      Optional<ProcessHandle> process = ProcessHandle.of(run.pid());
      if (process.isEmpty()) {
        return Optional.of(String.format("process %d on %s is gone", run.pid(), run.host()));
      }
      Optional<Instant> started = process.get().info().startInstant();
      // Clock granularity of /proc start times is 10 ms; a second of slack keeps a live run alive.
      if (started.isPresent() && started.get().isAfter(run.startedAt().toInstant().plusSeconds(1))) {
        return Optional.of(String.format("process %d on %s ended (the pid now belongs to a process started %s)",
            run.pid(), run.host(), started.get()));
      }
      return Optional.empty();
    }
    Duration age = Duration.between(run.startedAt().toInstant(), now);
    if (age.compareTo(LEASE) > 0) {
      return Optional.of(String.format("it started %s on %s and has not ended in %d min (assay.run.lease.minutes)",
          run.startedAt(), run.host(), LEASE.toMinutes()));
    }
    return Optional.empty();
  }

  private static void close(JobContext ctx, OpenRun run, String why) {
    Ledger ledger = ctx.ledger();
    // A run registers at most one model (train, ensemble, external evaluate; retrain trains once).
    List<ModelRecord> models = ledger.models().byRunId(run.runId()).stream().toList();
    for (ModelRecord m : models) {
      ledger.metrics().deleteModel(m.modelName(), m.modelVersion());
    }
    ledger.metrics().deleteRun(run.runId());
    ledger.models().deleteRun(run.runId());
    int dirs = deleteArtifacts(ctx, run.runId());
    String error = String.format("abandoned: the %s job's %s; run %s removed its %d model row(s) and their metrics, "
        + "its metric rows and %d artifact dir(s); rerun the command", run.command(), why, ctx.runId(), models.size(),
        dirs);
    ledger.commit(LedgerTableName.RUNS, () -> {
      DeltaTable.forPath(ctx.spark(), ledger.path(LedgerTableName.RUNS)).update(
          col("run_id").equalTo(lit(run.runId())).and(col("status").equalTo(lit(RunStatus.RUNNING.code()))),
          Map.of("status", lit(RunStatus.FAILED.code()), "ended_at", current_timestamp(), "error", lit(error)));
      return null;
    });
    ctx.step("closed abandoned %s run %s (%s): removed %d model row(s) and its metric rows and artifacts",
        run.command(), run.runId(), why, models.size());
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
