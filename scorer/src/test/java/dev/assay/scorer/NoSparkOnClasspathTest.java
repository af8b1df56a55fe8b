package dev.assay.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scorer runs in services without Spark or Hadoop: this module's test classpath is its runtime classpath
 * plus JUnit, and none of their classes is on it (a dependency that brought them would fail here).
 */
class NoSparkOnClasspathTest {
  @Test
  void neitherSparkNorHadoopIsOnTheClasspath() {
    for (String name : List.of("org.apache.spark.sql.SparkSession", "org.apache.spark.SparkContext",
        "org.apache.spark.ml.PipelineModel", "org.apache.hadoop.conf.Configuration",
        "org.apache.hadoop.fs.FileSystem", "ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier")) {
      assertThat(loadable(name)).as(name).isFalse();
    }
    assertThat(loadable("ml.dmlc.xgboost4j.java.Booster")).isTrue();
    assertThat(System.getProperty("java.class.path")).doesNotContain("spark-").doesNotContain("hadoop-");
  }

  private static boolean loadable(String name) {
    try {
      Class.forName(name, false, NoSparkOnClasspathTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
