package dev.assay.jobs;

import dev.assay.data.Warehouse;
import dev.assay.run.StepLog;
import dev.assay.gpu.GpuCheck;
import dev.assay.spark.AssaySpark;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Opens the Spark session and warehouse from the CLI's inherited options. */
final class Session {
  private Session() {}

  static SparkSession spark(AssayCli cli, String command) {
    StepLog.setQuiet(cli.quiet);
    Map<String, String> conf = new java.util.LinkedHashMap<>(cli.conf);
    GpuCheck.beforeSession(System.getProperty("spark.master", cli.master != null ? cli.master : "local[*]"),
        conf.getOrDefault("spark.plugins", System.getProperty("spark.plugins")));
    return AssaySpark.getOrCreate("assay " + command, cli.master != null ? cli.master : "local[*]", conf);
  }

  static Warehouse warehouse(AssayCli cli) {
    return Warehouse.fromEnvironment(cli.warehouse);
  }
}
