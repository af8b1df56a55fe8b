package dev.assay.gpu;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.assay.errors.ModelErrors;
import dev.assay.spec.Algorithm;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Refuses a GPU request Assay cannot honour before XGBoost or RAPIDS sees it: the CPU XGBoost jar
 * aborts the whole JVM on {@code device=cuda}, which would kill the driver without a word. All
 * that is missing is reported at once (exit 2), each with its fix:
 * <ol>
 *   <li>the CUDA build of XGBoost4J-Spark on the classpath ({@value #GPU_PLUGIN_CLASS} exists only in
 *       {@code xgboost4j-spark-gpu}: build with {@code mvn -Pgpu package});</li>
 *   <li>the RAPIDS plugin active ({@code spark.plugins} holds {@value #RAPIDS_PLUGIN_CLASS}, {@code
 *       spark.rapids.sql.enabled} not false): XGBoost's GPU path needs it, and without it feature
 *       columns given as {@code String[]} are scored wrongly on CPU;</li>
 *   <li>GPUs assigned: {@code spark.executor.resource.gpu.amount} (local mode: {@code
 *       spark.driver.resource.gpu.amount} with the driver's discovered GPUs) and {@code
 *       spark.task.resource.gpu.amount};</li>
 *   <li>a CUDA device visible where tasks run: one task probes its assigned GPU addresses and the
 *       NVIDIA driver, and reports the GPU model.</li>
 * </ol>
 */
public final class GpuCheck {
  static final String GPU_PLUGIN_CLASS = "ml.dmlc.xgboost4j.scala.spark.GpuXGBoostPlugin";
  static final String RAPIDS_PLUGIN_CLASS = "com.nvidia.spark.SQLPlugin";

  /** A granted GPU request: the GPU model a task saw (null when the driver did not report one). */
  public record Granted(String deviceModel) {}

  /** What one executor task saw: its GPU addresses, why CUDA is not visible (null if it is), the GPU model. */
  record Probe(List<String> addresses, String cudaMissing, String gpuModel) implements Serializable {}

  private GpuCheck() {}

  /** Checks everything an XGBoost GPU run needs, or throws exit 2 naming each missing part and its fix. */
  public static Granted requireGpu(SparkSession spark) {
    return requireGpu(spark, Algorithm.XGBOOST);
  }

  /**
   * Checks everything a GPU run of {@code algorithm} needs: for an imported ONNX model the CUDA build of ONNX
   * Runtime instead of XGBoost's and RAPIDS (ONNX Runtime runs its own CUDA kernels); GPUs assigned and visible
   * for both.
   */
  public static Granted requireGpu(SparkSession spark, Algorithm algorithm) {
    List<String> missing = new ArrayList<>(missingSetup(spark, algorithm));
    if (!missing.isEmpty()) {
      // Without assigned GPUs a probe task would get no addresses anyway; still say whether CUDA is visible here.
      String cuda = DeviceModel.cudaMissing();
      if (cuda != null && isLocal(spark)) {
        missing.add(cuda + ": run on a machine or container with an NVIDIA GPU and driver");
      }
      throw ModelErrors.gpuUnavailable(String.join("; ", missing));
    }
    Probe probe = probe(spark);
    if (probe.addresses().isEmpty()) {
      throw ModelErrors.gpuUnavailable("a probe task was given no GPU address although GPU amounts are set: check the "
          + "GPU discovery script (spark.executor.resource.gpu.discoveryScript) and that the cluster manager "
          + "schedules GPUs");
    }
    if (probe.cudaMissing() != null) {
      throw ModelErrors.gpuUnavailable(probe.cudaMissing() + " although task GPU address(es) " + probe.addresses()
          + " were assigned: install the NVIDIA driver and container runtime on the executors");
    }
    return new Granted(probe.gpuModel());
  }

  /**
   * Called before a session starts: in local mode RAPIDS' executor plugin runs in this JVM and ends
   * it ({@code cudaErrorInsufficientDriver}) when no CUDA device is visible, so Assay refuses first.
   */
  public static void beforeSession(String master, String plugins) {
    String cuda = DeviceModel.cudaMissing();
    if (plugins != null && List.of(plugins.split(",")).contains(RAPIDS_PLUGIN_CLASS)
        && (master == null || master.startsWith("local")) && cuda != null) {
      throw ModelErrors.gpuUnavailable(cuda + ", and the RAPIDS plugin (spark.plugins=" + plugins + ") would end this "
          + "local-mode JVM at start: run on a machine with an NVIDIA GPU and driver, or drop the gpu Spark profile");
    }
  }

  /** The configuration and classpath problems of an XGBoost GPU run, without running anything on executors. */
  static List<String> missingSetup(SparkSession spark) {
    return missingSetup(spark, Algorithm.XGBOOST);
  }

  /** The configuration and classpath problems of a GPU run of {@code algorithm}. */
  static List<String> missingSetup(SparkSession spark, Algorithm algorithm) {
    List<String> missing = new ArrayList<>();
    SparkConf conf = spark.sparkContext().getConf();
    if (algorithm == Algorithm.ONNX) {
      if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
        missing.add("the ONNX Runtime on the classpath has no CUDA execution provider (providers "
            + OrtEnvironment.getAvailableProviders() + ": the CPU build, com.microsoft.onnxruntime:onnxruntime): "
            + "build with 'mvn -Pgpu package' (onnxruntime_gpu) and submit with 'scripts/submit --profile gpu'");
      }
    } else {
      missing.addAll(xgboostSetup(spark, conf));
    }
    missing.addAll(assignment(spark, conf));
    return missing;
  }

  private static List<String> xgboostSetup(SparkSession spark, SparkConf conf) {
    List<String> missing = new ArrayList<>();
    if (!onClasspath(GPU_PLUGIN_CLASS)) {
      missing.add("the XGBoost jar on the classpath is the CPU build (xgboost4j-spark_2.12, no " + GPU_PLUGIN_CLASS
          + "): build with 'mvn -Pgpu package' and submit with 'scripts/submit --profile gpu'");
    }
    List<String> plugins = List.of(conf.get("spark.plugins", "").split(","));
    if (!plugins.contains(RAPIDS_PLUGIN_CLASS) || !onClasspath(RAPIDS_PLUGIN_CLASS)) {
      missing.add("the RAPIDS plugin is not active (spark.plugins=" + conf.get("spark.plugins", "") + ", "
          + RAPIDS_PLUGIN_CLASS + (onClasspath(RAPIDS_PLUGIN_CLASS) ? " on" : " not on") + " the classpath): use "
          + "the Spark profile conf/spark/gpu.properties with the RAPIDS jar from target/gpu-jars");
    } else if ("false".equalsIgnoreCase(spark.conf().get("spark.rapids.sql.enabled", "true"))) {
      missing.add("spark.rapids.sql.enabled is false: XGBoost's GPU path needs RAPIDS SQL enabled");
    }
    return missing;
  }

  /** GPUs assigned to the tasks: local mode through the driver's resources, a cluster through the executors'. */
  private static List<String> assignment(SparkSession spark, SparkConf conf) {
    List<String> missing = new ArrayList<>();
    double taskGpus = conf.getDouble("spark.task.resource.gpu.amount", 0);
    if (isLocal(spark)) {
      double driverGpus = conf.getDouble("spark.driver.resource.gpu.amount", 0);
      boolean discovered = spark.sparkContext().resources().contains("gpu");
      if (driverGpus <= 0 || taskGpus <= 0 || !discovered) {
        missing.add(String.format("no GPU is assigned to local-mode tasks (spark.driver.resource.gpu.amount=%s, "
            + "spark.task.resource.gpu.amount=%s, driver GPUs discovered: %s): set both and "
            + "spark.driver.resource.gpu.discoveryScript", fmt(driverGpus), fmt(taskGpus), discovered ? "yes"
                : "none"));
      }
    } else {
      double executorGpus = conf.getDouble("spark.executor.resource.gpu.amount", 0);
      if (executorGpus <= 0 || taskGpus <= 0) {
        missing.add(String.format("no GPUs are assigned to executors (spark.executor.resource.gpu.amount=%s, "
            + "spark.task.resource.gpu.amount=%s): set both, as conf/spark/gpu.properties does", fmt(executorGpus),
            fmt(taskGpus)));
      }
    }
    return missing;
  }

  /** Runs one task and reports what it was given: GPU addresses, CUDA visibility, GPU model. */
  static Probe probe(SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    sc.setJobDescription("assay: GPU probe");
    try {
      return JavaSparkContext.fromSparkContext(sc).parallelize(List.of(0), 1).map(i -> {
        Option<ResourceInformation> gpu = TaskContext.get().resources().get("gpu");
        List<String> addresses = gpu.isDefined() ? List.of(gpu.get().addresses()) : List.of();
        return new Probe(addresses, DeviceModel.cudaMissing(), DeviceModel.gpu());
      }).collect().get(0);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /**
   * Whether RAPIDS plans this session's queries: its plugin in {@code spark.plugins}, or its SQL extension in
   * {@code spark.sql.extensions} (the explain-only mode of {@code scripts/gpu-readiness}). Queries that would
   * otherwise be planned around a CPU-only operator (Spark's in-memory cache scan) choose the GPU-friendly plan.
   */
  public static boolean rapidsPlans(SparkSession spark) {
    return spark.conf().get("spark.plugins", "").contains(RAPIDS_PLUGIN_CLASS)
        || spark.conf().get("spark.sql.extensions", "").contains("com.nvidia.spark.rapids.SQLExecPlugin");
  }

  static boolean isLocal(SparkSession spark) {
    return spark.sparkContext().master().startsWith("local");
  }

  static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, Thread.currentThread().getContextClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static String fmt(double amount) {
    return amount == Math.rint(amount) ? Long.toString((long) amount) : Double.toString(amount);
  }
}
