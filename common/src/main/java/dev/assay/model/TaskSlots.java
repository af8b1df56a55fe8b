package dev.assay.model;

import dev.assay.errors.ModelErrors;
import dev.assay.spark.ClusterCapacity;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * How many tasks can run at once: XGBoost runs one barrier task per worker, so asking for more
 * workers than slots would otherwise hang in barrier retries.
 */
public final class TaskSlots {
  private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)(?:,\\s*\\d+)?]");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+),\\s*(\\d+),\\s*\\d+]");

  private TaskSlots() {}

  /**
   * Refuses {@code workers} distributed training workers when fewer task slots exist (exit 2): XGBoost's and
   * LightGBM's workers train together, so all must run at once, or the job waits forever.
   */
  public static void require(SparkSession spark, int workers) {
    if (ClusterCapacity.isCluster(spark.sparkContext().master())) {
      // Executors register and leave over time: wait (bounded) for the slots, then exit 75, not 2.
      ClusterCapacity.await(spark, workers, "training with model.num_workers=" + workers);
      return;
    }
    int slots = localSlots(spark);
    if (workers > slots) {
      throw ModelErrors.tooManyWorkers(workers, slots, spark.sparkContext().master());
    }
  }

  /** Task slots of a local master, from its URL. */
  static int localSlots(SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
    String master = sc.master();
    int cores;
    if ("local".equals(master)) {
      cores = 1;
    } else {
      Matcher m = LOCAL.matcher(master);
      Matcher lc = LOCAL_CLUSTER.matcher(master);
      if (m.matches()) {
        cores = "*".equals(m.group(1)) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
      } else if (lc.matches()) {
        cores = Integer.parseInt(lc.group(1)) * Integer.parseInt(lc.group(2));
      } else {
        cores = sc.defaultParallelism();
      }
    }
    return Math.max(1, cores / taskCpus);
  }
}
