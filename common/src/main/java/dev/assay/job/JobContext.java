package dev.assay.job;

import dev.assay.data.PinnedInputs;
import dev.assay.data.Warehouse;
import dev.assay.ledger.Ledger;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * What one job run carries from start to end: its id, the session, the pinned inputs, the ledger,
 * and what it has written so far (so a failure can take exactly that back).
 */
public final class JobContext {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Ledger ledger;
  private final String command;
  private final String runId = UUID.randomUUID().toString();
  private final Timestamp startedAt = new Timestamp(System.currentTimeMillis());
  private final PinnedInputs inputs;
  private final Map<String, String> schedulerContext;
  private final List<String> artifactDirs = new ArrayList<>();
  private String spec;
  private String runKey;
  private String engine = "cpu";
  private boolean wroteModels;
  private boolean wroteMetrics;

  public JobContext(SparkSession spark, Warehouse warehouse, String ledgerRoot, String command,
      Map<String, String> extraContext) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.ledger = new Ledger(spark, warehouse.resolve(ledgerRoot));
    this.command = command;
    this.inputs = new PinnedInputs(spark, warehouse);
    this.schedulerContext = schedulerContext(extraContext);
  }

  /** Airflow's {@code AIRFLOW_CTX_*} variables (and {@code --context k=v}), recorded on the run. */
  static Map<String, String> schedulerContext(Map<String, String> extra) {
    Map<String, String> ctx = new TreeMap<>();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("AIRFLOW_CTX_")) {
        ctx.put(k, v);
      }
    });
    if (extra != null) {
      ctx.putAll(extra);
    }
    return ctx;
  }

  public void step(String format, Object... args) {
    StepLog.step(command, runId, format, args);
  }

  public SparkSession spark() {
    return spark;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public Ledger ledger() {
    return ledger;
  }

  public String command() {
    return command;
  }

  public String runId() {
    return runId;
  }

  public Timestamp startedAt() {
    return startedAt;
  }

  public PinnedInputs inputs() {
    return inputs;
  }

  public Map<String, String> schedulerContext() {
    return schedulerContext;
  }

  public String spec() {
    return spec;
  }

  public void setSpec(String canonicalSpec) {
    this.spec = canonicalSpec;
  }

  public String runKey() {
    return runKey;
  }

  public void setRunKey(String runKey) {
    this.runKey = runKey;
  }

  public String engine() {
    return engine;
  }

  public void setEngine(String engine) {
    this.engine = engine;
  }

  public void artifactsWritten(String dir) {
    artifactDirs.add(dir);
  }

  List<String> artifactDirs() {
    return artifactDirs;
  }

  public void modelsWritten() {
    wroteModels = true;
  }

  public void metricsWritten() {
    wroteMetrics = true;
  }

  boolean wroteModels() {
    return wroteModels;
  }

  boolean wroteMetrics() {
    return wroteMetrics;
  }
}
