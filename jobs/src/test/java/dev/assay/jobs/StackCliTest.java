package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack (conf/specs/demo-stack.yaml) through the CLI: one train registers the stack and its refitted
 * base models, all evaluated; a rerun is up to date; score, verify and benchmark treat the stack like any
 * model; a stack whose base model file was replaced is refused with exit 5 and nothing is written.
 * Tagged slow (about 4 minutes: every command retrains or loads seven fitted parts); {@code StackTest}
 * covers out-of-fold training, saving, loading and the altered-part check in the default suite.
 */
@Tag("slow")
class StackCliTest extends CliWarehouseTest {
  static final String SPEC = ServeCliTest.SPECS.resolve("demo-stack.yaml").toString();
  static final String[] SMALL = {"--set", "model.stack.folds=2", "--set", "model.stack.base.xgb.params.num_round=10",
      "--set", "model.stack.base.lr.params.max_iter=10"};

  static CliRun.Result train() {
    String[] args = new String[2 + SMALL.length + 1];
    args[0] = "train";
    args[1] = "--spec";
    args[2] = SPEC;
    System.arraycopy(SMALL, 0, args, 3, SMALL.length);
    return run(args);
  }

  @BeforeAll
  static void demoDataAndAStack() {
    CliRun.Result d = run("demo-data", "--train-rows", "2000", "--eval-rows", "600", "--seed", "5");
    assertThat(d.code()).as(d.err()).isZero();
    CliRun.Result t = train();
    assertThat(t.code()).as(t.err()).isZero();
  }

  @Test
  void oneTrainRegistersTheStackAndItsBasesAllEvaluatedAndARerunIsUpToDate() {
    CliRun.Result models = run("sql", "select model_name, algorithm, run_id = (select run_id from assay.models "
        + "where model_name = 'churn-stack') as same_run from assay.models order by model_name");
    assertThat(models.out()).isEqualTo("model_name,algorithm,same_run\nchurn-stack,stack,true\n"
        + "churn-stack.lr,mllib_logistic_regression,true\nchurn-stack.xgb,xgboost,true\n");
    CliRun.Result board = run("sql", "select model_name, count(distinct eval_name) as evals from assay.metrics "
        + "where metric = 'roc_auc' and slice_column is null group by model_name order by model_name");
    assertThat(board.out()).isEqualTo("model_name,evals\nchurn-stack,2\nchurn-stack.lr,2\nchurn-stack.xgb,2\n");
    Map<String, Double> stack = stored("churn-stack", 1, 0);
    assertThat(stack.get("roc_auc")).isBetween(0.6, 1.0);

    long metrics = table("ledger/metrics").count();
    CliRun.Result again = train();
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(table("ledger/metrics").count()).isEqualTo(metrics);
    assertThat(table("ledger/models").count()).isEqualTo(3);
  }

  @Test
  void scoreVerifyAndBenchmarkTreatTheStackLikeAnyModel() {
    CliRun.Result score = run("score", "--model", "churn-stack:1", "--input", "demo/eval@0", "--output", "scores/s");
    assertThat(score.code()).as(score.err()).isZero();
    assertThat(table("scores/s").where("probability between 0 and 1").count()).isEqualTo(600);

    CliRun.Result verify = run("verify", "--model", "churn-stack:1");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("identical  model churn-stack:1 retrained booster sha256",
        "identical  metric roc_auc on holdout v0").doesNotContain("DIFFERENT");

    CliRun.Result bench = run("benchmark", "--model", "churn-stack:1", "--input", "demo/eval@0", "--rows", "100",
        "--warmup", "1", "--repeat", "1");
    assertThat(bench.code()).as(bench.err()).isZero();
    Row r = table("ledger/benchmarks").where("model_name = 'churn-stack'").first();
    String lr = "mllib LogisticRegressionModel.predictProbability(Vector)";
    assertThat(r.<String>getAs("latency_method")).isEqualTo("stack of 2 base model(s) then the meta model: " + lr
        + "; xgboost4j native Booster.predict, one 1-row DMatrix per call; " + lr + " (input vectors assembled "
        + "beforehand)");
    assertThat(r.<Double>getAs("p50_ms")).isPositive();
  }

  @Test
  void aStackIsAMemberOfAnEnsembleLikeAnyModel(@TempDir Path out) {
    CliRun.Result e = run("ensemble", "--name", "stack-avg", "--member", "churn-stack:1", "--member",
        "churn-stack.xgb:1", "--spec", SPEC);
    assertThat(e.code()).as(e.err()).isZero();
    CliRun.Result model = run("sql", "select algorithm, replace(params['members'], ',', ' ') as members "
        + "from assay.models where model_name = 'stack-avg'");
    assertThat(model.out()).isEqualTo("algorithm,members\nensemble_mean,churn-stack:1 churn-stack.xgb:1\n");
    assertThat(stored("stack-avg", 1, 0).get("roc_auc")).isBetween(0.6, 1.0);

    // A stack has no Spark-free scorer yet: export refuses it, alone or as an ensemble's member, and writes nothing.
    CliRun.Result stack = run("export", "--model", "churn-stack:1", "--out", out.resolve("stack").toString());
    assertThat(stack.code()).isEqualTo(2);
    assertThat(stack.err()).contains("Cannot export churn-stack:1: algorithm stack has no Spark-free scorer yet (a "
        + "package holds XGBoost models trained on CPU, MLlib logistic regressions and random forests, LightGBM "
        + "models, imported ONNX graphs, and averaging ensembles of them, with or without a feature pipeline); "
        + "serve it from Spark with 'assay score'");
    CliRun.Result avg = run("export", "--model", "stack-avg:1", "--out", out.resolve("avg").toString());
    assertThat(avg.code()).isEqualTo(2);
    assertThat(avg.err()).contains("Cannot export stack-avg:1's member churn-stack:1: algorithm stack has no "
        + "Spark-free scorer yet");
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void aStackWithAReplacedBaseModelIsRefusedWithExit5() throws Exception {
    String dir = table("ledger/models").where("model_name = 'churn-stack'").first().getAs("artifact_uri");
    Path stackDir = Path.of(dir.replaceFirst("^file:", ""));
    // The xgb base's pipeline replaced by the lr base's: the stack names the xgb part's hash, so loading fails.
    Path xgb = stackDir.resolve("members/xgb/pipeline");
    Path moved = warehouse.resolve("xgb-pipeline-aside");
    Files.move(xgb, moved);
    StandaloneClusterIT.copyTree(stackDir.resolve("members/lr/pipeline"), xgb);
    try {
      long metrics = table("ledger/metrics").count();
      CliRun.Result eval = run("evaluate", "--model", "churn-stack:1", "--eval", "again=demo/eval@1");
      assertThat(eval.code()).as(eval.err()).isEqualTo(5);
      assertThat(eval.err()).contains("Reproducibility violation: stack " + dir + ": base model 'xgb' artifact "
          + dir + "/members/xgb");
      assertThat(table("ledger/metrics").count()).isEqualTo(metrics);
    } finally {
      try (Stream<Path> files = Files.walk(xgb)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Files.move(moved, xgb);
    }
  }
}
