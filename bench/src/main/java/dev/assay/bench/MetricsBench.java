package dev.assay.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.assay.evaluation.ComputeMetrics;
import dev.assay.metrics.MetricValue;
import java.util.List;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * B2: Assay's metric code (every binary metric, exact, the code {@code evaluate} runs once a
 * model has scored) against MLlib's four evaluators (areaUnderROC, areaUnderPR — binned, default
 * 1000 bins — accuracy and f1) on the same cached predictions.
 */
final class MetricsBench {
  static final double THRESHOLD = 0.5;
  private final Bench bench;

  MetricsBench(Bench bench) {
    this.bench = bench;
  }

  Result run(long rows) {
    Dataset<Row> predictions = cached(bench.tables().predictions(rows));
    try {
      long distinct = predictions.select("score").distinct().count();
      String size = String.format("%s rows, %s distinct scores", Report.rows(rows), Report.rows(distinct));
      double[] auc = new double[2];
      List<Long> scaling = bench.config().scalingRows();
      String id = scaling.contains(rows) && rows != scaling.get(0) ? "B5" : "B2";
      Result r = bench.pair(id, "binary metrics on cached "
              + "predictions", size, "ComputeMetrics.binary in-process (what `evaluate` runs after scoring)",
          "MLlib areaUnderROC + areaUnderPR + accuracy + f1", Target.ratio(0.2),
          rep -> auc[0] = assay(predictions),
          rep -> auc[1] = bare(predictions));
      Bench.log("  roc_auc exact %.9f, MLlib binned %.9f", auc[0], auc[1]);
      return r;
    } finally {
      predictions.unpersist(true);
    }
  }

  void warmUp(String table) {
    Dataset<Row> predictions = cached(table);
    assay(predictions);
    bare(predictions);
    predictions.unpersist(true);
  }

  /** The predictions with a 0/1 prediction column for MLlib's multiclass evaluator, in memory. */
  private Dataset<Row> cached(String table) {
    Dataset<Row> p = bench.spark().read().format("delta").load(table)
        .withColumn("prediction", when(col("score").geq(THRESHOLD), 1.0).otherwise(0.0))
        .withColumn("label_d", col(HiggsData.LABEL).cast("double"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    p.count();
    return p;
  }

  static double assay(Dataset<Row> predictions) {
    List<MetricValue> values = ComputeMetrics.binary(predictions, HiggsData.LABEL, "score", THRESHOLD);
    return values.stream().filter(v -> v.metric().equals("roc_auc")).findFirst().orElseThrow().value();
  }

  static double bare(Dataset<Row> predictions) {
    BinaryClassificationEvaluator binary = new BinaryClassificationEvaluator().setLabelCol("label_d")
        .setRawPredictionCol("score");
    double roc = binary.setMetricName("areaUnderROC").evaluate(predictions);
    binary.setMetricName("areaUnderPR").evaluate(predictions);
    MulticlassClassificationEvaluator multi = new MulticlassClassificationEvaluator().setLabelCol("label_d")
        .setPredictionCol("prediction");
    multi.setMetricName("accuracy").evaluate(predictions);
    multi.setMetricName("f1").evaluate(predictions);
    return roc;
  }
}
