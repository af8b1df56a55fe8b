package dev.assay.ledger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** The Spark jobs a ledger operation runs, for tests that count them. */
final class SparkJobs {
  private SparkJobs() {}

  /**
   * The Spark jobs {@code action} starts in this thread, by description, else by call site (marked by a local
   * property; a thread started before sees it too, as Spark's local properties are inherited by reference).
   */
  static List<String> during(SparkSession spark, Runnable action) throws Exception {
    List<String> jobs = new CopyOnWriteArrayList<>();
    String mark = "assay.test.during";
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        if ("yes".equals(start.properties().getProperty(mark))) {
          String description = start.properties().getProperty("spark.job.description");
          jobs.add(description != null ? description : start.stageInfos().head().name());
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    spark.sparkContext().setLocalProperty(mark, "yes");
    try {
      action.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().setLocalProperty(mark, null);
      spark.sparkContext().removeSparkListener(listener);
    }
    return jobs;
  }
}
