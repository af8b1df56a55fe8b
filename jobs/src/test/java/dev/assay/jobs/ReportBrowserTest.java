package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The report as a person sees it: headless Chromium renders the page from disk (no server, no
 * network), every chart draws pixels, nothing logs an error, and a script tag stored as a slice value
 * shows as text. Screenshots go to {@code target/report-screenshots/}. Skipped only where Chromium is
 * not installed; CI installs it.
 */
@Tag("slow")  // needs Chromium (CI installs it); scripts/test --all runs it
class ReportBrowserTest extends SparkTestBase {
  static final Path OUT = Path.of("target", "report-screenshots").toAbsolutePath();
  static Path page;

  @BeforeAll
  static void writeReport() throws IOException {
    assumeTrue(Chromium.available(), "chromium is not installed at " + Chromium.BINARY + " (apt-get install chromium)");
    Files.createDirectories(OUT);
    page = OUT.resolve("report.html");
    DemoLedger.ok(DemoLedger.warehouse(), "report", "--out", page.toString());
  }

  @Test
  void everyChartRendersWithoutErrors() throws Exception {
    Chromium.Output o = Chromium.dumpDom(page);
    String dom = o.out();
    assertThat(dom).as(o.err()).contains("data-charts-expected=\"4\"").contains("data-charts-rendered=\"4\"");
    // The attribute the page's error hook sets (the page's own script mentions the name in quotes only).
    assertThat(dom).doesNotContain("data-report-errors=\"");
    Matcher canvas = Pattern.compile("<canvas data-chart=\"(\\w+)\"[^>]*>").matcher(dom);
    int charts = 0;
    while (canvas.find()) {
      charts++;
      Matcher painted = Pattern.compile("data-painted-pixels=\"(\\d+)\"").matcher(canvas.group());
      assertThat(painted.find()).as("chart %s was not drawn: %s", canvas.group(1), canvas.group()).isTrue();
      assertThat(Long.parseLong(painted.group(1))).as("painted pixels of chart %s", canvas.group(1))
          .isGreaterThan(5000);
    }
    assertThat(charts).isEqualTo(4);
    assertThat(consoleErrors(o.err())).isEmpty();
    Chromium.Output shot = Chromium.screenshot(page, OUT.resolve("report.png"), 1400, 3000);
    assertThat(OUT.resolve("report.png")).as(shot.err()).isNotEmptyFile();
  }

  @Test
  void aScriptTagInTheLedgerIsShownAsTextAndNeverRuns() throws Exception {
    // Without the page's script policy, so only the escaping stands between the value and the browser;
    // a probe replaces alert() and marks the page if anything calls it.
    String html = Files.readString(page);
    String unprotected = html.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>",
        "<script>window.alert = function (m) { document.documentElement.setAttribute('data-alert-fired', String(m)); "
            + "};</script>");
    assertThat(unprotected).isNotEqualTo(html);
    Path probe = OUT.resolve("report-without-policy.html");
    Files.writeString(probe, unprotected);
    Chromium.Output o = Chromium.dumpDom(probe);
    assertThat(o.out()).contains("data-charts-rendered=\"4\"")
        .doesNotContain("data-alert-fired=\"")
        .doesNotContain("data-report-errors=\"")
        .contains("<td>plan = &lt;script&gt;alert(1)&lt;/script&gt;</td>")
        .doesNotContain("<script>alert(1)");
  }

  /** Console lines Chromium logged for the page (--enable-logging=stderr): the report logs nothing when well. */
  static List<String> consoleErrors(String stderr) {
    return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
  }
}
