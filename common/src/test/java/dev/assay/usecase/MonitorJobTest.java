package dev.assay.usecase;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.data.Warehouse;
import dev.assay.ledger.BenchmarkRecord;
import dev.assay.ledger.DriftRecord;
import dev.assay.ledger.Ledger;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelStage;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.report.CollectReport;
import dev.assay.report.ReportData;
import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Algorithm;
import dev.assay.spec.JobSpec;
import dev.assay.spec.MonitorSpecTest;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.Task;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor} over a ledger with planted anomalies: verdicts, exit codes, the alerts table and reruns. */
class MonitorJobTest extends SparkTestBase {
  static final String BASE = """
      model: {name: churn}
      features: {numeric: [a], label: y}
      data: {train: {table: demo/train}}
      """;

  /** ROC AUC of churn:1 on demo/eval v0..v6: stable, then a drop at v6. */
  static final double[] AUC = {0.851, 0.849, 0.852, 0.850, 0.848, 0.851, 0.781};

  @TempDir
  static Path dir;
  static Warehouse warehouse;

  /** One ledger for the class (its checks have distinct names): the set-up is a dozen Delta commits. */
  @BeforeAll
  static void ledger() {
    warehouse = new Warehouse(dir.toString());
    Ledger ledger = context().ledger();
    ledger.ensureTables();
    ModelRecord m1 = ledger.models().register(model("churn", "r1"));
    ModelRecord m2 = ledger.models().register(model("churn", "r2"));
    List<MetricRow> rows = new ArrayList<>();
    for (int v = 0; v < AUC.length; v++) {
      rows.add(metric(m1, v, null, MetricCodeVersion.current(), AUC[v]));
      // Not in the series: a filtered cell, and another metric code version.
      rows.add(metric(m1, v, "region = 'north'", MetricCodeVersion.current(), 0.99));
      rows.add(metric(m1, v, null, "1", 0.5));
    }
    rows.add(metric(m2, 6, null, MetricCodeVersion.current(), 0.86));
    ledger.metrics().save(rows);
    for (int v = 1; v <= 6; v++) {
      ledger.dataDrift().save(List.of(drift(v, "f1", 0.01 + 0.001 * v), drift(v, "f2", v == 6 ? 0.45 : 0.02)));
    }
    for (int i = 0; i < 3; i++) {
      ledger.benchmarks().append(new BenchmarkRecord("churn", 1, "demo/eval", "tid", 0, 100, 1000.0, 1.0, 2.0 + i,
          3.0, 100L, "m", 1, 3, "cpu", "cpu", 2, "17", "local[2]", "b" + i, new Timestamp(1000L * i), null));
    }
  }

  static JobContext context() {
    return new JobContext(spark, warehouse, "ledger", "monitor", Map.of(), Map.of());
  }

  static ModelRecord model(String name, String runId) {
    return new ModelRecord(name, 0, runId, "key-" + runId, Algorithm.XGBOOST, Task.BINARY, "/a/" + runId, null, null,
        "hash-" + runId, Map.of(), List.of("a"), "y", "{}", List.of(), 10, 1, 1, ModelStage.CANDIDATE, "cpu", "c",
        "3.4.0", new Timestamp(0), null);
  }

  static MetricRow metric(ModelRecord m, long version, String filter, String code, double value) {
    return new MetricRow(new MetricKey(m.modelName(), m.modelVersion(), "tid-eval", version, filter, code, null, null,
        "roc_auc"), "holdout", "demo/eval", value, null, null, "ok", 1000, "r", "c", "cpu", new Timestamp(0));
  }

  static DriftRecord drift(long to, String feature, double psi) {
    return new DriftRecord("demo/train", "tid-train", to - 1, to, feature, "numeric", psi, 10, 100, 100, 0L, 0L,
        null, "psi", "r", "c", new Timestamp(0));
  }

  record Outcome(int code, String out) {}

  Outcome monitor(String checks) {
    return monitor(checks, false);
  }

  Outcome monitor(String checks, boolean warnOnly) {
    JobSpec spec = SpecLoader.parse(BASE + "monitor:\n  checks:\n" + checks, "monitor.yaml", List.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = JobRunner.run(context(), c -> MonitorJob.run(c, spec, "monitor.yaml", warnOnly, out));
    return new Outcome(code, bytes.toString(StandardCharsets.UTF_8));
  }

  static final String CHECKS = """
          - name: auc_drop
            series: {metric: roc_auc, model: "churn:1", table: demo/eval}
            strategy: {type: online_normal, k: 3, warmup: 4, direction: down}
      """ + MonitorSpecTest.DRIFT_AND_LATENCY;

  @Test
  void aPlantedDropAndAPlantedDriftFailTheRunWithExitSixAndEveryVerdictIsStored() {
    Outcome first = monitor(CHECKS);
    assertThat(first.code()).as(first.out()).isEqualTo(6);
    assertThat(first.out()).contains("FAIL  auc_drop: roc_auc of churn:1 on demo/eval at v6 = 0.781000, outside "
        + "[0.84", "from 6 earlier points")
        .contains("PASS  psi: psi of f1 in demo/train at v5->v6 = 0.0160000, within (-inf, 0.200000]")
        .contains("FAIL  psi: psi of f2 in demo/train at v5->v6 = 0.450000, outside (-inf, 0.200000]")
        .contains("PASS  latency: p95_ms of churn:1 at run b2 at 1970-01-01T00:00:02Z = 4.00000, within (-inf, "
            + "8.00000] from run b1");
    List<Row> alerts = ours();
    // 7 points of the AUC series, 6 of each PSI series, 3 latencies.
    assertThat(alerts).hasSize(7 + 12 + 3);
    Row drop = context().ledger().alerts().check("auc_drop").where("point = 'v6'").first();
    assertThat(drop.<String>getAs("status")).isEqualTo("fail");
    assertThat(drop.<Double>getAs("value")).isEqualTo(0.781);
    assertThat(drop.<Boolean>getAs("latest")).isTrue();
    assertThat(drop.<Double>getAs("upper")).as("direction down").isNull();
    assertThat(drop.getList(drop.fieldIndex("points_used"))).containsExactly("v0", "v1", "v2", "v3", "v4", "v5");
    assertThat(drop.getJavaMap(drop.fieldIndex("parameters"))).containsEntry("k", "3.0").containsEntry("warmup", "4");
    assertThat(context().ledger().alerts().check("auc_drop").where("status = 'not_enough_points'").count())
        .isEqualTo(4);

    // The same ledger state gives the same verdicts: a rerun adds no row and fails the same way.
    Outcome again = monitor(CHECKS);
    assertThat(again.code()).isEqualTo(6);
    assertThat(again.out()).isEqualTo(first.out());
    assertThat(ours()).isEqualTo(alerts);
    // --warn-only: the same lines and rows, but the run succeeds and its note says why.
    Outcome warned = monitor(CHECKS, true);
    assertThat(warned.code()).isZero();
    assertThat(warned.out()).isEqualTo(first.out());
    assertThat(ours()).isEqualTo(alerts);
    Row run = context().ledger().runs().all().where("command = 'monitor'").orderBy(col("started_at").desc()).first();
    assertThat(run.<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertThat(run.<String>getAs("error")).startsWith("--warn-only: 2 monitoring check(s) failed");

    // The report lists the anomalies, newest points of their series first.
    ReportData.Alerts report = CollectReport.collect(context().ledger(), "roc_auc").alerts();
    assertThat(report.checks()).isGreaterThanOrEqualTo(3);
    assertThat(report.rows()).contains(List.of("auc_drop", "roc_auc of churn:1 on demo/eval", "v6", "0.7810",
        report.rows().get(0).get(4), "online_normal", "yes: fails the check"));
    // The history chart marks the anomalous point of the failed series, and only that one.
    List<ReportData.Series> byEval = CollectReport.collect(context().ledger(), "roc_auc").byEvalVersion();
    assertThat(byEval).filteredOn(l -> l.label().startsWith("churn:1 · demo/eval (metric code v"
        + MetricCodeVersion.current())).singleElement().satisfies(l -> assertThat(l.points())
            .extracting(p -> p.x() + (p.anomalous() ? "!" : "")).containsExactly("0.0", "1.0", "2.0", "3.0", "4.0",
                "5.0", "6.0!"));
    assertThat(byEval.stream().flatMap(l -> l.points().stream()).filter(ReportData.Point::anomalous)).hasSize(1);
    assertThat(report.rows()).filteredOn(r -> r.get(0).equals("psi"))
        .containsExactly(List.of("psi", "psi of f2 in demo/train", "v5->v6", "0.4500", "(-inf, 0.2000]", "bounds",
            "yes: fails the check"));
  }

  /** The alerts of {@link #CHECKS} (the class shares one ledger). */
  static List<Row> ours() {
    return context().ledger().alerts().all().where("check_name in ('auc_drop', 'psi', 'latency')")
        .orderBy("check_name", "series", "point_order").collectAsList();
  }

  @Test
  void stableSeriesPassAndShortHistoriesAreNotJudged() {
    Outcome r = monitor("""
            - name: models
              series: {metric: roc_auc, model: churn, table: demo/eval, version: 6}
              strategy: {type: relative_change, max_rate: 0.2}
            - name: f1_only
              series: {drift: demo/train, feature: f1}
              strategy: {type: online_normal, k: 4, warmup: 10}
            - name: nothing_yet
              series: {metric: roc_auc, champion: churn, table: demo/eval}
              strategy: {type: bounds, lower: 0.8}
        """);
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("PASS  models: roc_auc of the versions of churn on demo/eval v6 at churn:2 = "
        + "0.860000, within [0.624800, 0.937200] from churn:1")
        .contains("SKIP  f1_only: psi of f1 in demo/train at v5->v6 = 0.0160000, not enough points (5 earlier)")
        .contains("SKIP  nothing_yet: no points in the ledger yet (nothing matches the series): not enough points");

    // The same check name with another setting is another check: its verdicts are new rows, the old ones stay.
    Outcome tighter = monitor("""
            - name: models
              series: {metric: roc_auc, model: churn, table: demo/eval, version: 6}
              strategy: {type: relative_change, max_rate: 0.05}
        """);
    assertThat(tighter.code()).as(tighter.out()).isEqualTo(6);
    List<Row> models = context().ledger().alerts().check("models").orderBy("point_order", "status").collectAsList();
    assertThat(models).extracting(a -> a.<String>getAs("point") + " " + a.<String>getAs("status"))
        .containsExactly("churn:1 not_enough_points", "churn:1 not_enough_points", "churn:2 fail", "churn:2 pass");
    assertThat(models.stream().map(a -> a.<String>getAs("check_hash")).distinct()).hasSize(2);
  }

  @Test
  void aSpecWithoutAMonitorSectionIsAUsageError() {
    JobSpec spec = SpecLoader.parse(BASE, "train.yaml", List.of());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = JobRunner.run(context(), c -> MonitorJob.run(c, spec, "train.yaml", false, System.out));
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot monitor with spec train.yaml: it has no "
        + "'monitor' section; add 'monitor: {checks: [...]}' with at least one check (see README, Monitoring)");
  }
}
