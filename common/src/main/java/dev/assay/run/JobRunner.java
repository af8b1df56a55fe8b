package dev.assay.run;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.errors.LedgerErrors;
import dev.assay.ledger.RunRecord;
import dev.assay.ledger.RunStatus;
import dev.assay.model.ModelArtifacts;
import dev.assay.spec.Secrets;
import dev.assay.version.CodeVersion;
import dev.assay.version.LibraryVersions;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job body between two ledger writes: a RUNNING row first, then SUCCEEDED, SKIPPED or
 * FAILED with the exit code and error. On failure it removes every model row, metric row and
 * artifact the run wrote, so no partial result is ever visible. While the body runs, the run's
 * lease is renewed ({@link RunLease}); the closing write only succeeds on a run that is still open,
 * so a run closed as abandoned by another job fails with exit 75 and rolls back instead.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  /** This JVM, as recorded on its runs: it cannot change while the JVM lives. */
  static final ProcessIdentity SELF = ProcessIdentity.current();

  private JobRunner() {}

  public static int run(JobContext ctx, Function<JobContext, JobResult> body) {
    try {
      ctx.ledger().runs().start(record(ctx, RunStatus.RUNNING, null, null));
    } catch (AssayException e) {
      System.err.println("assay " + ctx.command() + " failed (exit " + e.exitCode().code() + "): "
          + Secrets.redactText(e.getMessage()));
      return e.exitCode().code();
    }
    try (RunLease lease = startLease(ctx)) {
      recoverAbandoned(ctx);
      return runBody(ctx, body);
    }
  }

  private static int runBody(JobContext ctx, Function<JobContext, JobResult> body) {
    JobResult result;
    try {
      // A rerun of an Airflow task that already succeeded must not do the work twice.
      Optional<SchedulerRerun.Earlier> done = SchedulerRerun.find(ctx);
      result = done.isPresent() ? SchedulerRerun.alreadyDone(ctx, done.get()) : body.apply(ctx);
    } catch (AssayException e) {
      return fail(ctx, e.exitCode(), e.getMessage(), e);
    } catch (Throwable e) { // Scala code throws checked exceptions (AnalysisException) that Java does not declare
      LOG.error("assay {}: internal error", ctx.command(), e);
      return fail(ctx, ExitCode.INTERNAL, "internal error: " + rootMessage(e)
          + " (a bug or an environment problem; the stack trace is in the log)", e);
    }
    CrashPoint.reach(ctx.command() + ".before-finish");
    try {
      if (!ctx.ledger().runs().finish(record(ctx, result.status(), result.code(), result.note()))) {
        throw LedgerErrors.runClosedMeanwhile(ctx.runId(), ctx.command(), result.status());
      }
    } catch (AssayException e) {
      // The work is done but cannot be recorded as done (e.g. exit 75 after the bounded retries, or the run
      // was closed as abandoned meanwhile): take it back, so the scheduler's retry redoes it instead of
      // finding half-recorded rows.
      return fail(ctx, e.exitCode(), e.getMessage(), e);
    }
    ctx.step("%s (%s)", result.status().code().toLowerCase(Locale.ROOT), result.message());
    return result.code();
  }

  /**
   * Starts the heartbeat of the run's lease; without one (an unwritable ledger root) the run is only judged
   * by {@code assay.run.lease.minutes}, as runs of older versions are, so it still runs.
   */
  private static RunLease startLease(JobContext ctx) {
    try {
      return RunLease.start(ctx.spark(), ctx.ledger().root(), ctx.runId(), SELF, RunLease.interval());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot start the lease of run {} (it is judged by assay.run.lease.minutes): {}", ctx.runId(),
          rootMessage(e));
      return null;
    }
  }

  /**
   * Closes runs whose process died before closing them; best effort, as a recovery that loses a race
   * or cannot read leaves nothing worse than before, and the next job tries again.
   */
  private static void recoverAbandoned(JobContext ctx) {
    try {
      RecoverAbandonedRuns.recover(ctx);
    } catch (RuntimeException e) {
      LOG.warn("Cannot recover abandoned runs in {} (the next job retries): {}", ctx.ledger().root(),
          rootMessage(e));
    }
  }

  private static int fail(JobContext ctx, ExitCode code, String message, Throwable cause) {
    rollback(ctx);
    try {
      // Conditional as every close: a run another job closed as abandoned keeps the record that job wrote.
      if (!ctx.ledger().runs().finish(record(ctx, RunStatus.FAILED, code.code(), message))) {
        LOG.info("Run {} was closed by another job meanwhile; its record is kept", ctx.runId());
      }
    } catch (RuntimeException e) {
      LOG.warn("Cannot record the failed run {}", ctx.runId(), e);
    }
    System.err.println("assay " + ctx.command() + " failed (exit " + code.code() + "): "
        + Secrets.redactText(message));
    LOG.debug("failure detail", cause);
    return code.code();
  }

  private static void rollback(JobContext ctx) {
    try {
      if (ctx.wroteMetrics()) {
        ctx.ledger().metrics().deleteRun(ctx.runId());
      }
      if (ctx.wroteModels()) {
        ctx.ledger().models().deleteRun(ctx.runId());
      }
      for (Runnable takeBack : ctx.undoOnFailure()) {
        takeBack.run();
      }
      for (String dir : ctx.artifactDirs()) {
        ModelArtifacts.delete(ctx.spark(), dir);
      }
    } catch (RuntimeException e) {
      LOG.warn("Cannot roll back run {} completely; its rows carry run_id {}", ctx.runId(), ctx.runId(), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getClass().getSimpleName() + ": " + t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static RunRecord record(JobContext ctx, RunStatus status, Integer exitCode, String error) {
    CodeVersion code = CodeVersion.current();
    boolean ended = status != RunStatus.RUNNING;
    return new RunRecord(ctx.runId(), ctx.runKey(), ctx.command(), status, ctx.startedAt(),
        ended ? new Timestamp(System.currentTimeMillis()) : null, ctx.spec(), code.label(), code.dirty(),
        code.projectVersion(), ctx.inputs().inputs(), ctx.spark().version(), LibraryVersions.xgboostVersion(),
        System.getProperty("java.version"), ctx.spark().sparkContext().master(), ctx.engine(), exitCode, error,
        ctx.schedulerContext(), System.getProperty("user.name"), host(), ctx.deviceModel(), SELF.pid(), SELF.bootId(),
        SELF.pidNamespace(), SELF.startTicks());
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return null;
    }
  }
}
