package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import dev.assay.scorer.PackageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
        + "where model_name = 'churn-stack') as same_run from assay.models where model_name like 'churn-stack%' "
        + "order by model_name");
    assertThat(models.out()).isEqualTo("model_name,algorithm,same_run\nchurn-stack,stack,true\n"
        + "churn-stack.lr,mllib_logistic_regression,true\nchurn-stack.xgb,xgboost,true\n");
    CliRun.Result board = run("sql", "select model_name, count(distinct eval_name) as evals from assay.metrics "
        + "where metric = 'roc_auc' and slice_column is null and model_name like 'churn-stack%' group by model_name "
        + "order by model_name");
    assertThat(board.out()).isEqualTo("model_name,evals\nchurn-stack,2\nchurn-stack.lr,2\nchurn-stack.xgb,2\n");
    Map<String, Double> stack = stored("churn-stack", 1, 0);
    assertThat(stack.get("roc_auc")).isBetween(0.6, 1.0);

    long metrics = table("ledger/metrics").count();
    CliRun.Result again = train();
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(table("ledger/metrics").count()).isEqualTo(metrics);
    assertThat(table("ledger/models").where("model_name like 'churn-stack%'").count()).isEqualTo(3);
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

    // Its package holds the stack's package as a member, bit for bit as Spark scores.
    Manifest avg = ExportCliTest.assertEqualsSparkScores(out.resolve("avg"), "stack-avg:1", "demo/eval@1", "avg");
    assertThat(avg.members()).extracting(Manifest.Member::dir).containsExactly("members/01-churn-stack-1",
        "members/02-churn-stack.xgb-1");
    assertThat(avg.files()).containsKey("members/01-churn-stack-1/meta/manifest.json");
  }

  @Test
  void aStackIsAPackageOfBasePackagesAndAMetaPackageScoringAsSparkDoes(@TempDir Path out) throws Exception {
    Path dir = out.resolve("stack");
    Manifest m = ExportCliTest.assertEqualsSparkScores(dir, "churn-stack:1", "demo/eval@1", "stack");
    assertThat(m.model().algorithm()).isEqualTo(Manifest.Algorithm.STACK);
    assertThat(m.members()).extracting(Manifest.Member::dir, Manifest.Member::ref).containsExactly(
        tuple("members/01-churn-stack.lr-1", "churn-stack.lr:1"), tuple("members/02-churn-stack.xgb-1",
            "churn-stack.xgb:1"));
    assertThat(m.stack().meta().ref()).isEqualTo("churn-stack.meta:1");
    assertThat(m.stack().features()).extracting(Manifest.MetaFeature::column, Manifest.MetaFeature::member,
        Manifest.MetaFeature::field).containsExactly(
        tuple("stack_lr", "members/01-churn-stack.lr-1", Manifest.OutputField.PROBABILITY),
        tuple("stack_xgb", "members/02-churn-stack.xgb-1", Manifest.OutputField.PROBABILITY));
    assertThat(m.inputs()).extracting(Manifest.Input::name).containsExactly("tenure_months", "monthly_charges",
        "total_charges", "support_calls", "age", "usage_gb", "plan", "region", "payment_method");
    try (ModelPackage meta = ModelPackage.load(dir.resolve("meta"))) {
      // Without passthrough the meta model reads the two meta-features only.
      assertThat(meta.manifest().inputs()).extracting(Manifest.Input::name).containsExactly("stack_lr",
          "stack_xgb");
      assertThat(meta.manifest().model().algorithm()).isEqualTo(Manifest.Algorithm.MLLIB_LOGISTIC_REGRESSION);
    }
    CheckPackageScriptTest.Proc check = CheckPackageScriptTest.exec(List.of("python3",
        CheckPackageScriptTest.SCRIPT.toString(), dir.toString()), Map.of());
    assertThat(check.code()).as(check.out() + check.err()).isZero();
    assertThat(check.lines()).contains("skip pure-Python check: a stack of 2 base packages and a meta package; "
        + "check each: " + dir.resolve("members/01-churn-stack.lr-1") + ", " + dir.resolve(
        "members/02-churn-stack.xgb-1") + ", " + dir.resolve("meta"));

    // The meta model's file altered: the stack's checksums refuse the package before any part loads.
    Path altered = out.resolve("altered");
    StandaloneClusterIT.copyTree(dir, altered);
    Files.writeString(altered.resolve("meta/model/logistic_regression.json"), "{}");
    assertThatThrownBy(() -> ModelPackage.load(altered)).isInstanceOf(PackageException.class)
        .hasMessageStartingWith("Cannot load the model package " + altered
            + ": meta/model/logistic_regression.json has SHA-256 ");
  }

  @Test
  void aRegressionStackWithPassthroughAndAnXGBoostMetaModelScoresAsSparkDoes(@TempDir Path out) {
    ok("train", "--spec", SPEC, "--set", "model.name=charges-stack", "--set", "model.task=regression", "--set",
        "model.stack={folds: 2, passthrough: true, base: {xgb: {algorithm: xgboost, params: {num_round: 10, "
            + "max_depth: 3}}, rf: {algorithm: mllib_random_forest, params: {num_trees: 5, max_depth: 4}}}, "
            + "meta: {algorithm: xgboost, params: {num_round: 8, max_depth: 2}}}", "--set",
        "features.label=monthly_charges", "--set", "features.numeric=[tenure_months, support_calls, age, usage_gb]",
        "--set", "data.eval={holdout: {table: demo/eval, version: 1}}");
    Path dir = out.resolve("charges");
    Manifest m = ExportCliTest.assertEqualsSparkScores(dir, "charges-stack:1", "demo/eval@1", "charges");
    assertThat(m.stack().passthrough()).isTrue();
    assertThat(m.stack().features()).extracting(Manifest.MetaFeature::column, Manifest.MetaFeature::field)
        .containsExactly(tuple("stack_rf", Manifest.OutputField.PREDICTION), tuple("stack_xgb",
            Manifest.OutputField.PREDICTION));
    try (ModelPackage meta = ModelPackage.load(dir.resolve("meta"))) {
      // With passthrough the meta model also reads the feature columns, the categorical ones coded by its own
      // vocabularies.
      assertThat(meta.manifest().inputs()).extracting(Manifest.Input::name).containsExactly("stack_rf",
          "stack_xgb", "tenure_months", "support_calls", "age", "usage_gb", "plan", "region", "payment_method");
      assertThat(meta.manifest().model().algorithm()).isEqualTo(Manifest.Algorithm.XGBOOST);
      assertThat(meta.manifest().model().objective()).isEqualTo("reg:squarederror");
    }
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
