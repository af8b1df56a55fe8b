package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MLlib families (logistic regression, random forest) through every command: train, evaluate, verify, score
 * and benchmark. A class of its own so that the test JVMs share the CLI tests evenly.
 */
class MllibCliTest extends CliWarehouseTest {
  static final Path SPECS = ServeCliTest.SPECS;

  @BeforeAll
  static void demoData() {
    CliRun.Result d = run("demo-data", "--train-rows", "3000", "--eval-rows", "1200", "--seed", "7");
    assertThat(d.code()).as(d.err()).isZero();
  }

  @Test
  void mllibFamiliesTrainEvaluateVerifyScoreAndBenchmark() {
    CliRun.Result lr = run("train", "--spec", SPECS.resolve("demo-mllib-lr.yaml").toString(), "--set",
        "model.params.max_iter=10");
    assertThat(lr.code()).as(lr.err()).isZero();
    CliRun.Result rf = run("train", "--spec", SPECS.resolve("demo-mllib-rf.yaml").toString(), "--set",
        "model.params.num_trees=5", "--set", "model.params.max_depth=4");
    assertThat(rf.code()).as(rf.err()).isZero();
    CliRun.Result models = run("sql",
        "select model_name, algorithm, booster_uri is null as no_booster from assay.models "
        + "where model_name in ('churn-lr', 'churn-rf') order by model_name");
    assertThat(models.out()).isEqualTo("model_name,algorithm,no_booster\n"
        + "churn-lr,mllib_logistic_regression,true\nchurn-rf,mllib_random_forest,true\n");
    for (String m : List.of("churn-lr", "churn-rf")) {
      assertThat(stored(m, 1, 0).get("roc_auc")).as(m).isBetween(0.6, 1.0);
      CliRun.Result eval = run("evaluate", "--model", m + ":1", "--eval", "holdout=demo/eval@0");
      assertThat(eval.code()).as(eval.err()).isZero();
      CliRun.Result verify = run("verify", "--model", m + ":1");
      assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.out()).contains("identical  model " + m + ":1 retrained booster sha256",
          "identical  metric roc_auc on holdout v0").doesNotContain("DIFFERENT");
    }
    CliRun.Result score = run("score", "--model", "churn-rf:1", "--input", "demo/eval@0", "--output", "scores/churn");
    assertThat(score.code()).as(score.err()).isZero();
    assertThat(table("scores/churn").where("model_name = 'churn-rf'").count()).isEqualTo(1200);
    CliRun.Result bench = run("benchmark", "--model", "churn-lr:1", "--input", "demo/eval@0", "--rows", "200",
        "--warmup",
        "1", "--repeat", "1");
    assertThat(bench.code()).as(bench.err()).isZero();
    Row r = table("ledger/benchmarks").where("model_name = 'churn-lr'").first();
    assertThat(r.<String>getAs("latency_method")).isEqualTo("mllib LogisticRegressionModel.predictProbability(Vector)");
    assertThat(r.<Double>getAs("p50_ms")).isPositive();
  }
}
