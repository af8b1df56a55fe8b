package dev.assay.usecase;

import dev.assay.errors.ExitCode;
import dev.assay.errors.MonitorErrors;
import dev.assay.ledger.AlertRecord;
import dev.assay.ledger.AlertsTable;
import dev.assay.ledger.RunStatus;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.model.Hashing;
import dev.assay.monitor.AnomalyDetector;
import dev.assay.monitor.MonitorSeries;
import dev.assay.monitor.Verdict;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.JobSpec;
import dev.assay.spec.MonitorCheck;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.version.CodeVersion;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code monitor}: the spec's checks over the history in the ledger (a metric across evaluation or
 * model versions, drift across table versions, latency across benchmarks). Every point of every
 * series is judged against the points before it and stored in {@code alerts} (insert-only, so a
 * rerun over the same ledger adds nothing); a check fails when the newest point of one of its
 * series is anomalous, and then the run exits 6 so a scheduler can branch on it. An older anomaly
 * stays on record without failing every later run.
 */
public final class MonitorJob {
  private MonitorJob() {}

  /** What the checks found: rows to store, the failed checks' lines. */
  private record Findings(List<AlertRecord> rows, List<String> failed) {}

  /**
   * Runs the checks of {@code spec}'s {@code monitor} section ({@code source} names the spec in messages).
   *
   * @param warnOnly a failed check is printed and stored as always, but the run succeeds (exit 0): for a
   *     new check that is watched for a while before it gates a pipeline, or a demo that goes on after it
   */
  public static JobResult run(JobContext ctx, JobSpec spec, String source, boolean warnOnly, PrintStream out) {
    if (spec.monitor() == null) {
      throw MonitorErrors.noMonitorSection(source);
    }
    String metricCode = MetricCodeVersion.current();
    ctx.setSpec(new RecordedSpec.Monitor(spec.monitor(), metricCode));
    AlertsTable alerts = ctx.ledger().alerts();
    ctx.onFailure(() -> alerts.deleteRun(ctx.runId()));
    Findings findings = new Findings(new ArrayList<>(), new ArrayList<>());
    Timestamp now = new Timestamp(System.currentTimeMillis());
    for (MonitorCheck check : spec.monitor().checks()) {
      judge(ctx, check, metricCode, now, findings, out);
    }
    AlertsTable.SaveResult saved = alerts.save(findings.rows());
    ctx.step("stored %d alert row(s) in %s, %d already present", saved.inserted(), ctx.ledger().root(),
        saved.present());
    if (!findings.failed().isEmpty()) {
      String summary = MonitorErrors.checksFailed(findings.failed());
      if (warnOnly) {
        ctx.step("--warn-only: exit 0 although %d check(s) failed", findings.failed().size());
        return JobResult.succeeded(summary).withNote("--warn-only: " + summary);
      }
      return new JobResult(RunStatus.FAILED, ExitCode.MONITOR_FAILED, summary).withNote(summary);
    }
    return JobResult.succeeded(spec.monitor().checks().size() + " monitoring check(s) passed or lack history");
  }

  private static void judge(JobContext ctx, MonitorCheck check, String metricCode, Timestamp now, Findings findings,
      PrintStream out) {
    String hash = Hashing.sha256(SpecLoader.canonicalJson(check).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    List<MonitorSeries.Series> series = MonitorSeries.read(ctx.ledger(), check.series(), metricCode);
    if (series.stream().allMatch(s -> s.points().isEmpty())) {
      out.printf("%-5s %s: no points in the ledger yet (%s): not enough points%n", "SKIP", check.name(),
          series.isEmpty() ? "nothing matches the series" : series.get(0).label());
      return;
    }
    String code = CodeVersion.current().label();
    for (MonitorSeries.Series s : series) {
      List<Verdict> verdicts = AnomalyDetector.judge(check.strategy(), s.points());
      for (int i = 0; i < verdicts.size(); i++) {
        Verdict v = verdicts.get(i);
        findings.rows().add(new AlertRecord(check.name(), hash, s.label(), v.point().label(), v.point().order(),
            v.point().value(), v.lower(), v.upper(), v.status().code(), check.strategy().type().code(),
            check.strategy().parameters(), v.used(), i == verdicts.size() - 1, ctx.runId(), code, now));
      }
      if (verdicts.isEmpty()) {
        continue;
      }
      Verdict last = verdicts.get(verdicts.size() - 1);
      String line = String.format(Locale.ROOT, "%s: %s at %s = %s, %s", check.name(), s.label(),
          last.point().label(), num(last.point().value()), band(last));
      out.printf("%-5s %s%n", switch (last.status()) {
        case PASS -> "PASS";
        case FAIL -> "FAIL";
        case NOT_ENOUGH_POINTS -> "SKIP";
      }, line);
      if (last.failed()) {
        findings.failed().add(line);
      }
    }
  }

  private static String band(Verdict v) {
    if (v.status() == Verdict.Status.NOT_ENOUGH_POINTS) {
      return "not enough points (" + v.used().size() + " earlier)";
    }
    String range = (v.lower() == null ? "(-inf" : "[" + num(v.lower())) + ", "
        + (v.upper() == null ? "+inf)" : num(v.upper()) + "]");
    String from = v.used().isEmpty() ? "" : " from " + (v.used().size() == 1 ? v.used().get(0)
        : v.used().size() + " earlier points");
    return (v.failed() ? "outside " : "within ") + range + from;
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.6g", d);
  }
}
