package dev.assay.model;

import dev.assay.errors.ModelErrors;
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
    int slots = available(spark);
    if (workers > slots) {
      throw ModelErrors.tooManyWorkers(workers, slots, spark.sparkContext().master());
    }
  }

  public static int available(SparkSession spark) {
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
        // On a cluster, registered executors' cores; executors still starting count later, so
        // the barrier check (set to fail fast) stays the final word.
        cores = Math.max(sc.defaultParallelism(), sc.getConf().getInt("spark.cores.max", 0));
      }
    }
    return Math.max(1, cores / taskCpus);
  }
}
