package dev.assay.run;

import dev.assay.data.Warehouse;
import dev.assay.errors.AssayException;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.RunStatus;
import io.delta.tables.DeltaTable;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Records a FAILED run for an error found before the job started (a spec typo, a bad option),
 * without making that error slow: only when a Spark session is already running in this JVM (a
 * scheduler or test host, a notebook) and the ledger already exists. A fresh CLI process that
 * fails on its spec exits at once with code 2 and writes nothing; starting Spark just to log a
 * typo would turn a sub-second error into a 15-second one.
 */
public final class EarlyFailure {
  private static final Logger LOG = LoggerFactory.getLogger(EarlyFailure.class);

  private EarlyFailure() {}

  /** Writes the FAILED row when possible; returns whether it did. Never throws. */
  public static boolean record(Warehouse warehouse, String ledgerRoot, String command, AssayException error) {
    return record(spark -> new JobContext(spark, warehouse, ledgerRoot, command, Map.of()), error);
  }

  /**
   * The same with the run's context built by {@code open} on the running session, so the FAILED row
   * carries what the run would have carried (the CLI's scheduler context, its environment).
   */
  public static boolean record(Function<SparkSession, JobContext> open, AssayException error) {
    JobContext ctx = null;
    try {
      Optional<SparkSession> active = active();
      if (active.isEmpty()) {
        return false;
      }
      SparkSession spark = active.get();
      ctx = open.apply(spark);
      if (!DeltaTable.isDeltaTable(spark, ctx.ledger().path(LedgerTableName.RUNS))) {
        return false;
      }
      ctx.ledger().runs().start(JobRunner.record(ctx, RunStatus.FAILED, error.exitCode().code(), error.getMessage()));
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Cannot record the failed run{}", ctx == null ? "" : " of " + ctx.command() + " in ledger "
          + ctx.ledger().root(), e);
      return false;
    }
  }

  private static Optional<SparkSession> active() {
    Option<SparkSession> s = SparkSession.getActiveSession();
    if (s.isEmpty()) {
      s = SparkSession.getDefaultSession();
    }
    return s.isDefined() && !s.get().sparkContext().isStopped() ? Optional.of(s.get()) : Optional.empty();
  }
}
