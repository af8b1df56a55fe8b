package dev.assay.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Algorithm;
import org.junit.jupiter.api.Test;

/** The GPU refusal on this CPU machine (default build, local[2], no NVIDIA driver), with real Spark. */
class GpuCheckTest extends SparkTestBase {
  static final String CLASSPATH = "the XGBoost jar on the classpath is the CPU build (xgboost4j-spark_2.12, no "
      + "ml.dmlc.xgboost4j.scala.spark.GpuXGBoostPlugin): build with 'mvn -Pgpu package' and submit with "
      + "'scripts/submit --profile gpu'";
  static final String RAPIDS = "the RAPIDS plugin is not active (spark.plugins=, com.nvidia.spark.SQLPlugin not on "
      + "the classpath): use the Spark profile conf/spark/gpu.properties with the RAPIDS jar from target/gpu-jars";
  static final String RESOURCES = "no GPU is assigned to local-mode tasks (spark.driver.resource.gpu.amount=0, "
      + "spark.task.resource.gpu.amount=0, driver GPUs discovered: none): set both and "
      + "spark.driver.resource.gpu.discoveryScript";

  @Test
  void everyMissingPartIsNamedWithItsFix() {
    assertThat(GpuCheck.missingSetup(spark)).containsExactly(CLASSPATH, RAPIDS, RESOURCES);
  }

  @Test
  void anOnnxModelNeedsTheCudaBuildOfOnnxRuntimeNotXgboostsOrRapids() {
    assertThat(GpuCheck.missingSetup(spark, Algorithm.ONNX)).containsExactly("the ONNX Runtime on the classpath has "
        + "no CUDA execution provider (providers [CPU]: the CPU build, com.microsoft.onnxruntime:onnxruntime): build "
        + "with 'mvn -Pgpu package' (onnxruntime_gpu) and submit with 'scripts/submit --profile gpu'", RESOURCES);
  }

  @Test
  void theRefusalIsOneUsageErrorListingAllOfIt() {
    assumeTrue(DeviceModel.cudaMissing() != null, "this machine has an NVIDIA driver");
    assertThatThrownBy(() -> GpuCheck.requireGpu(spark))
        .isInstanceOf(AssayException.class)
        .hasMessage("Cannot use device=cuda: " + CLASSPATH + "; " + RAPIDS + "; " + RESOURCES + "; "
            + DeviceModel.cudaMissing() + ": run on a machine or container with an NVIDIA GPU and driver; use "
            + "device: cpu, or run on GPU executors with the GPU build (see README, GPU)")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aProbeTaskReportsWhatAnExecutorWasGiven() {
    assumeTrue(DeviceModel.cudaMissing() != null, "this machine has an NVIDIA driver");
    GpuCheck.Probe probe = GpuCheck.probe(spark);
    assertThat(probe.addresses()).isEmpty();
    assertThat(probe.cudaMissing()).isEqualTo(DeviceModel.cudaMissing())
        .contains("no NVIDIA driver at /proc/driver/nvidia");
    assertThat(probe.gpuModel()).isNull();
  }
}
