package dev.assay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Escaping, the JSON block and empty sections of the report page, without Spark. */
class RenderReportTest {
  static final String EVIL = "<script>alert(1)</script>";

  static ReportData empty() {
    return new ReportData("/tmp/ledger", "2026-11-29T10:00:00Z", "roc_auc", true,
        List.of(new ReportData.Count("models", 0)), List.of(), List.of(), List.of(), null, null, List.of());
  }

  @Test
  void htmlEscapesEveryMarkupCharacter() {
    assertThat(Html.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
    assertThat(Html.escape(null)).isEmpty();
  }

  @Test
  void scriptJsonCannotCloseItsBlock() {
    assertThat(ScriptJson.write(Map.of("s", EVIL + " & \u2028\u2029 é")))
        .isEqualTo("{\"s\":\"\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E \\u0026 \\u2028\\u2029 é\"}");
  }

  @Test
  void emptySectionsSaySoInsteadOfDrawingEmptyCharts() {
    String html = RenderReport.html(empty());
    assertThat(html).doesNotContain("<canvas data-chart")
        .contains("<p class=\"empty\">No evaluations in the ledger yet: run &#39;assay train&#39; or &#39;assay "
            + "evaluate&#39;.</p>")
        .contains("<p class=\"empty\">No slice metrics in the ledger: add metrics.slices (e.g. [plan, region]) to the "
            + "training spec.</p>")
        .contains("<p class=\"empty\">No benchmarks in the ledger: run &#39;assay benchmark --model NAME:VERSION "
            + "--input TABLE&#39;.</p>")
        .contains("<p class=\"empty\">No champion yet: promote a model with &#39;assay gate --spec FILE --challenger "
            + "NAME:VERSION --promote&#39;.</p>")
        .contains("<p class=\"empty\">No monitoring checks have run: add a monitor section to a spec and run "
            + "&#39;assay monitor --spec FILE&#39;.</p>");
  }

  static ReportData withAlerts(ReportData.Alerts alerts) {
    ReportData e = empty();
    return new ReportData(e.ledgerRoot(), e.generatedAt(), e.metric(), true, e.counts(), List.of(), List.of(),
        List.of(), null, null, List.of(), alerts);
  }

  @Test
  void anomaliesAreListedWithTheirBoundsAndACleanRunSaysSo() {
    List<String> row = List.of("auc_drop", "roc_auc of churn-xgb:2 on " + EVIL, "v6", "0.7810", "[0.8437, +inf)",
        "online_normal", "yes: fails the check");
    String html = RenderReport.html(withAlerts(new ReportData.Alerts(3, 1, AlertRows.COLUMNS, List.of(row), 4)));
    assertThat(html).doesNotContain(EVIL).contains("<a href=\"#alerts\">Alerts</a>")
        .contains("<p class=\"note\">1 series fail on their newest point (the last 'assay monitor' exited 6 "
            + "for them); older anomalies stay listed. 3 check(s) have run; every verdict is in assay.alerts.</p>")
        .contains("<td>auc_drop</td><td>roc_auc of churn-xgb:2 on &lt;script&gt;alert(1)&lt;/script&gt;</td>"
            + "<td>v6</td><td>0.7810</td><td>[0.8437, +inf)</td><td>online_normal</td><td>yes: fails the check</td>")
        .contains("<p class=\"note\">4 older anomalous points: see the alert_history view.</p>");
    assertThat(RenderReport.html(withAlerts(new ReportData.Alerts(2, 0, AlertRows.COLUMNS, List.of(), 0))))
        .contains("<p class=\"empty\">2 monitoring check(s) ran; no point was anomalous.</p>");
  }

  @Test
  void anomalousPointsAreMarkedOnTheHistoryChartsAndTheNoteSaysHow() {
    ReportData e = empty();
    List<ReportData.Series> lines = List.of(new ReportData.Series("churn-xgb:1 · demo/eval",
        List.of(new ReportData.Point(0, 0.8), new ReportData.Point(2, 0.7, true))));
    String html = RenderReport.html(new ReportData(e.ledgerRoot(), e.generatedAt(), e.metric(), true, e.counts(),
        List.of(), lines, List.of(), null, null, List.of()));
    assertThat(html).contains("{\"x\":0.0,\"y\":0.8,\"anomalous\":false},{\"x\":2.0,\"y\":0.7,\"anomalous\":true}")
        .contains("as the evaluation data changed. A red cross marks a point that 'assay monitor' judged "
            + "anomalous (see Alerts).</p>");
    String clean = RenderReport.html(new ReportData(e.ledgerRoot(), e.generatedAt(), e.metric(), true, e.counts(),
        List.of(), List.of(new ReportData.Series("a", List.of(new ReportData.Point(0, 0.8)))), List.of(), null, null,
        List.of()));
    assertThat(clean).contains("as the evaluation data changed.</p>").doesNotContain("A red cross marks");
  }

  @Test
  void userStringsAreEscapedEverywhere() {
    ReportData d = new ReportData(EVIL, "t", "roc_auc", true, List.of(),
        List.of(new ReportData.Leaderboard(EVIL + "@v0", List.of("rank", "model"), List.of(List.of("1", EVIL)), 0)),
        List.of(new ReportData.Series(EVIL, List.of(new ReportData.Point(0, 0.5)))), List.of(),
        new ReportData.SliceChart(EVIL, List.of("plan = " + EVIL), List.of(new ReportData.Bars(EVIL,
            Arrays.asList(0.5))), List.of(List.of("plan = " + EVIL, "0.5", "100")),
            List.of("slice", EVIL, "rows")),
        null, List.of(new ReportData.Lineage(EVIL, EVIL, List.of(EVIL), List.of(), List.of())));
    String html = RenderReport.html(d);
    assertThat(html).doesNotContain(EVIL).doesNotContain("alert(1)</script>")
        .contains("<h3>&lt;script&gt;alert(1)&lt;/script&gt;@v0</h3>")
        .contains("<td>plan = &lt;script&gt;alert(1)&lt;/script&gt;</td>")
        .contains("<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>");
  }

  @Test
  void aBoardWithAModelTrainedOnItsEvaluationRowsIsMarked() {
    ReportData.Leaderboard leaky = new ReportData.Leaderboard("demo/eval@v0", List.of("rank", "model", "rows",
        ReportData.Leaderboard.OVERLAP_COLUMN), List.of(List.of("1", "m:2", "400", "LEAK 400 (100.00%)"),
        List.of("2", "m:1", "400", "0")), 0);
    ReportData.Leaderboard clean = new ReportData.Leaderboard("demo/eval@v1", List.of("rank", "model", "rows"),
        List.of(List.of("1", "m:1", "400")), 0);
    String note = "LEAK: the model was evaluated on rows of its own training data";
    String html = RenderReport.html(new ReportData("t", "t", "roc_auc", true, List.of(), List.of(leaky, clean),
        List.of(), List.of(), null, null, List.of()));
    assertThat(html).contains("<td>LEAK 400 (100.00%)</td>").containsOnlyOnce(note);
  }

  @Test
  void thePolicyHashesExactlyTheInlineScripts() {
    String html = RenderReport.html(empty());
    String hook = RenderReport.resource("/report/hook.js");
    String report = RenderReport.resource("/report/report.js");
    assertThat(html).contains(RenderReport.hash(hook), RenderReport.hash(report),
        RenderReport.hash(RenderReport.chartJs()))
        .contains("<script>" + hook + "</script>", "<script>" + report + "</script>");
  }
}
