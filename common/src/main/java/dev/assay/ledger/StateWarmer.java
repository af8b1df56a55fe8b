package dev.assay.ledger;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Computes the state of a ledger table's latest snapshot in the background, while the command does its own work,
 * so that the command's closing write to that table starts from a cached state.
 *
 * <p>Why: every command ends with an UPDATE of its {@code runs} row, and Delta's UPDATE first reconstructs the
 * state of the version it reads (the files and their statistics, from the last checkpoint and the commits after
 * it: three Spark jobs, the "Compute snapshot" of a job timeline) before it looks for the file holding the row.
 * That version is, unless another process wrote meanwhile, the one this command's RUNNING row made. Computing its
 * state right after that append, on a daemon thread, takes the three jobs off the closing path: 0.3-0.6 s of a
 * 1.0-1.6 s UPDATE on a 75-version {@code runs} table (docs/performance.md). The UPDATE reads the same
 * {@code Snapshot} object (Delta caches one per table and version) and so its cached state; if the table moved
 * on, the UPDATE computes the newer state itself, as it always did.
 *
 * <p>The background queries run in their own session, interpreted like every ledger query
 * ({@link InterpretedQueries}), so that the session-wide settings of the command's own work are never touched.
 * A failure there is only logged: the UPDATE does the same work again and reports what is wrong. The closing
 * write waits for the warming first ({@link #await}), so no Spark job of it outlives the command.
 */
final class StateWarmer {
  private static final Logger LOG = LoggerFactory.getLogger(StateWarmer.class);
  private final Ledger ledger;
  private final Map<LedgerTableName, FutureTask<Long>> warming = new EnumMap<>(LedgerTableName.class);

  StateWarmer(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Starts computing the state of {@code table}'s latest snapshot on a daemon thread. */
  synchronized void start(LedgerTableName table) {
    if (warming.containsKey(table)) {
      return;
    }
    String path = ledger.path(table);
    SparkSession own = ledger.spark().newSession();
    own.conf().set(InterpretedQueries.WHOLE_STAGE, "false");
    own.conf().set(InterpretedQueries.FACTORY_MODE, "NO_CODEGEN");
    FutureTask<Long> task = new FutureTask<>(() -> {
      SparkSession.setActiveSession(own);
      return DeltaLog.forTable(own, path).update(false, Option.empty(), Option.empty()).numOfFiles();
    });
    Thread thread = new Thread(task, "assay-warm-" + table.code());
    thread.setDaemon(true);
    warming.put(table, task);
    thread.start();
  }

  /** Waits for the warming of {@code table}, if one was started; its failure is logged, never thrown. */
  void await(LedgerTableName table) {
    FutureTask<Long> task;
    synchronized (this) {
      task = warming.remove(table);
    }
    if (task == null) {
      return;
    }
    try {
      task.get();
    } catch (ExecutionException e) {
      LOG.debug("Cannot compute the state of {} ahead of its write: {}", ledger.path(table), e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
