package dev.assay.model;

import dev.assay.errors.Errors;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Refuses a GPU request Assay cannot honour before XGBoost sees it: the CPU XGBoost jar aborts
 * the whole JVM on {@code device=cuda}, which would kill the driver without a word.
 */
public final class GpuCheck {
  static final String GPU_PLUGIN_CLASS = "ml.dmlc.xgboost4j.scala.spark.GpuXGBoostPlugin";

  private GpuCheck() {}

  public static void requireGpu(SparkSession spark) {
    try {
      Class.forName(GPU_PLUGIN_CLASS, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw Errors.gpuUnavailable("the XGBoost jar on the classpath is the CPU build (xgboost4j-spark_2.12, "
          + "no " + GPU_PLUGIN_CLASS + "); build with -Pgpu and submit with the GPU profile");
    }
    SparkConf conf = spark.sparkContext().getConf();
    double executorGpus = conf.getDouble("spark.executor.resource.gpu.amount", 0);
    double taskGpus = conf.getDouble("spark.task.resource.gpu.amount", 0);
    if (executorGpus <= 0 || taskGpus <= 0) {
      throw Errors.gpuUnavailable("no GPUs are assigned to executors (spark.executor.resource.gpu.amount="
          + executorGpus + ", spark.task.resource.gpu.amount=" + taskGpus + ")");
    }
  }
}
