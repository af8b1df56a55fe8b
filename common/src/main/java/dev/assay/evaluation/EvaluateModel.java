package dev.assay.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.assay.ledger.EvalCell;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelId;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.metrics.MetricResult;
import dev.assay.metrics.MetricValue;
import dev.assay.model.InputChecks;
import dev.assay.model.ScoreModel;
import dev.assay.run.JobContext;
import dev.assay.spec.BootstrapSpec;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.MetricsSpec;
import dev.assay.spec.TableRef;
import dev.assay.spec.Task;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * {@code metrics.min_slice_rows} as {@code too_small}; a slice column with more than
 * {@code metrics.max_slice_values} distinct values is refused with exit 2); with {@code metrics.bootstrap.samples > 0}
 * every value gets a Poisson-bootstrap percentile interval ({@link dev.assay.metrics.Bootstrap}).
 * A row's bootstrap identity is the hash of {@code features.id} when the spec has one, else the
 * hash of all used columns (so duplicate rows without an id share their weights). Point values
 * of the whole dataset come from {@link ComputeMetrics}/{@link ComputeMulticlass}, which also
 * validate the input; the grouped pass must reproduce them bit for bit, which is checked.
 */
public final class EvaluateModel {
  static final Set<String> THRESHOLD_METRICS = Set.of("accuracy", "precision", "recall", "f1",
      "predicted_positive_rate");
  /** The row identity column added for the bootstrap. */
  static final String ROW_HASH = "__assay_row_hash";
  /**
   * A 0/1 column of the evaluation data that the metric pass counts as it goes ({@link Evaluation#tally}):
   * the leakage check's training-row probe, folded into the scan that scores the rows.
   */
  public static final String TALLY = "__assay_tally";

  /**
   * The results of one evaluation, the bootstrap settings of their intervals (null if none), and the
   * rows whose {@link #TALLY} column was 1 (null when the data had no such column).
   */
  public record Evaluation(List<MetricResult> results, String ciMethod, Long tally) {
    public Evaluation {
      results = List.copyOf(results);
    }

    public Evaluation(List<MetricResult> results, String ciMethod) {
      this(results, ciMethod, null);
    }

    /** Whole-dataset values without slices or intervals (external predictions, {@link #compute}). */
    public static Evaluation overallOnly(List<MetricValue> values) {
      long nRows = countOf(values);
      return new Evaluation(values.stream().map(v -> MetricResult.overall(v, nRows)).toList(), null);
    }

    /** The row count of the whole dataset ({@code n_rows}), 0 when not computed. */
    public long nRows() {
      return countOf(overall());
    }

    /** The whole-dataset values, for messages and callers that need no slices. */
    public List<MetricValue> overall() {
      return results.stream().filter(MetricResult::isOverall).map(MetricResult::value).toList();
    }
  }

  private EvaluateModel() {}

  /** Metric values of {@code pipeline} on {@code data}, not yet keyed to a model version. */
  public static List<MetricValue> compute(PipelineModel pipeline, Dataset<Row> data, FeatureSpec features, Task task,
      double threshold, String table) {
    return evaluate(pipeline, data, features, task, new MetricsSpec(threshold), table).overall();
  }

  /**
   * All metric results (whole dataset, slices, intervals) of {@code pipeline} on {@code data}; when
   * {@code data} holds a {@link #TALLY} column, also its count of ones, from the same pass.
   */
  public static Evaluation evaluate(PipelineModel pipeline, Dataset<Row> data, FeatureSpec features, Task task,
      MetricsSpec metrics, String table) {
    BootstrapSpec bootstrap = metrics.bootstrap();
    List<String> extra = new ArrayList<>(metrics.slices());
    boolean tallied = Arrays.asList(data.columns()).contains(TALLY);
    String tallyCol = tallied ? TALLY : null;
    if (tallied) {
      extra.add(TALLY);
    }
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
      // Before any metric: a refused slice column costs one scan and leaves no row behind.
      GroupedMetrics.checkSliceValues(predictions, metrics.slices(), metrics.maxSliceValues());
      String label = features.label();
      List<MetricValue> overall;
      long tally;
      int classes = 0;
      String scoreCol = ScoreModel.SCORE;
      switch (task) {
        case BINARY -> {
          ComputeMetrics.Tallied r = ComputeMetrics.binary(predictions, label, ScoreModel.SCORE, metrics.threshold(),
              tallyCol);
          overall = r.values();
          tally = r.tally();
        }
        case REGRESSION -> {
          ComputeMetrics.Tallied r = ComputeMetrics.regression(predictions, label, ScoreModel.SCORE, tallyCol);
          overall = r.values();
          tally = r.tally();
        }
        case MULTICLASS -> {
          ComputeMulticlass.Result r = ComputeMulticlass.compute(predictions, label, ScoreModel.PROBABILITIES,
              tallyCol);
          overall = r.values();
          tally = r.tally();
          classes = r.classes();
          scoreCol = ScoreModel.PROBABILITIES;
        }
        default -> throw new IllegalArgumentException("Cannot evaluate task " + task);
      }
      long nRows = countOf(overall);
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
          List<MetricValue> regrouped = groups.stream().filter(MetricResult::isOverall).map(MetricResult::value)
              .toList();
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
        named.add(task == Task.BINARY && THRESHOLD_METRICS.contains(m)
            ? r.renamed(m + "@" + thresholdLabel(metrics.threshold())) : r);
      }
      return new Evaluation(named, ciMethod(bootstrap), tallied ? tally : null);
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
      return lit(0L);
    }
    return xxhash64(cols.stream().map(c -> col("`" + c.replace("`", "``") + "`")).toArray(Column[]::new));
  }

  private static long countOf(List<MetricValue> values) {
    return values.stream().filter(v -> v.metric().equals("n_rows") && v.value() != null)
        .mapToLong(v -> v.value().longValue()).findFirst().orElse(0L);
  }

  /**
   * Metric values of a predictions frame that already holds the label and a score column, named as
   * {@link #compute} names them; used for external predictions, so they share the one metric code.
   */
  public static List<MetricValue> fromPredictions(Dataset<Row> predictions, String label, String score, Task task,
      double threshold) {
    List<MetricValue> values = task == Task.BINARY
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

  /** The cell of evaluation reference {@code evalName} pinned to {@code data}, at the current metric code. */
  public static EvalCell cell(String evalName, TableRef ref, DataVersion data) {
    return new EvalCell(evalName, ref.table(), data, ref.filter(), MetricCodeVersion.current());
  }

  /** The cells of a spec's evaluation references, in the order they were pinned. */
  public static Map<String, EvalCell> cells(Map<String, TableRef> refs, Map<String, DataVersion> pinned) {
    Map<String, EvalCell> cells = new LinkedHashMap<>();
    pinned.forEach((name, data) -> cells.put(name, cell(name, refs.get(name), data)));
    return cells;
  }

  /** The rows of one model's evaluations on several cells, keyed by evaluation name, in cell order. */
  public static List<MetricRow> rows(JobContext ctx, ModelId model, Map<String, EvalCell> cells,
      Map<String, Evaluation> values) {
    List<MetricRow> rows = new ArrayList<>();
    cells.forEach((name, cell) -> rows.addAll(rows(ctx, model, cell, values.get(name))));
    return rows;
  }

  /** Keys all results of an evaluation (slices and intervals included) to a model version and a cell. */
  public static List<MetricRow> rows(JobContext ctx, ModelId model, EvalCell cell, Evaluation evaluation) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    String code = CodeVersion.current().label();
    List<MetricRow> rows = new ArrayList<>();
    for (MetricResult r : evaluation.results()) {
      MetricValue v = r.value();
      MetricKey key = cell.key(model, r.sliceColumn(), r.sliceValue(), v.metric());
      rows.add(new MetricRow(key, cell.evalName(), cell.table(), v.value(), r.ciLow(), r.ciHigh(), v.status(),
          r.nRows(), ctx.runId(), code, ctx.engine(), now, evaluation.ciMethod(), ctx.deviceModel()));
    }
    return rows;
  }
}
