package dev.assay.data;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The state of a Delta table's latest snapshot, computed on a daemon thread while the job does other work, for a
 * write of the same job that will read it.
 *
 * <p>Why: an overwrite with {@code replaceWhere} (what {@code score} writes) first reconstructs the state of the
 * version it reads (its files and their statistics, from the last checkpoint and the commits after it: three Spark
 * jobs, "Compute snapshot for version: N" in a job timeline, 0.3-0.9 s on two cores) before it looks for the files
 * it replaces. When a job knows early which table it will write, and nobody else writes it meanwhile, that
 * work can run beside the job's own instead of before its write: the write reads the same {@code Snapshot} object
 * (Delta keeps one per table and version) and so its cached state. If the table moved on, the write computes the
 * newer state itself, as it always did, and the warming cost only its CPU time.
 *
 * <p>The caller gives the session to compute in: its own ({@code newSession()}), so that its settings (the
 * ledger's interpreted evaluation) never change the job's. A failure is only logged: the write does the same work
 * again and reports what is wrong. The write waits for the warming first ({@link #await}), so no Spark job of it
 * outlives the job.
 */
public final class SnapshotWarming {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWarming.class);
  private final String path;
  private final FutureTask<Long> task;

  private SnapshotWarming(String path, FutureTask<Long> task) {
    this.path = path;
    this.task = task;
  }

  /** Starts computing the state of the latest snapshot of the table at {@code path} in {@code session}. */
  public static SnapshotWarming start(SparkSession session, String path) {
    FutureTask<Long> task = new FutureTask<>(() -> {
      SparkSession.setActiveSession(session);
      return DeltaLog.forTable(session, path).update(false, Option.empty(), Option.empty()).numOfFiles();
    });
    Thread thread = new Thread(task, "assay-snapshot-warming");
    thread.setDaemon(true);
    thread.start();
    return new SnapshotWarming(path, task);
  }

  /** Waits until the state is computed; a failure is logged, never thrown. */
  public void await() {
    try {
      task.get();
    } catch (ExecutionException e) {
      LOG.debug("Cannot compute the state of {} ahead of its write: {}", path, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
