package dev.assay.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Runs code that plans its queries with adaptive query execution (AQE) off.
 *
 * <p>Why: a trainer such as XGBoost4J-Spark calls {@code Dataset.rdd()} on its input more than once
 * (to count partitions, then to build its training RDD). Under AQE, every {@code rdd()} of a plan
 * with a shuffle runs that shuffle's map stage at once, to finalize the plan; Assay's training input
 * is hash-repartitioned for determinism, so each call read the data version, applied the feature
 * stage and wrote the shuffle again (about 3 s per call on 1M rows). Planned statically, the
 * exchange runs once, inside the training job. The rows and their order are the same either way:
 * the partitioning is by an explicit count and hash, which AQE does not coalesce.
 */
public final class StaticPlans {
  private static final String AQE = "spark.sql.adaptive.enabled";

  private StaticPlans() {}

  /** {@code body}'s result, its queries planned without AQE; the session's setting is restored after. */
  public static <T> T run(SparkSession spark, Supplier<T> body) {
    String before = spark.conf().get(AQE, "true");
    spark.conf().set(AQE, "false");
    try {
      return body.get();
    } finally {
      spark.conf().set(AQE, before);
    }
  }
}
