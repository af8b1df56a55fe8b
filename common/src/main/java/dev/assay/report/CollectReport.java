package dev.assay.report;

import static org.apache.spark.sql.functions.col;

import dev.assay.errors.LedgerErrors;
import dev.assay.errors.UsageErrors;
import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerCatalog;
import dev.assay.spec.GateSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what the report shows from the ledger views ({@code leaderboard}, {@code metric_history},
 * {@code lineage}, {@code alert_history}) and tables into a {@link ReportData}. The "reference cell" of the slice and
 * latency charts is the evaluation cell with the most models (ties: the most recently computed).
 */
public final class CollectReport {
  /** Headline metrics in order of preference when none is asked for. */
  public static final List<String> HEADLINE = List.of("roc_auc", "macro_f1", "rmse");
  static final int MAX_SERIES = 12;
  static final int MAX_BOARDS = 12;
  static final int MAX_BOARD_ROWS = 20;
  static final int MAX_SLICE_MODELS = 6;
  private static final List<String> BOARD_METRICS = List.of("roc_auc", "pr_auc", "log_loss", "brier", "accuracy",
      "f1", "macro_f1", "rmse", "mae", "r2");

  private CollectReport() {}

  /** An evaluation cell: only metrics of the same cell are comparable. */
  record Cell(String table, String tableId, long version, String filter, String metricCode) {
    String label(boolean withMetricCode) {
      return table + "@v" + version + (filter == null ? "" : " where " + filter)
          + (withMetricCode ? " (metric code v" + metricCode + ")" : "");
    }

    String key() {
      return tableId + "|" + version + "|" + filter + "|" + metricCode;
    }
  }

  /** One whole-dataset value of the headline metric. */
  record Value(String model, int version, Cell cell, double value, Timestamp computedAt) {
    String ref() {
      return model + ":" + version;
    }
  }

  public static ReportData collect(Ledger ledger, String metricOrNull) {
    if (!ledger.exists()) {
      throw LedgerErrors.noLedger("write a report", ledger.root());
    }
    LedgerCatalog.register(ledger);
    SparkSession spark = ledger.spark();
    List<String> available = spark.sql("SELECT DISTINCT metric FROM assay.metrics WHERE slice_column IS NULL "
        + "AND value IS NOT NULL ORDER BY metric").collectAsList().stream().map(r -> r.getString(0)).toList();
    String metric = chooseMetric(metricOrNull, available);
    boolean higher = higherIsBetter(metric);
    List<Value> values = values(spark, metric);
    boolean manyCodes = values.stream().map(v -> v.cell().metricCode()).distinct().count() > 1;
    Cell reference = reference(values);
    AlertRows.Marks marks = AlertRows.marks(spark, metric);
    return new ReportData(ledger.root(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), metric, higher,
        counts(spark, values), Leaderboards.collect(spark, manyCodes), byEvalVersion(values, manyCodes, marks),
        byModelVersion(values, manyCodes, marks), Slices.collect(spark, metric, higher, values, manyCodes),
        latency(spark, values, reference, manyCodes), Lineages.collect(spark), AlertRows.collect(spark));
  }

  static String chooseMetric(String asked, List<String> available) {
    if (asked != null) {
      if (!available.contains(asked)) {
        throw UsageErrors.reportMetricUnknown(asked, available);
      }
      return asked;
    }
    return HEADLINE.stream().filter(available::contains).findFirst()
        .orElse(available.isEmpty() ? "roc_auc" : available.get(0));
  }

  static boolean higherIsBetter(String metric) {
    String base = metric.contains("@") ? metric.substring(0, metric.indexOf('@')) : metric;
    return !GateSpec.LOWER_IS_BETTER.contains(base);
  }

  private static List<Value> values(SparkSession spark, String metric) {
    return spark.table("assay.metrics").where(col("slice_column").isNull().and(col("metric").equalTo(metric))
            .and(col("value").isNotNull()))
        .select("model_name", "model_version", "eval_table", "eval_table_id", "eval_version", "eval_filter",
            "metric_code_version", "value", "computed_at")
        .collectAsList().stream()
        .map(r -> new Value(r.getString(0), r.getInt(1), new Cell(r.getString(2), r.getString(3), r.getLong(4),
            r.getString(5), r.getString(6)), r.getDouble(7), r.getTimestamp(8)))
        .toList();
  }

  /** The cell with the most models; ties go to the most recently computed. Null without values. */
  static Cell reference(List<Value> values) {
    Map<String, List<Value>> byCell = values.stream().collect(Collectors.groupingBy(v -> v.cell().key(),
        LinkedHashMap::new, Collectors.toList()));
    return byCell.values().stream().max(Comparator.<List<Value>>comparingLong(
            vs -> vs.stream().map(Value::ref).distinct().count())
        .thenComparing(vs -> vs.stream().map(Value::computedAt).max(Comparator.naturalOrder()).orElseThrow()))
        .map(vs -> vs.get(0).cell()).orElse(null);
  }

  private static List<ReportData.Count> counts(SparkSession spark, List<Value> values) {
    List<ReportData.Count> counts = new ArrayList<>();
    counts.add(new ReportData.Count("model names", spark.sql("SELECT count(DISTINCT model_name) FROM assay.models")
        .first().getLong(0)));
    counts.add(new ReportData.Count("model versions", spark.sql("SELECT count(*) FROM assay.models").first()
        .getLong(0)));
    counts.add(new ReportData.Count("evaluation cells", values.stream().map(v -> v.cell().key()).distinct().count()));
    counts.add(new ReportData.Count("metric rows", spark.sql("SELECT count(*) FROM assay.metrics").first().getLong(0)));
    counts.add(new ReportData.Count("runs", spark.sql("SELECT count(*) FROM assay.runs").first().getLong(0)));
    return counts;
  }

  static List<ReportData.Series> byEvalVersion(List<Value> values, boolean manyCodes, AlertRows.Marks marks) {
    Map<String, TreeMap<Double, ReportData.Point>> lines = new TreeMap<>();
    for (Value v : values) {
      Cell c = v.cell();
      String label = String.format("%s:%d · %s%s%s", v.model(), v.version(), c.table(),
          c.filter() == null ? "" : " where " + c.filter(), manyCodes ? " (metric code v" + c.metricCode() + ")" : "");
      lines.computeIfAbsent(label, k -> new TreeMap<>()).put((double) c.version(),
          new ReportData.Point(c.version(), v.value(), marks.byEvalVersion(v)));
    }
    return series(lines);
  }

  static List<ReportData.Series> byModelVersion(List<Value> values, boolean manyCodes, AlertRows.Marks marks) {
    Map<String, TreeMap<Double, ReportData.Point>> lines = new TreeMap<>();
    for (Value v : values) {
      lines.computeIfAbsent(v.model() + " · " + v.cell().label(manyCodes), k -> new TreeMap<>())
          .put((double) v.version(), new ReportData.Point(v.version(), v.value(), marks.byModelVersion(v)));
    }
    return series(lines);
  }

  /** The last {@link #MAX_SERIES} lines in label order (latest versions sort last), so a chart stays legible. */
  private static List<ReportData.Series> series(Map<String, TreeMap<Double, ReportData.Point>> lines) {
    List<ReportData.Series> all = new ArrayList<>();
    lines.forEach((label, pts) -> all.add(new ReportData.Series(label, List.copyOf(pts.values()))));
    return all.subList(Math.max(0, all.size() - MAX_SERIES), all.size());
  }

  private static ReportData.Latency latency(SparkSession spark, List<Value> values, Cell reference,
      boolean manyCodes) {
    List<Row> bench = spark.sql("SELECT model_name, model_version, max_by(p50_ms, measured_at), "
        + "max_by(p95_ms, measured_at), max_by(p99_ms, measured_at), max_by(throughput_rows_per_s, measured_at), "
        + "max_by(cpu_model, measured_at), max_by(engine, measured_at), max(measured_at) FROM assay.benchmarks "
        + "GROUP BY model_name, model_version ORDER BY model_name, model_version").collectAsList();
    if (bench.isEmpty()) {
      return null;
    }
    Map<String, Double> quality = new LinkedHashMap<>();
    if (reference != null) {
      values.stream().filter(v -> v.cell().key().equals(reference.key())).forEach(v -> quality.put(v.ref(), v.value()));
    }
    List<ReportData.LatencyPoint> points = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (Row r : bench) {
      String ref = r.getString(0) + ":" + r.getInt(1);
      Double q = quality.get(ref);
      if (q != null && !r.isNullAt(3)) {
        points.add(new ReportData.LatencyPoint(ref, r.getDouble(3), q));
      }
      table.add(List.of(ref, ms(r, 2), ms(r, 3), ms(r, 4), String.format(Locale.ROOT, "%.0f", r.getDouble(5)),
          q == null ? "—" : format(q), String.valueOf(r.getString(6)), r.getString(7), r.getTimestamp(8).toString()));
    }
    return new ReportData.Latency(reference == null ? null : reference.label(manyCodes), points, table,
        List.of("model", "p50 ms", "p95 ms", "p99 ms", "rows/s", "metric", "cpu", "engine", "measured at"));
  }

  private static String ms(Row r, int i) {
    return r.isNullAt(i) ? "—" : String.format(Locale.ROOT, "%.3f", r.getDouble(i));
  }

  static String format(Double v) {
    return v == null ? "—" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Leaderboard tables from the {@code leaderboard} view, latest evaluation versions first. */
  static final class Leaderboards {
    private Leaderboards() {}

    static List<ReportData.Leaderboard> collect(SparkSession spark, boolean manyCodes) {
      List<Row> rows = spark.sql("SELECT l.*, m.stage FROM leaderboard l LEFT JOIN assay.models m "
          + "ON l.model_name = m.model_name AND l.model_version = m.model_version "
          + "ORDER BY l.eval_table, l.eval_version DESC, l.eval_filter, l.metric_code_version, l.rank, l.model_name, "
          + "l.model_version").collectAsList();
      Map<String, List<Row>> groups = new LinkedHashMap<>();
      Map<String, Cell> cells = new LinkedHashMap<>();
      for (Row r : rows) {
        Cell c = new Cell(r.getAs("eval_table"), r.getAs("eval_table_id"), r.<Long>getAs("eval_version"),
            r.getAs("eval_filter"), r.getAs("metric_code_version"));
        groups.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(r);
        cells.putIfAbsent(c.key(), c);
      }
      List<ReportData.Leaderboard> boards = new ArrayList<>();
      for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
        if (boards.size() == MAX_BOARDS) {
          break;
        }
        List<String> metrics = BOARD_METRICS.stream()
            .filter(m -> g.getValue().stream().anyMatch(r -> r.getAs(m) != null)).toList();
        List<String> columns = new ArrayList<>(List.of("rank", "model", "stage"));
        columns.addAll(metrics);
        columns.add("rows");
        // The leakage mark: shown only on boards where some model saw evaluation rows in training.
        boolean leaky = g.getValue().stream().anyMatch(CollectReport::hasOverlap);
        if (leaky) {
          columns.add(ReportData.Leaderboard.OVERLAP_COLUMN);
        }
        List<List<String>> out = new ArrayList<>();
        for (Row r : g.getValue().subList(0, Math.min(MAX_BOARD_ROWS, g.getValue().size()))) {
          List<String> cellsOut = new ArrayList<>(List.of(String.valueOf(r.<Integer>getAs("rank")),
              r.getAs("model_name") + ":" + r.<Integer>getAs("model_version"),
                  String.valueOf(r.<String>getAs("stage"))));
          metrics.forEach(m -> cellsOut.add(format(r.<Double>getAs(m))));
          cellsOut.add(String.valueOf(r.<Long>getAs("n_rows")));
          if (leaky) {
            cellsOut.add(hasOverlap(r) ? "LEAK " + r.<Long>getAs("train_overlap_rows") + " ("
                + String.format(Locale.ROOT, "%.2f%%", 100 * r.<Double>getAs("train_overlap_share")) + ")"
                : r.getAs("train_overlap_rows") == null ? "not measured" : "0");
          }
          out.add(cellsOut);
        }
        boards.add(new ReportData.Leaderboard(cells.get(g.getKey()).label(manyCodes), columns, out,
            g.getValue().size() - out.size()));
      }
      return boards;
    }
  }

  /** Whether a leaderboard row's model was evaluated on rows of its own training data. */
  static boolean hasOverlap(Row r) {
    Long overlap = r.getAs("train_overlap_rows");
    return overlap != null && overlap > 0;
  }

  /** The headline metric per slice value on the reference cell among cells with slices. */
  static final class Slices {
    private Slices() {}

    static ReportData.SliceChart collect(SparkSession spark, String metric, boolean higher, List<Value> values,
        boolean manyCodes) {
      List<Row> rows = spark.table("assay.metrics").where(col("slice_column").isNotNull()
              .and(col("metric").equalTo(metric)))
          .select("model_name", "model_version", "eval_table", "eval_table_id", "eval_version", "eval_filter",
              "metric_code_version", "slice_column", "slice_value", "value", "status", "n_rows", "computed_at")
          .collectAsList();
      if (rows.isEmpty()) {
        return null;
      }
      List<Value> sliced = rows.stream().map(r -> new Value(r.getString(0), r.getInt(1), new Cell(r.getString(2),
          r.getString(3), r.getLong(4), r.getString(5), r.getString(6)), 0, r.getTimestamp(12))).toList();
      Cell cell = reference(sliced);
      Map<String, Double> whole = new LinkedHashMap<>();
      values.stream().filter(v -> v.cell().key().equals(cell.key())).forEach(v -> whole.put(v.ref(), v.value()));
      Comparator<String> best = Comparator.comparingDouble(ref -> whole.getOrDefault(ref, higher ? -1e300 : 1e300));
      List<String> models = sliced.stream().filter(v -> v.cell().key().equals(cell.key())).map(Value::ref).distinct()
          .sorted(higher ? best.reversed() : best).limit(MAX_SLICE_MODELS).toList();
      TreeSet<String> labels = new TreeSet<>();
      Map<String, Row> byKey = new LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        if (!sliced.get(i).cell().key().equals(cell.key())) {
          continue;
        }
        String label = r.getString(7) + " = " + r.getString(8);
        labels.add(label);
        byKey.put(sliced.get(i).ref() + "\u0000" + label, r);
      }
      List<ReportData.Bars> bars = new ArrayList<>();
      for (String m : models) {
        List<Double> data = new ArrayList<>();
        labels.forEach(l -> {
          Row r = byKey.get(m + "\u0000" + l);
          data.add(r == null || r.isNullAt(9) ? null : r.getDouble(9));
        });
        bars.add(new ReportData.Bars(m, data));
      }
      List<String> tableColumns = new ArrayList<>(List.of("slice"));
      tableColumns.addAll(models);
      tableColumns.add("rows");
      List<List<String>> table = new ArrayList<>();
      for (String l : labels) {
        List<String> line = new ArrayList<>(List.of(l));
        long n = 0;
        for (String m : models) {
          Row r = byKey.get(m + "\u0000" + l);
          line.add(r == null ? "—" : r.isNullAt(9) ? r.getString(10) : format(r.getDouble(9)));
          n = r == null ? n : Math.max(n, r.getLong(11));
        }
        line.add(String.valueOf(n));
        table.add(line);
      }
      return new ReportData.SliceChart(cell.label(manyCodes), new ArrayList<>(labels), bars, table, tableColumns);
    }
  }
}
