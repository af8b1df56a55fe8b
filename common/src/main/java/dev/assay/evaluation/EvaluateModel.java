package dev.assay.evaluation;

import dev.assay.run.JobContext;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.metrics.MetricResult;
import dev.assay.metrics.MetricValue;
import dev.assay.model.InputChecks;
import dev.assay.model.ScoreModel;
import dev.assay.spec.BootstrapSpec;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.MetricsSpec;
import dev.assay.version.DataVersion;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Scores one pinned evaluation version with a model and turns the metric values into ledger rows.
 * Threshold-dependent metrics carry their threshold in the name ({@code f1@0.5}), so two
 * thresholds never share a metric key.
 *
 * <p>With {@code metrics.slices} every metric is also stored per value of each slice column
 * ({@link GroupedMetrics}; null values as {@value GroupedMetrics#NULL_SLICE_VALUE}, slices below
 * {@code metrics.min_slice_rows} as {@code too_small}); with {@code metrics.bootstrap.samples > 0}
 * every value gets a Poisson-bootstrap percentile interval ({@link dev.assay.metrics.Bootstrap}).
 * A row's bootstrap identity is the hash of {@code features.id} when the spec has one, else the
 * hash of all used columns (so duplicate rows without an id share their weights). Point values
 * of the whole dataset come from {@link ComputeMetrics}/{@link ComputeMulticlass}, which also
 * validate the input; the grouped pass must reproduce them bit for bit, which is checked.
 */
public final class EvaluateModel {
  static final Set<String> THRESHOLD_METRICS = Set.of("accuracy", "precision", "recall", "f1", "predicted_positive_rate");
  /** The row identity column added for the bootstrap. */
  static final String ROW_HASH = "__assay_row_hash";

  /** The results of one evaluation and the bootstrap settings of their intervals (null if none). */
  public record Evaluation(List<MetricResult> results, String ciMethod) {
    public Evaluation {
      results = List.copyOf(results);
    }

    /** The whole-dataset values, for messages and callers that need no slices. */
    public List<MetricValue> overall() {
      return results.stream().filter(MetricResult::isOverall).map(MetricResult::value).toList();
    }
  }

  private EvaluateModel() {}

  /** Metric values of {@code pipeline} on {@code data}, not yet keyed to a model version. */
  public static List<MetricValue> compute(PipelineModel pipeline, Dataset<Row> data, FeatureSpec features, String task,
      double threshold, String table) {
    return evaluate(pipeline, data, features, task, new MetricsSpec(threshold), table).overall();
  }

  /** All metric results (whole dataset, slices, intervals) of {@code pipeline} on {@code data}. */
  public static Evaluation evaluate(PipelineModel pipeline, Dataset<Row> data, FeatureSpec features, String task,
      MetricsSpec metrics, String table) {
    BootstrapSpec bootstrap = metrics.bootstrap();
    List<String> extra = new ArrayList<>(metrics.slices());
    Dataset<Row> input = data;
    if (bootstrap.enabled()) {
      input = data.withColumn(ROW_HASH, rowHash(data, features));
      extra.add(ROW_HASH);
    }
    Dataset<Row> predictions = ScoreModel.predict(pipeline, input, features, task, table, true, extra);
    boolean grouped = metrics.needsGroupedPass();
    if (grouped) {
      predictions = predictions.persist(StorageLevel.MEMORY_AND_DISK());
    }
    try {
      String label = features.label();
      List<MetricValue> overall;
      int classes = 0;
      String scoreCol = ScoreModel.SCORE;
      switch (task) {
        case "binary" -> overall = ComputeMetrics.binary(predictions, label, ScoreModel.SCORE, metrics.threshold());
        case "regression" -> overall = ComputeMetrics.regression(predictions, label, ScoreModel.SCORE);
        case "multiclass" -> {
          ComputeMulticlass.Result r = ComputeMulticlass.compute(predictions, label, ScoreModel.PROBABILITIES);
          overall = r.values();
          classes = r.classes();
          scoreCol = ScoreModel.PROBABILITIES;
        }
        default -> throw new IllegalArgumentException("Cannot evaluate task " + task);
      }
      long nRows = nRows(overall);
      List<MetricResult> results = new ArrayList<>();
      if (!grouped) {
        overall.forEach(v -> results.add(MetricResult.overall(v, nRows)));
      } else {
        GroupedMetrics.Settings settings = new GroupedMetrics.Settings(task, metrics.threshold(), classes,
            bootstrap.enabled(), metrics.slices(), metrics.minSliceRows(), bootstrap.samples(),
            bootstrap.confidence(), bootstrap.seed());
        List<MetricResult> groups = GroupedMetrics.compute(predictions, label, scoreCol, ROW_HASH, settings);
        if (!bootstrap.enabled()) {
          overall.forEach(v -> results.add(MetricResult.overall(v, nRows)));
        } else {
          List<MetricValue> regrouped = groups.stream().filter(MetricResult::isOverall).map(MetricResult::value).toList();
          if (!regrouped.equals(overall)) {
            throw new IllegalStateException("Grouped metrics of the whole dataset " + regrouped
                + " differ from the direct computation " + overall);
          }
        }
        results.addAll(groups);
      }
      List<MetricResult> named = new ArrayList<>();
      for (MetricResult r : results) {
        String m = r.value().metric();
        named.add("binary".equals(task) && THRESHOLD_METRICS.contains(m)
            ? r.renamed(m + "@" + thresholdLabel(metrics.threshold())) : r);
      }
      return new Evaluation(named, ciMethod(bootstrap));
    } finally {
      if (grouped) {
        predictions.unpersist(false);
      }
    }
  }

  /** How intervals were made, stored with each row ({@code ci_method}); null when off. */
  static String ciMethod(BootstrapSpec b) {
    return b.enabled() ? String.format("poisson_bootstrap(samples=%d,confidence=%s,seed=%d)", b.samples(),
        new BigDecimal(Double.toString(b.confidence())).stripTrailingZeros().toPlainString(), b.seed()) : null;
  }

  private static Column rowHash(Dataset<Row> data, FeatureSpec features) {
    List<String> have = Arrays.asList(data.columns());
    List<String> cols = features.id() != null && have.contains(features.id())
        ? List.of(features.id())
        : InputChecks.usedColumns(features).stream().filter(have::contains).toList();
    if (cols.isEmpty()) {
      // Nothing to hash: the scoring step reports the missing columns.
      return org.apache.spark.sql.functions.lit(0L);
    }
    return xxhash64(cols.stream().map(c -> col("`" + c.replace("`", "``") + "`")).toArray(Column[]::new));
  }

  private static long nRows(List<MetricValue> values) {
    return values.stream().filter(v -> v.metric().equals("n_rows") && v.value() != null)
        .mapToLong(v -> v.value().longValue()).findFirst().orElse(0L);
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

  /** Keys values to a model version and an unfiltered evaluation data version. */
  /** The rows of one model's evaluations on every pinned reference of a suite, keyed by evaluation name. */
  public static List<MetricRow> rows(JobContext ctx, dev.assay.ledger.ModelRecord model,
      Map<String, dev.assay.spec.TableRef> refs, Map<String, DataVersion> pinned, Map<String, Evaluation> values) {
    List<MetricRow> rows = new ArrayList<>();
    for (Map.Entry<String, DataVersion> e : pinned.entrySet()) {
      dev.assay.spec.TableRef ref = refs.get(e.getKey());
      rows.addAll(rows(ctx, model.modelName(), model.modelVersion(), e.getKey(), ref.table(), e.getValue(),
          ref.filter(), values.get(e.getKey())));
    }
    return rows;
  }

  public static List<MetricRow> rows(JobContext ctx, String modelName, int modelVersion, String evalName,
      String evalTable, DataVersion eval, List<MetricValue> values) {
    return rows(ctx, modelName, modelVersion, evalName, evalTable, eval, null, values);
  }

  /** Keys values to a model version and an evaluation data version read through {@code evalFilter} (or null). */
  public static List<MetricRow> rows(JobContext ctx, String modelName, int modelVersion, String evalName,
      String evalTable, DataVersion eval, String evalFilter, List<MetricValue> values) {
    long nRows = nRows(values);
    return rows(ctx, modelName, modelVersion, evalName, evalTable, eval, evalFilter,
        new Evaluation(values.stream().map(v -> MetricResult.overall(v, nRows)).toList(), null));
  }

  /** Keys all results of an evaluation (slices and intervals included) to a model and unfiltered data version. */
  public static List<MetricRow> rows(JobContext ctx, String modelName, int modelVersion, String evalName,
      String evalTable, DataVersion eval, Evaluation evaluation) {
    return rows(ctx, modelName, modelVersion, evalName, evalTable, eval, null, evaluation);
  }

  /** Keys all results of an evaluation to a model and a data version read through {@code evalFilter} (or null). */
  public static List<MetricRow> rows(JobContext ctx, String modelName, int modelVersion, String evalName,
      String evalTable, DataVersion eval, String evalFilter, Evaluation evaluation) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    String code = dev.assay.version.CodeVersion.current().label();
    List<MetricRow> rows = new ArrayList<>();
    for (MetricResult r : evaluation.results()) {
      MetricValue v = r.value();
      MetricKey key = new MetricKey(modelName, modelVersion, eval.tableId(), eval.version(), evalFilter,
          MetricCodeVersion.current(), r.sliceColumn(), r.sliceValue(), v.metric());
      rows.add(new MetricRow(key, evalName, evalTable, v.value(), r.ciLow(), r.ciHigh(), v.status(), r.nRows(),
          ctx.runId(), code, ctx.engine(), now, evaluation.ciMethod(), ctx.deviceModel()));
    }
    return rows;
  }
}
