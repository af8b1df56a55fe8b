package dev.assay.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelRef;
import dev.assay.spec.SeriesSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads the series of a check from the ledger, oldest point first. Only stored, defined values are
 * points: an undefined metric (a single-class evaluation's AUC) or a feature without PSI is left out,
 * not judged as zero. Metric series use the whole-dataset value of unfiltered cells under
 * {@code metricCode}, so a series never mixes values of two metric code versions.
 */
public final class MonitorSeries {
  private MonitorSeries() {}

  /** A series: what it is (the {@code series} column of {@code alerts}) and its points. */
  public record Series(String label, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** The series {@code spec} names (a drift check without a feature: one per feature; none when nothing matches). */
  public static List<Series> read(Ledger ledger, SeriesSpec spec, String metricCode) {
    return switch (spec.kind()) {
      case METRIC_BY_EVAL_VERSION -> model(ledger, spec).map(m -> List.of(byEvalVersion(ledger, spec, m, metricCode)))
          .orElse(List.of());
      case METRIC_BY_MODEL_VERSION -> List.of(byModelVersion(ledger, spec, metricCode));
      case DRIFT -> drift(ledger, spec);
      case LATENCY -> List.of(latency(ledger, spec));
    };
  }

  /** The model of a metric series: {@code NAME:VERSION}, the latest version of {@code NAME}, or the champion. */
  private static Optional<ModelRecord> model(Ledger ledger, SeriesSpec spec) {
    if (spec.champion() != null) {
      return ledger.models().champion(spec.champion());
    }
    ModelRef ref = ModelRef.parse(spec.model());
    return Optional.of(ledger.models().get(ref.name(), ref.version()));
  }

  private static Dataset<Row> overallValues(Ledger ledger, SeriesSpec spec, String metricCode) {
    Dataset<Row> metrics = ledger.spark().read().format("delta").load(ledger.path(LedgerTableName.METRICS));
    return metrics.where(col("eval_table").equalTo(lit(spec.table()))
        .and(col("metric").equalTo(lit(spec.metric())))
        .and(col("metric_code_version").equalTo(lit(metricCode)))
        .and(col("eval_filter").isNull()).and(col("slice_column").isNull()).and(col("value").isNotNull()));
  }

  private static Series byEvalVersion(Ledger ledger, SeriesSpec spec, ModelRecord model, String metricCode) {
    List<Row> rows = overallValues(ledger, spec, metricCode)
        .where(col("model_name").equalTo(lit(model.modelName()))
            .and(col("model_version").equalTo(lit(model.modelVersion()))))
        .select("eval_version", "eval_table_id", "value").orderBy("eval_version", "eval_table_id").collectAsList();
    // A table recreated under the same name restarts its versions: label a repeated version with its table id.
    Map<Long, Integer> seen = new LinkedHashMap<>();
    rows.forEach(r -> seen.merge(r.getLong(0), 1, Integer::sum));
    List<Point> points = new ArrayList<>();
    for (Row r : rows) {
      long version = r.getLong(0);
      String id = r.getString(1);
      points.add(new Point("v" + version + (seen.get(version) > 1 ? " (table id " + id.substring(0, 8) + ")" : ""),
          version, r.getDouble(2)));
    }
    return new Series(evalVersionsLabel(spec.metric(), model.ref(), spec.table()), points);
  }

  private static Series byModelVersion(Ledger ledger, SeriesSpec spec, String metricCode) {
    List<Row> rows = overallValues(ledger, spec, metricCode)
        .where(col("model_name").equalTo(lit(spec.model())).and(col("eval_version").equalTo(lit(spec.version()))))
        .select("model_version", "value").orderBy("model_version").collectAsList();
    List<Point> points = rows.stream().map(r -> new Point(spec.model() + ":" + r.getInt(0), r.getInt(0),
        r.getDouble(1))).toList();
    return new Series(modelVersionsLabel(spec.metric(), spec.model(), spec.table(), spec.version()), points);
  }

  /**
   * The label of {@code metric} of one model version across the versions of {@code table} (the {@code series}
   * column of its alerts; the report finds anomalous points of its charts by it). The point order is the
   * evaluation version.
   */
  public static String evalVersionsLabel(String metric, String modelRef, String table) {
    return metric + " of " + modelRef + " on " + table;
  }

  /** The label of {@code metric} of a model's versions on one evaluation version; the order is the model version. */
  public static String modelVersionsLabel(String metric, String modelName, String table, long evalVersion) {
    return metric + " of the versions of " + modelName + " on " + table + " v" + evalVersion;
  }

  private static List<Series> drift(Ledger ledger, SeriesSpec spec) {
    Dataset<Row> rows = ledger.dataDrift().all().where(col("table").equalTo(lit(spec.drift()))
        .and(col("feature").notEqual(lit("__table__"))).and(col("psi").isNotNull()));
    if (spec.feature() != null) {
      rows = rows.where(col("feature").equalTo(lit(spec.feature())));
    }
    Map<String, List<Point>> byFeature = new LinkedHashMap<>();
    for (Row r : rows.select("feature", "from_version", "to_version", "psi")
        .orderBy("feature", "to_version", "from_version").collectAsList()) {
      byFeature.computeIfAbsent(r.getString(0), f -> new ArrayList<>()).add(new Point("v" + r.getLong(1) + "->v"
          + r.getLong(2), r.getLong(2), r.getDouble(3)));
    }
    List<Series> series = new ArrayList<>();
    byFeature.forEach((feature, points) -> series.add(new Series("psi of " + feature + " in " + spec.drift(), points)));
    return series;
  }

  private static Series latency(Ledger ledger, SeriesSpec spec) {
    ModelRef ref = ModelRef.parse(spec.latency());
    ModelRecord model = ledger.models().get(ref.name(), ref.version());
    List<Row> rows = ledger.benchmarks().all().where(col("model_name").equalTo(lit(model.modelName()))
        .and(col("model_version").equalTo(lit(model.modelVersion()))).and(col("p95_ms").isNotNull()))
        .select("measured_at", "run_id", "p95_ms").orderBy("measured_at", "run_id").collectAsList();
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      points.add(new Point("run " + r.getString(1).substring(0, Math.min(8, r.getString(1).length())) + " at "
          + r.getTimestamp(0).toInstant(), i, r.getDouble(2)));
    }
    return new Series("p95_ms of " + model.ref(), points);
  }
}
