package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.demo.DemoData;
import dev.assay.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.Seq;

/**
 * {@code retrain} end to end on the demo tables: trains only when the training table moved, skips
 * with the scheduler's exit code otherwise, measures drift for the version pair, records Airflow's
 * context on the run, and does nothing on a rerun of an Airflow task that already succeeded.
 */
@Tag("slow") // about 3 minutes: CI (scripts/test --all) runs it; the default suite stays under 15 minutes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainCliTest extends SparkTestBase {
  static final String SPEC = AssayCliTest.SPEC;
  /** Small and fast; a gate every model passes unless it is worse than a coin. */
  static final List<String> FAST = List.of("--spec", SPEC, "--set", "model.params.num_round=4",
      "--set", "data.eval={holdout: {table: demo/eval, version: 0}}",
      "--set", "gate.metric=roc_auc", "--set", "gate.min=0.5", "--skip-exit-code", "99");

  @TempDir
  static Path warehouse;

  static CliRun.Result retrain(Map<String, String> env, String... extra) {
    List<String> args = new ArrayList<>(List.of("retrain"));
    args.addAll(FAST);
    args.addAll(List.of(extra));
    return CliRun.in(warehouse, env, args.toArray(String[]::new));
  }

  static Map<String, String> airflow(String dagRunId, String tryNumber) {
    return Map.of("AIRFLOW_CTX_DAG_ID", "assay_retrain", "AIRFLOW_CTX_DAG_RUN_ID", dagRunId,
        "AIRFLOW_CTX_TASK_ID", "retrain", "AIRFLOW_CTX_TRY_NUMBER", tryNumber,
        "AIRFLOW_CTX_DAG_OWNER", "from-env", "PATH", "/usr/bin");
  }

  static Dataset<Row> table(String name) {
    return spark.read().format("delta").load(warehouse.resolve("ledger/" + name).toString());
  }

  static Row lastRun() {
    return table("runs").where(col("command").equalTo("retrain")).orderBy(col("started_at").desc()).first();
  }

  static Map<String, String> context(Row run) {
    return run.getJavaMap(run.fieldIndex("scheduler_context"));
  }

  static List<String> stages() {
    return table("models").orderBy("model_version").collectAsList().stream()
        .map(r -> r.getAs("model_name") + ":" + r.getAs("model_version") + "=" + r.getAs("stage")
            + "@v" + r.<Seq<Row>>getAs("train_data").head().getAs("version")).toList();
  }

  static String lastLine(String out) {
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @BeforeAll
  static void demoData() {
    CliRun.Result d = CliRun.in(warehouse, "demo-data", "--train-rows", "1500", "--eval-rows", "600", "--seed", "7");
    assertThat(d.code()).as(d.err()).isZero();
  }

  @Test
  @Order(1)
  void trainsOnceThenSkipsUnchangedDataAndIgnoresARerunOfTheSameAirflowTask() {
    CliRun.Result first = retrain(airflow("scheduled__1", "1"), "--promote", "--context",
        "AIRFLOW_CTX_DAG_OWNER=from-cli");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(lastLine(first.out())).isEqualTo("churn-xgb:1");
    assertThat(first.out()).contains("gate PASSED: churn-xgb:1 vs no champion on roc_auc");
    // The spec pins demo/train v0; retrain reads the latest version, v1.
    assertThat(stages()).containsExactly("churn-xgb:1=champion@v1");
    Row trained = lastRun();
    assertThat(trained.<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertThat(context(trained)).containsEntry("AIRFLOW_CTX_DAG_ID", "assay_retrain")
        .containsEntry("AIRFLOW_CTX_DAG_RUN_ID", "scheduled__1").containsEntry("AIRFLOW_CTX_TASK_ID", "retrain")
        .containsEntry("AIRFLOW_CTX_TRY_NUMBER", "1").containsEntry("AIRFLOW_CTX_DAG_OWNER", "from-cli")
        .doesNotContainKey("PATH");
    String trainedRunId = trained.getAs("run_id");
    long metrics = table("metrics").count();
    assertThat(metrics).isPositive();

    // Airflow retries the same task instance (try 2) after the first try succeeded: no work, exit 0.
    CliRun.Result retry = retrain(airflow("scheduled__1", "2"), "--promote");
    assertThat(retry.code()).as(retry.err()).isZero();
    Row rerun = lastRun();
    assertThat(rerun.<String>getAs("status")).isEqualTo("SKIPPED");
    assertThat(rerun.<Integer>getAs("exit_code")).isZero();
    assertThat(rerun.<String>getAs("error")).isEqualTo("Airflow task assay_retrain/scheduled__1/retrain already "
        + "succeeded as run " + trainedRunId + " (try 1); nothing done");
    assertThat(context(rerun)).containsEntry("AIRFLOW_CTX_TRY_NUMBER", "2");
    assertThat(table("metrics").count()).isEqualTo(metrics);
    assertThat(stages()).containsExactly("churn-xgb:1=champion@v1");

    // The next DAG run on unchanged data trains nothing and exits with the skip code.
    CliRun.Result unchanged = retrain(airflow("scheduled__2", "1"), "--promote");
    assertThat(unchanged.code()).as(unchanged.err()).isEqualTo(99);
    String why = "up to date: churn-xgb:1 (champion) was trained on demo/train v1, the latest version; nothing to "
        + "train";
    assertThat(unchanged.out()).isEqualTo(why + "\n");
    Row skipped = lastRun();
    assertThat(skipped.<String>getAs("status")).isEqualTo("SKIPPED");
    assertThat(skipped.<Integer>getAs("exit_code")).isEqualTo(99);
    assertThat(skipped.<String>getAs("error")).isEqualTo(why);
    assertThat(context(skipped)).containsEntry("AIRFLOW_CTX_DAG_RUN_ID", "scheduled__2");
    assertThat(table("metrics").count()).isEqualTo(metrics);
    assertThat(stages()).containsExactly("churn-xgb:1=champion@v1");
    assertThat(table("runs").where("command = 'retrain'").count()).isEqualTo(3);
  }

  @Test
  @Order(2)
  void aNewTrainingVersionIsMeasuredHeldBackByThresholdsAndThenTrained() {
    DemoData.generate(spark, 50_000_000L, 1500, 11, DemoData.VERSION_1_DRIFT).write().format("delta").mode("append")
        .save(warehouse.resolve("demo/train").toString());

    CliRun.Result held = retrain(Map.of(), "--min-new-rows", "100000", "--min-drift", "5");
    assertThat(held.code()).as(held.err()).isEqualTo(99);
    assertThat(held.out()).startsWith("held back: 1500 new row(s) < --min-new-rows 100000; largest PSI ")
        .endsWith(" < --min-drift 5.0 (demo/train v1 -> v2 since churn-xgb:1 (champion))\n");
    Row heldRun = lastRun();
    assertThat(heldRun.<String>getAs("error")).isEqualTo(held.out().strip());
    assertThat(heldRun.<Seq<Row>>getAs("data_versions").toList().toString())
        .contains("[train,demo/train,", ",2,", "[baseline:train,demo/train,", ",1,");
    assertThat(stages()).containsExactly("churn-xgb:1=champion@v1");

    Dataset<Row> drift = table("data_drift").where("from_version = 1 and to_version = 2");
    assertThat(drift.count()).isEqualTo(1 + 6 + 3);
    Row whole = drift.where("feature = '__table__'").first();
    assertThat(whole.<Long>getAs("from_rows")).isEqualTo(2250L);
    assertThat(whole.<Long>getAs("to_rows")).isEqualTo(3750L);
    assertThat(whole.<String>getAs("schema_change")).isNull();
    assertThat(drift.where("kind = 'numeric' and bins between 2 and 11 and psi >= 0").count()).isEqualTo(6);
    assertThat(drift.where("kind = 'categorical' and psi >= 0").count()).isEqualTo(3);
    assertThat(drift.where("psi > 0").count()).isPositive();
    assertThat(drift.select("table_id").distinct().count()).isEqualTo(1);

    // Without --gate/--promote the new model is a candidate; the champion stays.
    CliRun.Result trained = retrain(Map.of(), "--min-new-rows", "1000", "--min-drift", "0");
    assertThat(trained.code()).as(trained.err()).isZero();
    assertThat(trained.out()).isEqualTo("churn-xgb:2\n");
    assertThat(stages()).containsExactly("churn-xgb:1=champion@v1", "churn-xgb:2=candidate@v2");
    assertThat(table("metrics").where("model_version = 2 and metric = 'roc_auc' and eval_version = 0").count())
        .isEqualTo(1);
    Row run = lastRun();
    assertThat(run.<String>getAs("status")).isEqualTo("SUCCEEDED");
    // The drift of this version pair was measured by the held-back run: read, not measured or written again.
    assertThat(table("data_drift").count()).isEqualTo(10);
    assertThat(table("data_drift").where(col("run_id").equalTo(run.<String>getAs("run_id"))).count()).isZero();

    CliRun.Result shown = CliRun.in(warehouse, "ledger", "drift", "--table", "demo/train");
    assertThat(shown.code()).as(shown.err()).isZero();
    assertThat(shown.out().lines().toList()).hasSize(11);
    assertThat(shown.out()).contains("from_version", "psi", "__table__", "tenure_months", "payment_method");
  }

  @Test
  @Order(3)
  void anErrorBeforeTheJobStartsIsAFailedRunWithTheSchedulerContext() {
    long before = table("runs").count();
    // An unknown spec key fails before anything is read; a bad option, after the spec was loaded.
    CliRun.Result badSpec = CliRun.in(warehouse, airflow("early-1", "1"), "retrain", "--spec", SPEC,
        "--set", "model.colour=red", "--context", "team=churn");
    CliRun.Result badOption = CliRun.in(warehouse, airflow("early-2", "1"), "retrain", "--spec", SPEC,
        "--min-drift", "-1", "--context", "team=churn");

    for (CliRun.Result r : List.of(badSpec, badOption)) {
      assertThat(r.code()).as(r.err()).isEqualTo(2);
    }
    assertThat(badSpec.err()).contains("assay retrain failed (exit 2): ", "model.colour");
    assertThat(badOption.err()).contains("assay retrain failed (exit 2): Option --min-drift -1.0: must be a PSI");
    assertThat(table("runs").count()).isEqualTo(before + 2);
    List<Row> failed = table("runs").where(col("command").equalTo("retrain")).orderBy(col("started_at").desc())
        .limit(2).collectAsList();
    for (Row run : failed) {
      assertThat(run.<String>getAs("status")).isEqualTo("FAILED");
      assertThat(run.<Integer>getAs("exit_code")).isEqualTo(2);
      assertThat(context(run)).containsEntry("team", "churn").containsEntry("AIRFLOW_CTX_DAG_ID", "assay_retrain")
          .doesNotContainKey("PATH");
    }
    assertThat(failed).extracting(run -> context(run).get("AIRFLOW_CTX_DAG_RUN_ID"))
        .containsExactly("early-2", "early-1");
    assertThat(stages()).containsExactly("churn-xgb:1=champion@v1", "churn-xgb:2=candidate@v2");
  }
}
