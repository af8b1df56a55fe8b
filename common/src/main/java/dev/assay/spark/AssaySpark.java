package dev.assay.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Builds the SparkSession every Assay job runs in: Delta enabled, quiet, bound to loopback in
 * local mode. Settings already present (from spark-submit or a profile) are never overridden.
 */
public final class AssaySpark {
  private AssaySpark() {}

  /** Settings Assay needs in every session; the Delta ones are required, not tuning. */
  public static Map<String, String> requiredConf() {
    return Map.of("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
  }

  /**
   * Defaults in every mode, for the ledger's own writes: each MERGE's source is a local relation
   * built from rows in the driver, which is deterministic, so Delta need not copy it to disk before
   * joining (its "auto" mode does, as the source is not a Delta table): one Spark job less per
   * ledger MERGE. Assay merges nothing else; a user setting wins.
   */
  public static Map<String, String> ledgerDefaults() {
    return Map.of("spark.databricks.delta.merge.materializeSource", "none");
  }

  /** Defaults for a local run: each may be overridden by the caller's configuration. */
  public static Map<String, String> localDefaults() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.ui.showConsoleProgress", "false");
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.sql.shuffle.partitions", "4");
    conf.put("spark.default.parallelism", "4");
    conf.put("spark.databricks.delta.snapshotPartitions", "2");
    conf.put("spark.sql.session.timeZone", "UTC");
    // Delta's VACUUM and file listings use this many tasks (default 10000): minutes on two cores.
    conf.put("spark.sql.sources.parallelPartitionDiscovery.parallelism", "8");
    // XGBoost's barrier stage must fail fast when slots are missing, not retry for minutes.
    conf.put("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "1");
    conf.put("spark.databricks.delta.retentionDurationCheck.enabled", "true");
    // file: paths without a chmod or readlink process per file (NioLocalFileSystem says why), where the JVM's own
    // class path holds Assay (scripts/assay, tests): Hadoop loads the class by name in whatever thread first asks,
    // and a thread's class loader need not see an application jar that spark-submit added.
    if (NioLocalFileSystem.onSystemClassPath()) {
      conf.putAll(NioLocalFileSystem.SPARK_CONF);
    }
    return conf;
  }

  /**
   * Returns the active session or creates one. {@code defaultMaster} applies only when no master
   * was given by spark-submit or {@code spark.master}. An existing session (a later command of a
   * {@code --then} chain, or a test's) takes the runtime settings and keeps its static ones, as
   * Spark's builder would, without the builder's warning on every command.
   */
  public static SparkSession getOrCreate(String appName, String defaultMaster, Map<String, String> extraConf) {
    String master = System.getProperty("spark.master");
    boolean local = master == null ? (defaultMaster == null || defaultMaster.startsWith("local"))
        : master.startsWith("local");
    Map<String, String> settings = new LinkedHashMap<>();
    if (local) {
      localDefaults().forEach((k, v) -> {
        if (System.getProperty(k) == null) {
          settings.put(k, v);
        }
      });
    }
    ledgerDefaults().forEach((k, v) -> {
      if (System.getProperty(k) == null) {
        settings.put(k, v);
      }
    });
    settings.putAll(requiredConf());
    settings.putAll(extraConf);
    Option<SparkSession> existing = SparkSession.getDefaultSession();
    if (existing.isDefined() && !existing.get().sparkContext().isStopped()) {
      SparkSession spark = existing.get();
      settings.forEach((k, v) -> {
        if (spark.conf().isModifiable(k)) {
          spark.conf().set(k, v);
        }
      });
      return spark;
    }
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (master == null && defaultMaster != null) {
      builder.master(defaultMaster);
    }
    ClusterCapacity.probeMaster(master != null ? master : defaultMaster);
    settings.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("assay.spark.logLevel", "WARN"));
    try {
      ClusterCapacity.awaitStart(spark);
    } catch (RuntimeException e) {
      // Nothing can run on this session: stop it, so that nothing (an early-failure record) waits on it.
      spark.stop();
      throw e;
    }
    return spark;
  }
}
