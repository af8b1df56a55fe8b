package dev.assay.ledger;

import java.util.function.Supplier;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Runs one ledger read or commit with Spark's interpreted expression evaluation instead of generated code.
 *
 * <p>Why: a ledger table holds one row per run, model or metric, and a command writes it several times
 * (the RUNNING row, the registration in {@code models}, the metric rows, the close of the run; its point
 * lookups read on the driver, {@link DriverReads}). For each such query Spark spends more time writing and
 * compiling Java code (whole-stage code generation, Janino) than evaluating the few rows it reads; in a fresh
 * process that is most of a small command's CPU time (docs/performance.md). Spark guarantees the interpreted path
 * gives the same results (it is its fallback when generated code fails to compile), so only the time
 * changes. The data work of a job (training input, scoring, metrics over millions of rows) keeps code
 * generation, where it pays for itself.
 *
 * <p>The two settings are session-wide: they are set for the duration of {@code query} and then restored
 * to what they held (a user's {@code --conf} or the test JVMs' flags). A query another thread of the same
 * session plans meanwhile runs interpreted too, with the same results. {@code -Dassay.ledger.interpreted=false}
 * keeps code generation for ledger queries as well (to measure the difference: {@code scripts/bench}).
 */
public final class InterpretedQueries {
  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("assay.ledger.interpreted", "true"));

  private InterpretedQueries() {}

  /** Runs {@code query} (its Spark actions) interpreted, then restores the session's settings. */
  public static <T> T run(SparkSession spark, Supplier<T> query) {
    if (!ENABLED) {
      return query.get();
    }
    RuntimeConfig conf = spark.conf();
    Option<String> wholeStage = conf.getOption(WHOLE_STAGE);
    Option<String> factoryMode = conf.getOption(FACTORY_MODE);
    conf.set(WHOLE_STAGE, "false");
    conf.set(FACTORY_MODE, "NO_CODEGEN");
    try {
      return query.get();
    } finally {
      restore(conf, WHOLE_STAGE, wholeStage);
      restore(conf, FACTORY_MODE, factoryMode);
    }
  }

  /**
   * A new session of {@code spark}'s context (its settings separate) that runs every query interpreted: for ledger
   * work on another thread ({@link dev.assay.data.SnapshotWarming}), where {@link #run} would switch the settings
   * of the job's own queries too.
   */
  public static SparkSession session(SparkSession spark) {
    SparkSession own = spark.newSession();
    if (ENABLED) {
      own.conf().set(WHOLE_STAGE, "false");
      own.conf().set(FACTORY_MODE, "NO_CODEGEN");
    }
    return own;
  }

  private static void restore(RuntimeConfig conf, String key, Option<String> before) {
    if (before.isDefined()) {
      conf.set(key, before.get());
    } else {
      conf.unset(key);
    }
  }
}
