package dev.assay.bench;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The bare side of B6, run as its own process: a hand-written Spark job that opens a session,
 * reads a small Delta table and prints its row count ({@code read TABLE}), or also loads a
 * pipeline and prints its AUC ({@code evaluate TABLE PIPELINE LABEL}).
 */
public final class BareTrivial {
  private BareTrivial() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("bare trivial").master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> data = spark.read().format("delta").load(args[1]);
    if (args[0].equals("read")) {
      System.out.println(data.count());
    } else {
      Dataset<Row> scored = PipelineModel.load(args[2]).transform(data);
      System.out.println(new BinaryClassificationEvaluator().setLabelCol(args[3]).evaluate(scored));
    }
    spark.stop();
    System.exit(0);
  }
}
