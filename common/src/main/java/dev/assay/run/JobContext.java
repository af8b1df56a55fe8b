package dev.assay.run;

import dev.assay.data.PinnedInputs;
import dev.assay.data.Warehouse;
import dev.assay.gpu.RunEngine;
import dev.assay.ledger.CommitTag;
import dev.assay.ledger.Ledger;
import dev.assay.spec.Algorithm;
import dev.assay.spec.RecordedSpec;
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
  private RecordedSpec spec;
  private String runKey;
  private final List<Runnable> undo = new ArrayList<>();
  private final RunEngine engine;
  private boolean wroteModels;
  private boolean wroteMetrics;

  public JobContext(SparkSession spark, Warehouse warehouse, String ledgerRoot, String command,
      Map<String, String> extraContext) {
    this(spark, warehouse, ledgerRoot, command, extraContext, System.getenv());
  }

  /**
   * A context whose scheduler variables come from {@code environment} instead of the process
   * environment (tests pass a map; the CLI passes {@code System.getenv()}).
   */
  public JobContext(SparkSession spark, Warehouse warehouse, String ledgerRoot, String command,
      Map<String, String> extraContext, Map<String, String> environment) {
    this.spark = spark;
    this.warehouse = warehouse;
    // Every ledger commit of this run carries its id and command (see CommitTag).
    this.ledger = new Ledger(spark, warehouse.resolve(ledgerRoot), new CommitTag(runId, command));
    this.command = command;
    this.inputs = new PinnedInputs(spark, warehouse);
    this.schedulerContext = schedulerContext(extraContext, environment);
    this.engine = new RunEngine(spark, command);
  }

  /**
   * Airflow's {@code AIRFLOW_CTX_*} variables from {@code environment}, then {@code --context k=v}
   * (which wins on the same key), recorded on the run.
   */
  static Map<String, String> schedulerContext(Map<String, String> extra, Map<String, String> environment) {
    Map<String, String> ctx = new TreeMap<>();
    (environment == null ? Map.<String, String>of() : environment).forEach((k, v) -> {
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

  /** The recorded spec as canonical JSON, or null before the job sets it. */
  public String spec() {
    return spec == null ? null : spec.json();
  }

  public RecordedSpec recordedSpec() {
    return spec;
  }

  public void setSpec(RecordedSpec spec) {
    this.spec = spec;
  }

  public String runKey() {
    return runKey;
  }

  public void setRunKey(String runKey) {
    this.runKey = runKey;
  }

  public String engine() {
    return engine.engine();
  }

  public void setEngine(String engine) {
    this.engine.set(engine);
  }

  /** {@code --gpu}: this run must score on GPU (see {@link RunEngine#requestGpu}). */
  public void requestGpu(boolean gpu) {
    engine.requestGpu(gpu);
  }

  public boolean gpuRequested() {
    return engine.gpuRequested();
  }

  /** Runs on the engine a model was trained on (see {@link RunEngine#useModelEngine}). */
  public void useEngine(String modelRef, String modelEngine, Algorithm algorithm) {
    engine.useModelEngine(modelRef, modelEngine, algorithm);
  }

  /** Checks that GPUs are usable (exit 2 otherwise) and records engine gpu and the GPU model. */
  public void useGpu(Algorithm algorithm) {
    engine.useGpu(algorithm);
  }

  /** The model of the device this run computes on, when known (see {@link RunEngine#deviceModel}). */
  public String deviceModel() {
    return engine.deviceModel();
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

  /** Registers how to take back something this run wrote, should the run fail (run in reverse order). */
  public void onFailure(Runnable takeBack) {
    undo.add(0, takeBack);
  }

  List<Runnable> undoOnFailure() {
    return undo;
  }

  public boolean wroteModels() {
    return wroteModels;
  }

  public boolean wroteMetrics() {
    return wroteMetrics;
  }
}
