package dev.assay.report;

import dev.assay.ledger.LedgerTableName;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The report's Alerts section from the {@code alerts} table and the {@code alert_history} view. */
final class AlertRows {
  static final int MAX_ROWS = 30;
  static final List<String> COLUMNS = List.of("check", "series", "point", "value", "allowed", "strategy",
      "newest point");

  private AlertRows() {}

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
