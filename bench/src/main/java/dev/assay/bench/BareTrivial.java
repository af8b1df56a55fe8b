package dev.assay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The bare side of B6 and B13, run as its own process: a hand-written Spark job that opens a session,
 * reads a small Delta table and prints its row count ({@code read TABLE}), or also loads a
 * pipeline and prints its AUC ({@code evaluate TABLE PIPELINE LABEL}), or fits B1's bare pipeline
 * and saves it ({@code train TABLE LABEL ROUNDS OUT}), or writes a CSV as a Delta table
 * ({@code ingest CSV OUT}).
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
    switch (args[0]) {
      case "ingest" -> spark.read().option("header", "true").option("inferSchema", "true").csv(args[1]).write()
          .format("delta").save(args[2]);
      case "read" -> System.out.println(delta(spark, args[1]).count());
      case "train" -> train(delta(spark, args[1]), args[2], Integer.parseInt(args[3]), args[4]);
      default -> {
        Dataset<Row> scored = PipelineModel.load(args[2]).transform(delta(spark, args[1]));
        System.out.println(new BinaryClassificationEvaluator().setLabelCol(args[3]).evaluate(scored));
      }
    }
    spark.stop();
    System.exit(0);
  }

  private static Dataset<Row> delta(SparkSession spark, String table) {
    return spark.read().format("delta").load(table);
  }

  /** B1's bare side in a process of its own: the Higgs features assembled, B1's XGBoost, save. */
  private static void train(Dataset<Row> data, String label, int rounds, String out) {
    XGBoostClassifier xgb = TrainBench.bareXgboost(rounds, 1);
    xgb.setLabelCol(label);
    String[] features = HiggsData.featureNames().toArray(String[]::new);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(features).setOutputCol("features"), xgb}).fit(data);
    try {
      fitted.write().overwrite().save(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
