package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.demo.DemoData;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.spark.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.Seq;

/** The evaluation matrix end to end: reevaluate fills exactly the missing cells, gate compares and promotes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MatrixCliTest extends SparkTestBase {
  static final String SPEC = AssayCliTest.SPEC;
  static final String LR_SPEC = Path.of("..", "conf", "specs", "demo-mllib-lr.yaml").toAbsolutePath()
      .normalize().toString();
  /** The suite: holdout v0, recent v1 and latest (pinned at job start). */
  static final String LATEST = "data.eval.latest.table=demo/eval";

  @TempDir
  static Path warehouse;

  static CliRun.Result run(String... args) {
    return CliRun.in(warehouse, args);
  }

  static long metrics(String where) {
    return spark.read().format("delta").load(warehouse.resolve("ledger/metrics").toString()).where(where).count();
  }

  static Row lastRun(String command) {
    return spark.read().format("delta").load(warehouse.resolve("ledger/runs").toString())
        .where(col("command").equalTo(command)).orderBy(col("started_at").desc()).first();
  }

  static void appendEvalRows(long firstId) {
    DemoData.generate(spark, firstId, 600, 11, DemoData.VERSION_1_DRIFT).write().format("delta").mode("append")
        .save(warehouse.resolve("demo/eval").toString());
  }

  static double auc(String model, long evalVersion) {
    return spark.read().format("delta").load(warehouse.resolve("ledger/metrics").toString())
        .where("metric = 'roc_auc' and eval_filter is null and metric_code_version = '" + MetricCodeVersion.VERSION
            + "' and eval_version = " + evalVersion + " and concat(model_name, ':', model_version) = '" + model + "'")
        .select("value").first().getDouble(0);
  }

  static double nRows(String model, long evalVersion, String filter) {
    return spark.read().format("delta").load(warehouse.resolve("ledger/metrics").toString())
        .where(col("metric").equalTo("n_rows").and(col("metric_code_version").equalTo(MetricCodeVersion.VERSION))
            .and(col("model_name").equalTo(model)).and(col("eval_version").equalTo(evalVersion))
            .and(filter == null ? col("eval_filter").isNull() : col("eval_filter").equalTo(filter)))
        .select("value").first().getDouble(0);
  }

  @BeforeAll
  static void threeModels() {
    CliWarehouseTest.demoTablesIn(warehouse);
    for (String[] step : List.of(
        new String[] {"train", "--spec", SPEC, "--set", "model.params.num_round=8"},
        new String[] {"train", "--spec", SPEC, "--set", "model.params.num_round=2", "--set",
            "model.params.max_depth=1"},
        // A second model family: the matrix is models x data x metric code, whatever trained the model.
        new String[] {"train", "--spec", LR_SPEC, "--set", "model.name=other-lr"})) {
      CliRun.Result r = run(step);
      assertThat(r.code()).as(String.join(" ", step) + ": " + r.err()).isZero();
    }
  }

  @Test
  @Order(1)
  void reevaluateComputesExactlyTheMissingCellsAndThenNothing() {
    long perCell = metrics("model_name = 'other-lr' and eval_version = 0");
    assertThat(perCell).isGreaterThan(5);
    CliRun.Result upToDate = run("reevaluate", "--spec", SPEC, "--set", LATEST, "--dry-run");
    assertThat(upToDate.code()).as(upToDate.err()).isZero();
    assertThat(upToDate.out()).isEqualTo("0 cells missing of 6\n");

    appendEvalRows(10_000_000L);
    CliRun.Result plan = run("reevaluate", "--spec", SPEC, "--set", LATEST, "--dry-run");
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out().lines().toList()).containsExactly(
        "missing  churn-xgb:1  on latest = demo/eval v2  (metric code 2)",
        "missing  churn-xgb:2  on latest = demo/eval v2  (metric code 2)",
        "missing  other-lr:1  on latest = demo/eval v2  (metric code 2)",
        "3 cells missing of 9");
    assertThat(metrics("eval_version = 2")).isZero();

    CliRun.Result fill = run("reevaluate", "--spec", SPEC, "--set", LATEST);
    assertThat(fill.code()).as(fill.err()).isZero();
    assertThat(fill.out()).isEqualTo(plan.out());
    assertThat(metrics("eval_version = 2")).isEqualTo(3 * perCell);
    // Delta versions are cumulative: v2 holds v1's rows and the 600 appended ones.
    assertThat(metrics("eval_version = 2 and eval_name = 'latest' and metric = 'n_rows' and value > "
        + nRows("other-lr", 1, null))).isEqualTo(3);
    Row run = lastRun("reevaluate");
    assertThat(run.<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertThat(run.<Seq<Row>>getAs("data_versions").toList().toString())
        .contains("eval:latest,demo/eval", ",2,");

    long total = metrics("true");
    CliRun.Result again = run("reevaluate", "--spec", SPEC, "--set", LATEST);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo("0 cells missing of 9\nnothing to do\n");
    assertThat(metrics("true")).isEqualTo(total);
    assertThat(lastRun("reevaluate").<String>getAs("status")).isEqualTo("SKIPPED");
  }

  @Test
  @Order(2)
  void monitorJudgesTheMetricHistoryAndExitsSixOnAnAnomaly(@TempDir Path tmp) throws IOException {
    // churn-xgb:1 has ROC AUC on demo/eval v0, v1 and v2: no version reaches 0.99, every one is above 0.5.
    Path spec = DemoLedger.demoSpecWithChecks(tmp.resolve("monitor.yaml"), """
            - name: auc_floor
              series: {metric: roc_auc, model: "churn-xgb:1", table: demo/eval}
              strategy: {type: bounds, lower: 0.5}
            - name: auc_target
              series: {metric: roc_auc, model: "churn-xgb:1", table: demo/eval}
              strategy: {type: bounds, lower: 0.99, direction: down}
        """);
    CliRun.Result r = run("monitor", "--spec", spec.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(6);
    assertThat(r.out().lines().toList()).hasSize(2).satisfiesExactly(
        l -> assertThat(l).startsWith("PASS  auc_floor: roc_auc of churn-xgb:1 on demo/eval at v2 = "),
        l -> assertThat(l).startsWith("FAIL  auc_target: roc_auc of churn-xgb:1 on demo/eval at v2 = ")
            .endsWith(", outside [0.990000, +inf)"));
    Row run = lastRun("monitor");
    assertThat(run.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(run.<Integer>getAs("exit_code")).isEqualTo(6);
    assertThat(spark.read().format("delta").load(warehouse.resolve("ledger/alerts").toString())
        .where("check_name = 'auc_target' and status = 'fail'").count()).isEqualTo(3);
  }

  @Test
  @Order(3)
  void aFilterIsPartOfTheCellAndABadOneIsAUsageError() {
    String north = "data.eval.north.filter=region = 'north'";
    CliRun.Result bad = run("reevaluate", "--spec", SPEC, "--set", "data.eval.north.table=demo/eval", "--set",
        "data.eval.north.filter=region = = 'north'");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("Spec key 'data.eval.north.filter': filter \"region = = 'north'\" is not a valid "
        + "Spark SQL expression (");
    CliRun.Result unknown = run("reevaluate", "--spec", SPEC, "--model", "other-lr", "--set",
        "data.eval.north.table=demo/eval", "--set", "data.eval.north.filter=nope = 1");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("Spec key 'data.eval.north.filter': filter \"nope = 1\" cannot be applied to "
        + "table 'demo/eval' v2 (");

    CliRun.Result fill = run("reevaluate", "--spec", SPEC, "--model", "other-lr", "--set",
        "data.eval.north.table=demo/eval",
        "--set", north);
    assertThat(fill.code()).as(fill.err()).isZero();
    assertThat(fill.out()).isEqualTo(
        "missing  other-lr:1  on north = demo/eval v2 where region = 'north'  (metric code 2)\n1 cells missing of 3\n");
    double northRows = nRows("other-lr", 2, "region = 'north'");
    assertThat(northRows).isGreaterThan(0).isLessThan(nRows("other-lr", 2, null) / 2);
    assertThat(metrics("eval_filter is not null")).isEqualTo(metrics("model_name = 'other-lr' and eval_version = 0"));
  }

  @Test
  @Order(4)
  void aMetricCodeBumpRecomputesEveryCell() {
    long perCell = metrics("model_name = 'other-lr' and eval_version = 0 and eval_filter is null");
    System.setProperty(MetricCodeVersion.TEST_OVERRIDE_PROPERTY, "1-test");
    try {
      CliRun.Result plan = run("reevaluate", "--spec", SPEC, "--set", LATEST, "--dry-run");
      assertThat(plan.out()).endsWith("9 cells missing of 9\n").contains(
          "missing  churn-xgb:1  on holdout = demo/eval v0  (metric code 1-test)");
      CliRun.Result fill = run("reevaluate", "--spec", SPEC, "--set", LATEST);
      assertThat(fill.code()).as(fill.err()).isZero();
      assertThat(metrics("metric_code_version = '1-test'")).isEqualTo(9 * perCell);
    } finally {
      System.clearProperty(MetricCodeVersion.TEST_OVERRIDE_PROPERTY);
    }
    assertThat(MetricCodeVersion.current()).isEqualTo(MetricCodeVersion.VERSION);
  }

  @Test
  @Order(5)
  void gatePromotesABetterChallengerInOneCommitAndFailsAWorseOne() {
    double strong = auc("churn-xgb:1", 2);
    double weak = auc("churn-xgb:2", 2);
    assertThat(strong).as("8 rounds of depth 4 should beat 2 stumps").isGreaterThan(weak);
    String[] gate = {"--spec", SPEC, "--set", LATEST, "--set", "gate.metric=roc_auc", "--set", "gate.min=0.5",
        "--set", "gate.max_drop=0.0"};

    CliRun.Result first = run(concat(gate, "gate", "--challenger", "churn-xgb:2", "--promote"));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("reference", "challenger", "threshold", "roc_auc >= 0.5", "gate PASSED: "
        + "churn-xgb:2 vs no champion on roc_auc (3 of 3 check(s) passed)");

    String models = warehouse.resolve("ledger/models").toString();
    long before = DeltaTable.forPath(spark, models).history().count();
    CliRun.Result better = run(concat(gate, "gate", "--challenger", "churn-xgb:1", "--promote"));
    assertThat(better.code()).as(better.err()).isZero();
    assertThat(better.out()).contains("latest = demo/eval", "v2", "drop <= 0", "pass",
        "gate PASSED: churn-xgb:1 vs churn-xgb:2 on roc_auc (6 of 6 check(s) passed)");
    assertThat(DeltaTable.forPath(spark, models).history().count()).isEqualTo(before + 1);
    assertThat(stages()).containsExactly("churn-xgb:1=champion", "churn-xgb:2=archived", "other-lr:1=candidate");

    CliRun.Result worse = run(concat(gate, "gate", "--challenger", "churn-xgb:2", "--promote"));
    assertThat(worse.code()).as(worse.err()).isEqualTo(4);
    assertThat(worse.out()).contains("FAIL", "gate FAILED: churn-xgb:2 vs churn-xgb:1 on roc_auc");
    Row failed = lastRun("gate");
    assertThat(failed.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(failed.<Integer>getAs("exit_code")).isEqualTo(4);
    assertThat(failed.<String>getAs("error")).startsWith("Gate failed for churn-xgb:2 vs churn-xgb:1: ")
        .contains("gate check(s) failed: ", "drop <= 0 (is ");
    assertThat(stages()).containsExactly("churn-xgb:1=champion", "churn-xgb:2=archived", "other-lr:1=candidate");

    // Promoting over a version that is not the champion is a usage error, not "the champion changed" (75) forever.
    CliRun.Result overArchived = run(concat(gate, "gate", "--challenger", "churn-xgb:1", "--champion", "churn-xgb:2",
        "--promote"));
    assertThat(overArchived.code()).as(overArchived.err()).isEqualTo(2);
    assertThat(overArchived.err()).contains("Cannot promote churn-xgb:1 over churn-xgb:2: it is not the champion (its "
        + "stage is archived; the champion is churn-xgb:1); drop --champion to gate against the champion, or compare "
        + "with churn-xgb:2 without --promote");
    assertThat(stages()).containsExactly("churn-xgb:1=champion", "churn-xgb:2=archived", "other-lr:1=candidate");
  }

  @Test
  @Order(6)
  void gateRefusesModelsEvaluatedOnDifferentDataVersions() {
    appendEvalRows(20_000_000L);
    CliRun.Result champ = run("reevaluate", "--spec", SPEC, "--set", LATEST, "--model", "churn-xgb", "--stage",
        "champion");
    assertThat(champ.code()).as(champ.err()).isZero();
    assertThat(champ.out()).isEqualTo("missing  churn-xgb:1  on latest = demo/eval v3  (metric code 2)\n"
        + "1 cells missing of 3\n");
    CliRun.Result refused = run("gate", "--spec", SPEC, "--set", LATEST, "--set", "gate.metric=roc_auc",
        "--challenger", "churn-xgb:2");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("Cannot gate churn-xgb:2: the models were not evaluated on identical cells "
        + "(data version, filter, metric code 2): challenger churn-xgb:2 has no roc_auc on latest = demo/eval v3 "
        + "(metric code 2), only on v0 (metric code 1-test), v0 (metric code 2), v1 (metric code 1-test), v1 (metric "
        + "code 2), v2 (metric code 1-test), v2 (metric code 2); run 'assay reevaluate --spec FILE' to fill the "
        + "missing cells, then gate again");

    CliRun.Result latency = run("gate", "--spec", SPEC, "--set", "gate.metric=roc_auc", "--set",
        "gate.max_latency_ms=50",
        "--challenger", "churn-xgb:2");
    assertThat(latency.code()).isEqualTo(2);
    assertThat(latency.err()).contains("Gate sets max_latency_ms but model churn-xgb:2 has no p95 latency in the "
        + "ledger's benchmarks table: run 'assay benchmark' first");
    CliRun.Result noGate = run("gate", "--spec", SPEC, "--challenger", "churn-xgb:2");
    assertThat(noGate.code()).isEqualTo(2);
    assertThat(noGate.err()).contains("Spec has no 'gate' section");
  }

  @Test
  @Order(7)
  @Tag("slow") // about 1.5 minutes with the other test JVM busy: CI (scripts/test --all) runs it, as it runs
  // StackCliTest's ensemble of stacks
  void anEnsembleIsTheBitExactMeanOfItsMembersAndIsEvaluatedScoredAndVerifiedLikeAnyModel() {
    String[] members = {"--member", "churn-xgb:1", "--member", "other-lr:1"};
    CliRun.Result built = run(concat(members, "ensemble", "--spec", SPEC, "--name", "churn-avg"));
    assertThat(built.code()).as(built.err()).isZero();
    assertThat(stages()).contains("churn-avg:1=candidate");
    // Evaluated on the spec's suite by the one metric implementation, on the same rows as its members.
    assertThat(nRows("churn-avg", 0, null)).isEqualTo(nRows("churn-xgb", 0, null));
    assertThat(metrics("model_name = 'churn-avg' and slice_column is null and metric = 'roc_auc'")).isEqualTo(2);
    double auc = auc("churn-avg:1", 0);
    assertThat(auc).isBetween(0.5, 1.0);

    CliRun.Result again = run(concat(members, "ensemble", "--spec", SPEC, "--name", "churn-avg"));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(stages()).filteredOn(s -> s.startsWith("churn-avg:")).hasSize(1);
    assertThat(auc("churn-avg:1", 0)).isEqualTo(auc);

    for (String m : List.of("churn-avg:1", "churn-xgb:1", "other-lr:1")) {
      CliRun.Result scored = run("score", "--model", m, "--input", "demo/eval@0", "--output", "scores/"
          + m.split(":")[0]);
      assertThat(scored.code()).as(scored.err()).isZero();
    }
    spark.read().format("delta").load(warehouse.resolve("scores/churn-avg").toString()).createOrReplaceTempView("e");
    spark.read().format("delta").load(warehouse.resolve("scores/churn-xgb").toString()).createOrReplaceTempView("x");
    spark.read().format("delta").load(warehouse.resolve("scores/other-lr").toString()).createOrReplaceTempView("l");
    Row cmp = spark.sql("select count(*), sum(if(e.probability = (x.probability + l.probability) / 2.0D, 1, 0)) "
        + "from e join x using (customer_id) join l using (customer_id)").first();
    assertThat(cmp.getLong(0)).isPositive();
    assertThat(cmp.getLong(1)).isEqualTo(cmp.getLong(0));

    CliRun.Result bench = run("benchmark", "--model", "churn-avg:1", "--input", "demo/eval@0", "--repeat", "1",
        "--warmup", "1");
    assertThat(bench.code()).as(bench.err()).isZero();
    assertThat(bench.out()).contains("mean of 2 members: xgboost4j native Booster.predict");

    String runId = lastRun("ensemble").getAs("run_id");
    CliRun.Result verified = run("verify", "--run", runId);
    assertThat(verified.code()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("identical  ensemble churn-avg:1 descriptor and member artifacts sha256");

    CliRun.Result twice = run("ensemble", "--spec", SPEC, "--name", "bad-avg", "--member", "churn-xgb:1", "--member",
        "churn-xgb:1");
    assertThat(twice.code()).isEqualTo(2);
    assertThat(twice.err()).contains("Cannot build ensemble 'bad-avg': member churn-xgb:1 is listed twice; list each "
        + "model version once");
    CliRun.Result one = run("ensemble", "--spec", SPEC, "--name", "bad-avg", "--member", "churn-xgb:1");
    assertThat(one.code()).isEqualTo(2);
    assertThat(one.err()).contains("Cannot build ensemble 'bad-avg': it needs at least two members, got 1");
    CliRun.Result nested = run("ensemble", "--spec", SPEC, "--name", "bad-avg", "--member", "churn-avg:1", "--member",
        "churn-xgb:2");
    assertThat(nested.code()).isEqualTo(2);
    assertThat(nested.err()).contains("member churn-avg:1: it is an ensemble, not a Spark model");
    assertThat(stages()).noneMatch(s -> s.startsWith("bad-avg:"));

    // An edited descriptor is another model: refused before it scores a row.
    String dir = spark.read().format("delta").load(warehouse.resolve("ledger/models").toString())
        .where("model_name = 'churn-avg'").select("artifact_uri").first().getString(0);
    Path descriptor = Path.of(URI.create(dir.startsWith("file:") ? dir : "file:" + dir)).resolve("ensemble.json");
    try {
      Files.writeString(descriptor, Files.readString(descriptor) + " ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CliRun.Result altered = run("evaluate", "--model", "churn-avg:1", "--eval", "holdout=demo/eval@1");
    assertThat(altered.code()).isEqualTo(5);
    assertThat(altered.err()).contains("Reproducibility violation: ensemble descriptor ").contains("fails its "
        + "checksum: the file was altered after it was written");
    // Without Hadoop's checksum file, the descriptor's hash still differs from the registered one.
    try {
      Files.delete(descriptor.resolveSibling(".ensemble.json.crc"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CliRun.Result rehashed = run("evaluate", "--model", "churn-avg:1", "--eval", "holdout=demo/eval@1");
    assertThat(rehashed.code()).isEqualTo(5);
    assertThat(rehashed.err()).contains("Reproducibility violation: model churn-avg:1 artifact");
  }

  static List<String> stages() {
    return spark.read().format("delta").load(warehouse.resolve("ledger/models").toString())
        .orderBy("model_name", "model_version").collectAsList().stream()
        .map(r -> r.getAs("model_name") + ":" + r.getAs("model_version") + "=" + r.getAs("stage")).toList();
  }

  static String[] concat(String[] options, String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(options));
    return all.toArray(String[]::new);
  }
}
