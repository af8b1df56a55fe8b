package dev.assay.jobs;

import dev.assay.data.Warehouse;
import dev.assay.errors.AssayException;
import dev.assay.gpu.GpuCheck;
import dev.assay.run.EarlyFailure;
import dev.assay.run.JobContext;
import dev.assay.run.StepLog;
import dev.assay.spark.AssaySpark;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the Spark session and warehouse from the CLI's inherited options, and is the one place a
 * command's JobContext is built, so every run gets the same session, warehouse, ledger, command
 * name, scheduler context and environment, whether it runs or fails before it starts.
 */
final class Session {
  private Session() {}

  static SparkSession spark(AssayCli cli, String command) {
    StepLog.setQuiet(cli.quiet);
    Map<String, String> conf = new LinkedHashMap<>(cli.conf);
    GpuCheck.beforeSession(System.getProperty("spark.master", cli.master != null ? cli.master : "local[*]"),
        conf.getOrDefault("spark.plugins", System.getProperty("spark.plugins")));
    return AssaySpark.getOrCreate("assay " + command, cli.master != null ? cli.master : "local[*]", conf);
  }

  static Warehouse warehouse(AssayCli cli) {
    return Warehouse.fromEnvironment(cli.warehouse);
  }

  /** The context of a run of {@code command}, on a session opened from the CLI's options. */
  static JobContext context(JobCommand command) {
    return context(spark(command.cli, command.commandName()), command);
  }

  /**
   * Records {@code error}, raised before the job started, as a FAILED run of {@code command} (see
   * {@link EarlyFailure}). It lives here, not in AssayCli, because picocli reflects on AssayCli's
   * methods, and a lambda taking a SparkSession there would need Spark on the class path for --help.
   */
  static void recordEarlyFailure(JobCommand command, AssayException error) {
    EarlyFailure.record(spark -> context(spark, command), error);
  }

  private static JobContext context(SparkSession spark, JobCommand command) {
    return new JobContext(spark, warehouse(command.cli), command.ledgerRoot(), command.commandName(),
        command.schedulerContext(), command.cli.environment);
  }
}
