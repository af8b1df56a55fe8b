package dev.assay.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * The one shared SparkSession of a test JVM: {@code local[2]}, UI off, four shuffle partitions,
 * Delta enabled. The first session costs seconds; every later test class reuses it.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = sharedSession();
  }

  public static synchronized SparkSession sharedSession() {
    if (spark == null || spark.sparkContext().isStopped()) {
      spark = AssaySpark.getOrCreate("assay-tests", "local[2]", Map.of(
          "spark.sql.shuffle.partitions", "4",
          "spark.ui.enabled", "false",
          "spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/assay-test-warehouse"));
    }
    return spark;
  }
}
