package dev.assay.job;

import dev.assay.evaluation.ComputeMetrics;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.metrics.MetricValue;
import dev.assay.model.ScoreModel;
import dev.assay.spec.FeatureSpec;
import dev.assay.version.DataVersion;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores one pinned evaluation version with a model and turns the metric values into ledger rows.
 * Threshold-dependent metrics carry their threshold in the name ({@code f1@0.5}), so two
 * thresholds never share a metric key.
 */
public final class EvaluateModel {
  static final Set<String> THRESHOLD_METRICS = Set.of("accuracy", "precision", "recall", "f1", "predicted_positive_rate");

  private EvaluateModel() {}

  /** Metric values of {@code pipeline} on {@code data}, not yet keyed to a model version. */
  public static List<MetricValue> compute(PipelineModel pipeline, Dataset<Row> data, FeatureSpec features, String task,
      double threshold, String table) {
    Dataset<Row> predictions = ScoreModel.predict(pipeline, data, features, task, table, true);
    List<MetricValue> values = "binary".equals(task)
        ? ComputeMetrics.binary(predictions, features.label(), ScoreModel.SCORE, threshold)
        : ComputeMetrics.regression(predictions, features.label(), ScoreModel.SCORE);
    List<MetricValue> named = new ArrayList<>();
    for (MetricValue v : values) {
      String name = THRESHOLD_METRICS.contains(v.metric()) ? v.metric() + "@" + thresholdLabel(threshold) : v.metric();
      named.add(new MetricValue(name, v.value(), v.status()));
    }
    return named;
  }

  /**
   * Metric values of a predictions frame that already holds the label and a score column, named as
   * {@link #compute} names them; used for external predictions, so they share the one metric code.
   */
  public static List<MetricValue> fromPredictions(Dataset<Row> predictions, String label, String score, String task,
      double threshold) {
    List<MetricValue> values = "binary".equals(task)
        ? ComputeMetrics.binary(predictions, label, score, threshold)
        : ComputeMetrics.regression(predictions, label, score);
    List<MetricValue> named = new ArrayList<>();
    for (MetricValue v : values) {
      String name = THRESHOLD_METRICS.contains(v.metric()) ? v.metric() + "@" + thresholdLabel(threshold) : v.metric();
      named.add(new MetricValue(name, v.value(), v.status()));
    }
    return named;
  }

  static String thresholdLabel(double threshold) {
    return new BigDecimal(Double.toString(threshold)).stripTrailingZeros().toPlainString();
  }

  /** Keys values to a model version and an evaluation data version. */
  public static List<MetricRow> rows(JobContext ctx, String modelName, int modelVersion, String evalName,
      String evalTable, DataVersion eval, List<MetricValue> values) {
    long nRows = values.stream().filter(v -> v.metric().equals("n_rows") && v.value() != null)
        .mapToLong(v -> v.value().longValue()).findFirst().orElse(0L);
    Timestamp now = new Timestamp(System.currentTimeMillis());
    String code = dev.assay.version.CodeVersion.current().label();
    List<MetricRow> rows = new ArrayList<>();
    for (MetricValue v : values) {
      MetricKey key = new MetricKey(modelName, modelVersion, eval.tableId(), eval.version(), MetricCodeVersion.VERSION,
          null, null, v.metric());
      rows.add(new MetricRow(key, evalName, evalTable, v.value(), null, null, v.status(), nRows, ctx.runId(), code,
          ctx.engine(), now));
    }
    return rows;
  }
}
