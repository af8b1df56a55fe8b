package dev.assay.report;

import dev.assay.ledger.LedgerTableName;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.monitor.MonitorSeries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The report's Alerts section from the {@code alerts} table and the {@code alert_history} view. */
final class AlertRows {
  static final int MAX_ROWS = 30;
  static final List<String> COLUMNS = List.of("check", "series", "point", "value", "allowed", "strategy",
      "newest point");

  private AlertRows() {}

  /**
   * The anomalous points of metric series, for the history charts to mark. A chart value is marked when a
   * check over the same series (same metric, model and table, unfiltered, the current metric code, as
   * {@code MonitorSeries} reads them) failed at its point.
   */
  record Marks(String metric, Set<String> failed) {
    boolean byEvalVersion(CollectReport.Value v) {
      return current(v) && failed.contains(MonitorSeries.evalVersionsLabel(metric, v.ref(), v.cell().table())
          + "@" + v.cell().version());
    }

    boolean byModelVersion(CollectReport.Value v) {
      return current(v) && failed.contains(MonitorSeries.modelVersionsLabel(metric, v.model(), v.cell().table(),
          v.cell().version()) + "@" + v.version());
    }

    private static boolean current(CollectReport.Value v) {
      return v.cell().filter() == null && v.cell().metricCode().equals(MetricCodeVersion.current());
    }
  }

  static Marks marks(SparkSession spark, String metric) {
    Set<String> failed = new HashSet<>();
    spark.sql("SELECT DISTINCT series, point_order FROM assay." + LedgerTableName.ALERTS + " WHERE status = 'fail'")
        .collectAsList().forEach(r -> failed.add(r.getString(0) + "@" + r.getLong(1)));
    return new Marks(metric, failed);
  }

  static ReportData.Alerts collect(SparkSession spark) {
    // One aggregation for the three counts (the anomalous points are the table's 'fail' rows, as in alert_history).
    Row counts = spark.sql("SELECT count(DISTINCT check_name), count_if(status = 'fail' AND latest), "
        + "count_if(status = 'fail') FROM assay." + LedgerTableName.ALERTS).first();
    long checks = counts.getLong(0);
    if (checks == 0) {
      return ReportData.Alerts.NONE;
    }
    long failing = counts.getLong(1);
    long total = counts.getLong(2);
    List<List<String>> rows = new ArrayList<>();
    for (Row r : spark.sql("SELECT check_name, series, point, value, lower, upper, strategy, latest FROM alert_history "
        + "ORDER BY latest DESC, computed_at DESC, check_name, series, point_order DESC LIMIT " + MAX_ROWS)
        .collectAsList()) {
      rows.add(List.of(r.getString(0), r.getString(1), r.getString(2), CollectReport.format(r.getDouble(3)),
          (r.isNullAt(4) ? "(-inf" : "[" + CollectReport.format(r.getDouble(4))) + ", "
              + (r.isNullAt(5) ? "+inf)" : CollectReport.format(r.getDouble(5)) + "]"),
          r.getString(6), r.getBoolean(7) ? "yes: fails the check" : "no"));
    }
    return new ReportData.Alerts(checks, failing, COLUMNS, rows, total - rows.size());
  }
}
