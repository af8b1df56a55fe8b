package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay report} on the demo ledger: one self-contained page, every section filled, user strings escaped.
 * Tagged slow with the other analyst tests ({@link NotebookSqlTest}, {@link ReportBrowserTest}): the demo
 * ledger they share takes about three minutes to build, which is most of their cost; CI runs them.
 */
@Tag("slow")
class ReportCliTest extends SparkTestBase {
  static Path warehouse;
  static String html;

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeReport() throws IOException {
    warehouse = DemoLedger.warehouse();
    // A monitor check that fails on every point, so the Alerts section has rows (exit 6 is the failed check).
    Path spec = DemoLedger.demoSpecWithChecks(dir.resolve("monitor.yaml"), """
            - name: report_auc_target
              series: {metric: roc_auc, model: "churn-xgb:1", table: demo/eval}
              strategy: {type: bounds, lower: 0.999}
        """);
    CliRun.Result monitor = CliRun.in(warehouse, "monitor", "--spec", spec.toString());
    assertThat(monitor.code()).as(monitor.err()).isEqualTo(6);
    Path out = dir.resolve("report.html");
    CliRun.Result r = DemoLedger.ok(warehouse, "report", "--out", out.toString());
    assertThat(r.out()).isEmpty();
    html = Files.readString(out);
  }

  @Test
  void thePageNeedsNothingFromTheNetwork() {
    assertThat(html).startsWith("<!DOCTYPE html>")
        .contains("Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-")
        .doesNotContainPattern("(?i)<(script|link|img|iframe)[^>]*\\s(src|href)=")
        .doesNotContain("sourceMappingURL")
        .contains("Chart.js v4.4.1");
  }

  @Test
  void everySectionHasItsChartOrTable() {
    assertThat(html).contains("<canvas data-chart=\"byEvalVersion\"", "<canvas data-chart=\"byModelVersion\"",
        "<canvas data-chart=\"slices\"", "<canvas data-chart=\"latency\"")
        .contains("<h3>demo/eval@v1</h3>", "<h3>demo/eval@v0</h3>", "<h3>odd/eval@v0</h3>")
        .contains("<h3>churn-xgb:1</h3>", "<li>demo/train@v0 (table ")
        .contains("<li>run ").contains("output scores/churn@v0")
        .contains("<th>p95 ms</th>")
        .contains("<td>report_auc_target</td><td>roc_auc of churn-xgb:1 on demo/eval</td><td>v1</td>")
        // The champion's point on the planted shift (demo/eval v2) is marked on the history chart.
        .contains("{\"x\":2.0,\"y\":", ",\"anomalous\":true}")
        .contains("A red cross marks a point that 'assay monitor' judged anomalous (see Alerts).")
        .doesNotContain("class=\"empty\"");
  }

  @Test
  void aSliceValueThatIsMarkupIsEscapedInTablesAndInTheChartData() {
    assertThat(html).contains("<td>plan = &lt;script&gt;alert(1)&lt;/script&gt;</td>")
        .contains("\"plan = \\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E\"")
        .doesNotContain("<script>alert(1)")
        .doesNotContain("alert(1)</script>");
  }

  @Test
  void anUnknownMetricIsAUsageError() {
    CliRun.Result r = CliRun.in(warehouse, "report", "--out", dir.resolve("x.html").toString(), "--metric", "nope");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot plot metric 'nope': the ledger has no whole-dataset values of it; use one of "
        + "[accuracy@0.5, brier, f1@0.5, log_loss, n_rows, positive_rate, pr_auc, precision@0.5, "
        + "predicted_positive_rate@0.5, recall@0.5, roc_auc, train_overlap_rows, train_overlap_share]");
    assertThat(dir.resolve("x.html")).doesNotExist();
  }

  @Test
  void aWarehouseWithoutLedgerIsAnInputError() {
    CliRun.Result r = CliRun.in(dir, "report", "--out", dir.resolve("y.html").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("Cannot write a report: there is no ledger at " + dir.resolve("ledger")
        + "; run 'assay train' first, or pass --warehouse/--ledger of an existing ledger");
    assertThat(dir.resolve("y.html")).doesNotExist();
  }
}
