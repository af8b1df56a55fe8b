package dev.assay.gpu;

import dev.assay.errors.ModelErrors;
import dev.assay.spec.Algorithm;
import org.apache.spark.sql.SparkSession;

/**
 * The engine one run computes on ({@code cpu} or {@code gpu}) and the device model recorded with it. A run
 * starts on CPU; {@code --gpu} asks for GPU, a GPU model moves the run to GPU (after {@link GpuCheck}), and
 * the two never mix: a model is scored on the engine it was trained on, because XGBoost's CPU path scores a
 * GPU model's {@code String[]} feature columns wrongly.
 */
public final class RunEngine {
  public static final String CPU = "cpu";
  public static final String GPU = "gpu";

  private final SparkSession spark;
  private final String command;
  private boolean gpuRequested;
  private String engine = CPU;
  private String gpuModel;

  public RunEngine(SparkSession spark, String command) {
    this.spark = spark;
    this.command = command;
  }

  public String engine() {
    return engine;
  }

  /** Records the engine of work done elsewhere (a stored model's), without checks. */
  public void set(String engine) {
    this.engine = engine;
  }

  /** {@code --gpu}: this run must score on GPU (checked against the model's engine by {@link #useModelEngine}). */
  public void requestGpu(boolean gpu) {
    this.gpuRequested = gpu;
  }

  public boolean gpuRequested() {
    return gpuRequested;
  }

  /**
   * Runs on the engine a model was trained on: a GPU model only on GPU, after {@link GpuCheck} (exit 2 when
   * GPUs are missing); {@code --gpu} with a CPU model is refused, as the two never share a model.
   */
  public void useModelEngine(String modelRef, String modelEngine, Algorithm algorithm) {
    boolean gpu = GPU.equals(modelEngine);
    if (gpuRequested && !gpu) {
      throw ModelErrors.engineMismatch(command, modelRef, modelEngine);
    }
    if (gpu) {
      useGpu(algorithm);
    } else {
      engine = CPU;
    }
  }

  /** Checks that GPUs are usable by {@code algorithm} (exit 2 otherwise) and records engine gpu and the GPU model. */
  public void useGpu(Algorithm algorithm) {
    engine = GPU;  // a refused GPU run is recorded as the GPU run it asked to be
    gpuModel = GpuCheck.requireGpu(spark, algorithm).deviceModel();
  }

  /**
   * The model of the device this run computes on, when known: the GPU model a probe task saw, or on CPU in
   * local mode this machine's CPU model; null for CPU executors elsewhere (not known here).
   */
  public String deviceModel() {
    if (GPU.equals(engine)) {
      return gpuModel;
    }
    return spark.sparkContext().master().startsWith("local") ? DeviceModel.cpu() : null;
  }
}
