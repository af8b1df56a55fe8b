package dev.assay.report;

import static dev.assay.report.Html.escape;

import dev.assay.errors.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@link ReportData} as one self-contained HTML page: Chart.js (from its WebJar on the
 * classpath), the page's script and style are inlined, the chart data is a JSON block, and every
 * user string in markup is escaped. A Content-Security-Policy allows only these exact scripts (by
 * hash) and no network at all, so the page opens offline and an injected script would not run.
 */
public final class RenderReport {
  /** The Chart.js version of the WebJar (the parent pom owns the dependency's version). */
  static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";

  private RenderReport() {}

  public static String html(ReportData d) {
    String hook = resource("/report/hook.js");
    String chartJs = chartJs();
    String reportJs = resource("/report/report.js");
    StringBuilder h = new StringBuilder(chartJs.length() + 64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ")
        .append(hash(hook)).append(' ').append(hash(chartJs)).append(' ').append(hash(reportJs))
        .append("; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Assay report</title>\n<style>\n").append(resource("/report/report.css")).append("</style>\n")
        .append("<script>").append(hook).append("</script>\n</head>\n<body>\n");
    header(h, d);
    h.append("<main>\n");
    leaderboards(h, d);
    alerts(h, d);
    String marked = marked(d.byEvalVersion()) + marked(d.byModelVersion()) > 0
        ? " A red cross marks a point that 'assay monitor' judged anomalous (see Alerts)." : "";
    chart(h, "by-eval-version", escape(d.metric()) + " vs evaluation data version",
        d.byEvalVersion().isEmpty() ? null : "byEvalVersion",
        d.byEvalVersion().isEmpty() ? null : "One line per model version and evaluation table: how the metric moved "
            + "as the evaluation data changed." + marked,
        "No metric values in the ledger yet: run 'assay train' or 'assay evaluate'.", "");
    chart(h, "by-model-version", escape(d.metric()) + " vs model version",
        d.byModelVersion().isEmpty() ? null : "byModelVersion",
        d.byModelVersion().isEmpty() ? null : "One line per model name and evaluation cell: did newer versions do "
            + "better on the same data?" + marked,
        "No metric values in the ledger yet: run 'assay train' or 'assay evaluate'.", "");
    slices(h, d);
    latency(h, d);
    lineage(h, d);
    h.append("</main>\n<footer>Assay report of ").append(escape(d.ledgerRoot())).append(" at ")
        .append(escape(d.generatedAt())).append(". Made offline: no resource of this page is fetched.</footer>\n");
    h.append("<script type=\"application/json\" id=\"report-data\">").append(ScriptJson.write(chartData(d)))
        .append("</script>\n<script>").append(chartJs).append("</script>\n<script>").append(reportJs)
        .append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, ReportData d) {
    h.append("<header><h1>Assay report</h1><p>Ledger ").append(escape(d.ledgerRoot())).append(" · generated ")
        .append(escape(d.generatedAt())).append(" · charts show <b>").append(escape(d.metric())).append("</b> (")
        .append(d.higherIsBetter() ? "higher" : "lower").append(" is better)</p><ul class=\"counts\">");
    d.counts().forEach(c -> h.append("<li><b>").append(c.value()).append("</b>").append(escape(c.label()))
        .append("</li>"));
    h.append("</ul></header>\n<pre id=\"report-errors\" class=\"errors\" hidden></pre>\n<nav>")
        .append("<a href=\"#leaderboard\">Leaderboard</a><a href=\"#alerts\">Alerts</a>")
        .append("<a href=\"#by-eval-version\">By evaluation version</a>")
        .append("<a href=\"#by-model-version\">By model version</a><a href=\"#slices\">Slices</a>")
        .append("<a href=\"#latency\">Latency vs quality</a><a href=\"#lineage\">Champion lineage</a></nav>\n");
  }

  private static void leaderboards(StringBuilder h, ReportData d) {
    h.append("<section id=\"leaderboard\" class=\"wide\"><h2>Leaderboard</h2>");
    if (d.leaderboards().isEmpty()) {
      empty(h, "No evaluations in the ledger yet: run 'assay train' or 'assay evaluate'.");
    } else {
      h.append("<p class=\"note\">One ranking per evaluation cell (table version, filter, metric code version): only "
          + "models in the same cell are compared. Latest evaluation versions first.</p><div class=\"tables\">");
      for (ReportData.Leaderboard b : d.leaderboards()) {
        h.append("<div class=\"scroll\"><h3>").append(escape(b.cell())).append("</h3>");
        table(h, b.columns(), b.rows(), true);
        if (b.columns().contains(ReportData.Leaderboard.OVERLAP_COLUMN)) {
          h.append("<p class=\"note\">LEAK: the model was evaluated on rows of its own training data (the leakage "
              + "check, train_overlap_rows); its values on this cell are not a holdout measure.</p>");
        }
        if (b.omitted() > 0) {
          h.append("<p class=\"note\">").append(b.omitted()).append(" more rows: see 'assay ledger leaderboard'.</p>");
        }
        h.append("</div>");
      }
      h.append("</div>");
    }
    h.append("</section>\n");
  }

  private static void alerts(StringBuilder h, ReportData d) {
    ReportData.Alerts a = d.alerts();
    h.append("<section id=\"alerts\" class=\"wide\"><h2>Alerts</h2>");
    if (a.checks() == 0) {
      empty(h, "No monitoring checks have run: add a monitor section to a spec and run 'assay monitor --spec FILE'.");
    } else if (a.rows().isEmpty()) {
      empty(h, a.checks() + " monitoring check(s) ran; no point was anomalous.");
    } else {
      h.append("<p class=\"note\">").append(a.failing()).append(" series fail on their newest point (the last "
          + "'assay monitor' exited 6 for them); older anomalies stay listed. ").append(a.checks())
          .append(" check(s) have run; every verdict is in assay.alerts.</p>");
      h.append(tableHtml(a.columns(), a.rows()));
      if (a.omitted() > 0) {
        h.append("<p class=\"note\">").append(a.omitted()).append(" older anomalous points: see the alert_history "
            + "view.</p>");
      }
    }
    h.append("</section>\n");
  }

  private static void slices(StringBuilder h, ReportData d) {
    ReportData.SliceChart s = d.slices();
    chart(h, "slices", escape(d.metric()) + " per slice", s == null ? null : "slices",
        s == null ? null : "On " + escape(s.cell()) + " (the evaluation cell with slices and the most models), best "
            + "model first.",
        "No slice metrics in the ledger: add metrics.slices (e.g. [plan, region]) to the training spec.",
        s == null ? "" : tableHtml(s.tableColumns(), s.table()));
  }

  private static void latency(StringBuilder h, ReportData d) {
    ReportData.Latency l = d.latency();
    String none = l == null ? "No benchmarks in the ledger: run 'assay benchmark --model NAME:VERSION --input TABLE'."
        : "No benchmarked model has " + d.metric() + " on the reference cell" + (l.cell() == null ? "" : " "
        + l.cell()) + ".";
    boolean plot = l != null && !l.points().isEmpty();
    chart(h, "latency", "Latency vs quality", plot ? "latency" : null,
        plot ? "p95 single-row latency from the latest benchmark of each model version against " + escape(d.metric())
            + " on " + escape(l.cell()) + ": up and to the left is better." : null,
        none, l == null ? "" : tableHtml(l.tableColumns(), l.table()));
  }

  private static void lineage(StringBuilder h, ReportData d) {
    h.append("<section id=\"lineage\" class=\"wide\"><h2>Lineage of the champion</h2>");
    if (d.lineage().isEmpty()) {
      empty(h, "No champion yet: promote a model with 'assay gate --spec FILE --challenger NAME:VERSION --promote'.");
    }
    for (ReportData.Lineage l : d.lineage()) {
      h.append("<h3>").append(escape(l.model())).append("</h3><div class=\"flow\">");
      node(h, "Training data", l.trainData(), "none recorded");
      h.append("<div class=\"arrow\">&rarr;</div>");
      node(h, "Model", List.of(l.model(), l.modelDetail()), "");
      h.append("<div class=\"arrow\">&rarr;</div>");
      node(h, "Metrics", l.evaluations(), "not evaluated");
      h.append("<div class=\"arrow\">&rarr;</div>");
      node(h, "Scores", l.scores(), "no 'assay score' run yet");
      h.append("</div>");
    }
    h.append("</section>\n");
  }

  private static void node(StringBuilder h, String title, List<String> items, String none) {
    h.append("<div class=\"node\"><h4>").append(escape(title)).append("</h4>");
    if (items.isEmpty()) {
      h.append("<p class=\"note\">").append(escape(none)).append("</p>");
    } else {
      h.append("<ul>");
      items.forEach(i -> h.append("<li>").append(escape(i)).append("</li>"));
      h.append("</ul>");
    }
    h.append("</div>");
  }

  /** A chart section; {@code chartKey} null means there is nothing to plot and {@code emptyText} is shown. */
  private static void chart(StringBuilder h, String id, String titleHtml, String chartKey, String noteHtml,
      String emptyText, String afterHtml) {
    h.append("<section id=\"").append(id).append("\"><h2>").append(titleHtml).append("</h2>");
    if (chartKey == null) {
      empty(h, emptyText);
    } else {
      h.append("<p class=\"note\">").append(noteHtml).append("</p><div class=\"chart\"><canvas data-chart=\"")
          .append(chartKey).append("\" role=\"img\" aria-label=\"").append(titleHtml).append("\"></canvas></div>");
    }
    h.append(afterHtml).append("</section>\n");
  }

  private static void empty(StringBuilder h, String text) {
    h.append("<p class=\"empty\">").append(escape(text)).append("</p>");
  }

  private static String tableHtml(List<String> columns, List<List<String>> rows) {
    StringBuilder h = new StringBuilder();
    h.append("<div class=\"scroll\">");
    table(h, columns, rows, false);
    return h.append("</div>").toString();
  }

  private static void table(StringBuilder h, List<String> columns, List<List<String>> rows, boolean markFirst) {
    h.append("<table><thead><tr>");
    columns.forEach(c -> h.append("<th>").append(escape(c)).append("</th>"));
    h.append("</tr></thead><tbody>");
    for (List<String> r : rows) {
      h.append(markFirst && "1".equals(r.get(0)) ? "<tr class=\"first\">" : "<tr>");
      r.forEach(c -> h.append("<td>").append(escape(c)).append("</td>"));
      h.append("</tr>");
    }
    h.append("</tbody></table>");
  }

  private static long marked(List<ReportData.Series> series) {
    return series.stream().flatMap(s -> s.points().stream()).filter(ReportData.Point::anomalous).count();
  }

  private static Map<String, Object> chartData(ReportData d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("metric", d.metric());
    m.put("higherIsBetter", d.higherIsBetter());
    m.put("byEvalVersion", d.byEvalVersion());
    m.put("byModelVersion", d.byModelVersion());
    m.put("slices", d.slices() == null ? null : Map.of("labels", d.slices().labels(), "datasets",
        d.slices().datasets()));
    m.put("latency", d.latency() == null ? List.of() : d.latency().points());
    return m;
  }

  /** Chart.js without its source-map comment (the map is not shipped, and a fetch would fail offline). */
  static String chartJs() {
    String js = resource(CHART_JS);
    js = js.replaceAll("(?m)^//# sourceMappingURL=.*$", "");
    Preconditions.checkState(!js.toLowerCase(Locale.ROOT).contains("</script"),
        "Cannot inline %s: it contains '</script'", CHART_JS);
    return js;
  }

  static String resource(String name) {
    try (InputStream in = RenderReport.class.getResourceAsStream(name)) {
      Preconditions.checkState(in != null, "Cannot find %s on the classpath: is the chart.js WebJar missing?", name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSP source for an inline script: {@code 'sha256-<base64>'} of its exact text. */
  static String hash(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
