package dev.assay.report;

import java.util.List;

/**
 * Everything the HTML report shows, collected from the ledger views: plain values, so rendering
 * needs no Spark. Lists may be empty; the page then says what is missing and how to get it.
 *
 * @param ledgerRoot the ledger's location (a label)
 * @param generatedAt ISO-8601 UTC time of collection
 * @param metric the headline metric of the charts (e.g. {@code roc_auc})
 * @param higherIsBetter the metric's direction
 * @param counts a few totals for the header, in display order
 * @param leaderboards one ranked table per evaluation cell
 * @param byEvalVersion metric vs evaluation version, one line per (model version, evaluation table)
 * @param byModelVersion metric vs model version, one line per (model name, evaluation cell)
 * @param slices the metric per slice value on the reference cell, or null when no slices are stored
 * @param latency latest benchmark per model version with the metric on the reference cell
 * @param lineage the champions' lineage (training data, model, evaluations, scores)
 * @param alerts the anomalies {@code assay monitor} found
 */
public record ReportData(String ledgerRoot, String generatedAt, String metric, boolean higherIsBetter,
    List<Count> counts, List<Leaderboard> leaderboards, List<Series> byEvalVersion, List<Series> byModelVersion,
    SliceChart slices, Latency latency, List<Lineage> lineage, Alerts alerts) {

  /** A report without monitoring results (a ledger where {@code monitor} never ran). */
  public ReportData(String ledgerRoot, String generatedAt, String metric, boolean higherIsBetter,
      List<Count> counts, List<Leaderboard> leaderboards, List<Series> byEvalVersion, List<Series> byModelVersion,
      SliceChart slices, Latency latency, List<Lineage> lineage) {
    this(ledgerRoot, generatedAt, metric, higherIsBetter, counts, leaderboards, byEvalVersion, byModelVersion, slices,
        latency, lineage, Alerts.NONE);
  }

  /**
   * The anomalous points of the {@code alert_history} view, newest points of their series first.
   *
   * @param checks how many checks {@code monitor} has judged (0: it never ran)
   * @param failing how many series fail on their newest point now
   * @param columns the table's headers
   * @param rows formatted rows, at most {@code AlertRows.MAX_ROWS}
   * @param omitted anomalous points not shown
   */
  public record Alerts(long checks, long failing, List<String> columns, List<List<String>> rows, long omitted) {
    public static final Alerts NONE = new Alerts(0, 0, List.of(), List.of(), 0);
  }

  /** A labelled total. */
  public record Count(String label, long value) {}

  /** One evaluation cell's ranking: the header names the cell, rows hold formatted cells. */
  public record Leaderboard(String cell, List<String> columns, List<List<String>> rows, int omitted) {
    /** The column that marks models evaluated on their own training rows, present only when one was. */
    public static final String OVERLAP_COLUMN = "rows seen in training";
  }

  /** One chart line: points (x, y) in x order. */
  public record Series(String label, List<Point> points) {}

  /**
   * A chart point; {@code anomalous} when {@code assay monitor} judged it so (a check on the same series failed
   * at this point), and the chart marks it.
   */
  public record Point(double x, double y, boolean anomalous) {
    public Point(double x, double y) {
      this(x, y, false);
    }
  }

  /** Grouped bars: one label per slice ({@code column = value}), one dataset per model, null for a gap. */
  public record SliceChart(String cell, List<String> labels, List<Bars> datasets, List<List<String>> table,
      List<String> tableColumns) {}

  /** One model's bar heights, aligned with {@link SliceChart#labels()}. */
  public record Bars(String label, List<Double> data) {}

  /**
   * Latency vs quality on the reference cell, and the benchmark table.
   *
   * @param cell the evaluation cell whose metric is plotted
   * @param points one point per model version that has both a benchmark and the metric
   * @param table the latest benchmark per model version, formatted
   * @param tableColumns headers of {@code table}
   */
  public record Latency(String cell, List<LatencyPoint> points, List<List<String>> table,
      List<String> tableColumns) {}

  /** A model version's p95 single-row latency (ms) and metric value. */
  public record LatencyPoint(String label, double x, double y) {}

  /**
   * A champion's lineage.
   *
   * @param model {@code name:version}
   * @param modelDetail hash prefix, algorithm, code version
   * @param trainData training data versions ({@code table@vN (table id)})
   * @param evaluations headline metric per evaluation cell
   * @param scores score runs' input and output versions
   */
  public record Lineage(String model, String modelDetail, List<String> trainData, List<String> evaluations,
      List<String> scores) {}
}
