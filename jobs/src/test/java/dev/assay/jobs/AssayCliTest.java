package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end in one JVM: demo data, two trainings, reruns, evaluation, failures, SQL. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssayCliTest extends SparkTestBase {
  static final String SPEC = Path.of("..", "conf", "specs", "demo-xgb.yaml").toAbsolutePath().normalize().toString();

  @TempDir
  static Path warehouse;

  static CliRun.Result run(String... args) {
    return CliRun.in(warehouse, args);
  }

  static long count(String table) {
    return spark.read().format("delta").load(warehouse.resolve("ledger").resolve(table).toString()).count();
  }

  @BeforeAll
  static void demoData() {
    CliRun.Result r = run("demo-data", "--train-rows", "3000", "--eval-rows", "1200", "--seed", "7");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  @Order(1)
  void trainsTwoModelsAndShowsThemPerEvaluationVersion() {
    CliRun.Result a = run("train", "--spec", SPEC, "--set", "model.params.num_round=8");
    assertThat(a.code()).as(a.err()).isZero();
    CliRun.Result b = run("train", "--spec", SPEC, "--set", "model.params.num_round=6", "--set",
        "model.params.max_depth=2");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(count("models")).isEqualTo(2);

    CliRun.Result versions = run("sql", "select distinct eval_version from assay.metrics order by eval_version");
    assertThat(versions.code()).as(versions.err()).isZero();
    assertThat(versions.out()).isEqualTo("eval_version\n0\n1\n");
    CliRun.Result auc = run("sql",
        "select model_version, eval_version, value from assay.metrics where metric = 'roc_auc' "
        + "order by model_version, eval_version");
    assertThat(auc.out().lines().skip(1).toList()).hasSize(4).allSatisfy(line -> {
      double v = Double.parseDouble(line.split(",")[2]);
      assertThat(v).isBetween(0.6, 1.0);
    });

    CliRun.Result board = run("ledger", "leaderboard");
    assertThat(board.code()).as(board.err()).isZero();
    assertThat(board.out()).contains("Leaderboard: holdout = demo/eval v0", "Leaderboard: recent = demo/eval v1",
        "roc_auc", "churn-xgb");
  }

  @Test
  @Order(2)
  void aRerunWithTheSameInputsWritesNothing() {
    long models = count("models");
    long metrics = count("metrics");
    CliRun.Result again = run("train", "--spec", SPEC, "--set", "model.params.num_round=8");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(count("models")).isEqualTo(models);
    assertThat(count("metrics")).isEqualTo(metrics);
    // --force retrains from the same inputs: it must reproduce the registered booster and add nothing.
    CliRun.Result forced = run("train", "--spec", SPEC, "--set", "model.params.num_round=8", "--force");
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(count("models")).isEqualTo(models);
    assertThat(count("metrics")).isEqualTo(metrics);
    CliRun.Result eval = run("evaluate", "--model", "churn-xgb:1", "--eval", "holdout=demo/eval@0", "--eval",
        "recent=demo/eval");
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(count("metrics")).isEqualTo(metrics);
    CliRun.Result statuses = run("sql",
        "select status, count(*) from assay.runs where command in ('train', 'evaluate') "
        + "group by status order by status");
    assertThat(statuses.out()).isEqualTo("status,count(1)\nSKIPPED,2\nSUCCEEDED,3\n");
  }

  @Test
  @Order(3)
  void verifyReproducesTrainingAndEvaluationBitForBit() {
    CliRun.Result model = run("verify", "--model", "churn-xgb:1");
    assertThat(model.code()).as(model.err()).isZero();
    assertThat(model.out()).contains("identical  model churn-xgb:1 retrained booster sha256",
        "identical  model churn-xgb:1 artifact booster sha256", "identical  metric roc_auc on holdout v0",
        "identical  metric roc_auc on recent v1").doesNotContain("DIFFERENT");
    CliRun.Result lastEval = run("sql", "select run_id from assay.runs where command = 'evaluate' "
        + "order by started_at desc limit 1");
    String evalRun = lastEval.out().lines().toList().get(1);
    CliRun.Result eval = run("verify", "--run", evalRun);
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("identical  metric f1@0.5 on recent v1");
  }

  @Test
  @Order(4)
  void aFailedJobLeavesAFailedRunAndNoPartialRowsOrArtifacts() throws Exception {
    spark.read().format("delta").load(warehouse.resolve("demo/eval").toString()).drop("plan")
        .write().format("delta").save(warehouse.resolve("bad/eval").toString());
    long models = count("models");
    long metrics = count("metrics");
    CliRun.Result r = run("train", "--spec", SPEC, "--set", "model.params.num_round=3", "--set",
        "data.eval.recent.table=bad/eval", "--set", "data.eval.recent.version=0");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("Table 'bad/eval' lacks column(s) [plan] named in the spec");
    assertThat(count("models")).isEqualTo(models);
    assertThat(count("metrics")).isEqualTo(metrics);
    Row failed = spark.read().format("delta").load(warehouse.resolve("ledger/runs").toString())
        .where(col("status").equalTo("FAILED")).first();
    assertThat(failed.<Integer>getAs("exit_code")).isEqualTo(3);
    assertThat(failed.<String>getAs("error")).contains("lacks column(s) [plan]");
    Path artifacts = warehouse.resolve("ledger/artifacts/churn-xgb").resolve(failed.<String>getAs("run_id"));
    assertThat(Files.exists(artifacts)).isFalse();
  }

  @Test
  @Order(5)
  void aTamperedStoredMetricIsAReproducibilityViolation() {
    String metrics = warehouse.resolve("ledger/metrics").toString();
    DeltaTable.forPath(spark, metrics).update(
        col("model_version").equalTo(1).and(col("eval_version").equalTo(0)).and(col("metric").equalTo("roc_auc")),
        Map.of("value", lit(0.123)));
    CliRun.Result r = run("evaluate", "--model", "churn-xgb:1", "--eval", "holdout=demo/eval@0");
    assertThat(r.code()).isEqualTo(5);
    assertThat(r.err()).contains("Reproducibility violation: 1 recomputed metric value(s) differ from the stored ones",
        "churn-xgb:1 roc_auc on demo/eval@v0 (metric code 2): stored 0.123");
    CliRun.Result stored = run("sql", "select value from assay.metrics where model_version = 1 and eval_version = 0 "
        + "and metric = 'roc_auc'");
    assertThat(stored.out()).isEqualTo("value\n0.123\n");
    CliRun.Result verify = run("verify", "--model", "churn-xgb:1");
    assertThat(verify.code()).isEqualTo(5);
    assertThat(verify.out())
        .contains("DIFFERENT  metric roc_auc on holdout v0 (metric code 2)  (stored 0.123, recomputed");
    // An altered registered model hash (or artifact) is caught too.
    DeltaTable.forPath(spark, warehouse.resolve("ledger/models").toString()).update(
        col("model_version").equalTo(2), Map.of("model_hash", lit("0".repeat(64))));
    CliRun.Result model = run("verify", "--model", "churn-xgb:2");
    assertThat(model.code()).isEqualTo(5);
    assertThat(model.out()).contains("DIFFERENT  model churn-xgb:2 retrained booster sha256");
  }

  @Test
  @Order(6)
  void specAndVersionErrorsHaveTheirExitCodes() {
    CliRun.Result unknown = run("train", "--spec", SPEC, "--set", "model.max_dept=3");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown key 'model.max_dept'");
    CliRun.Result missing = run("train", "--spec", SPEC, "--set", "data.train.version=9");
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).contains("has no version 9: available versions are 0..1");
    CliRun.Result usage = run("evaluate");
    assertThat(usage.code()).isEqualTo(2);
    CliRun.Result badSql = run("sql", "select nope from assay.metrics");
    assertThat(badSql.code()).isEqualTo(2);
    assertThat(badSql.err()).contains("Cannot run the query");
  }

  @Test
  @Order(7)
  void aChainRunsEachCommandAsItsOwnRunAndStopsAtTheFirstFailure() {
    long runs = count("runs");
    CliRun.Result ok = run("train", "--spec", SPEC, "--set", "model.name=chained", "--set",
        "model.params.num_round=4", "--then", "evaluate", "--model", "chained:1", "--eval", "holdout=demo/eval@0",
        "--then", "sql", "select count(*) as n from assay.models where model_name = 'chained'");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).endsWith("n\n1\n");
    assertThat(commandsSince(runs)).containsExactly("train SUCCEEDED", "evaluate SKIPPED");

    // A failing middle command ends the chain with its exit code; what follows never starts.
    runs = count("runs");
    CliRun.Result failed = run("evaluate", "--model", "chained:1", "--eval", "holdout=demo/eval@0",
        "--then", "train", "--spec", SPEC, "--set", "data.train.version=9",
        "--then", "train", "--spec", SPEC, "--set", "model.name=never");
    assertThat(failed.code()).isEqualTo(3);
    assertThat(failed.err()).contains("has no version 9");
    assertThat(commandsSince(runs)).containsExactly("evaluate SKIPPED", "train FAILED");
    assertThat(run("sql", "select count(*) as n from assay.models where model_name = 'never'").out())
        .isEqualTo("n\n0\n");
  }

  @Test
  @Order(8)
  void aChainIsParsedWholeBeforeItsFirstCommandRuns() {
    long runs = count("runs");
    CliRun.Result typo = run("train", "--spec", SPEC, "--then", "evaluate", "--modle", "chained:1");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).isEqualTo("assay: Unknown options: '--modle', 'chained:1'\n"
        + "Run 'assay evaluate --help' for usage.\n");
    CliRun.Result empty = run("ledger", "runs", "--then");
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).isEqualTo("assay: Cannot run command 2 of the chain: nothing follows its --then; write "
        + "'assay [options] COMMAND ... --then COMMAND ...', one command after each --then\n");
    CliRun.Result global = run("ledger", "runs", "--then", "ledger", "models", "--conf",
        "spark.sql.shuffle.partitions=3");
    assertThat(global.code()).isEqualTo(2);
    assertThat(global.err()).startsWith("assay: Cannot set --conf on command 2 of the chain: the chain's commands "
        + "share one Spark session and warehouse");
    assertThat(count("runs")).isEqualTo(runs);
  }

  /** "command STATUS" of the runs recorded after the first {@code skip}, in start order. */
  private static List<String> commandsSince(long skip) {
    return spark.read().format("delta").load(warehouse.resolve("ledger/runs").toString())
        .orderBy("started_at").collectAsList().stream().skip(skip)
        .map(r -> r.<String>getAs("command") + " " + r.<String>getAs("status")).toList();
  }
}
