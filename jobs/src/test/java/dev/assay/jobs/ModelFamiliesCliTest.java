package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.metrics.MetricCodeVersion;
import dev.assay.model.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every model family on one demo ledger: the MLlib families (logistic regression, random forest) through train,
 * evaluate, verify, score and benchmark; ONNX graphs made by PyTorch and scikit-learn (common's fixtures, trained
 * on this same demo data: seed 7, 3000 training and 1200 evaluation rows) through import-model and every command
 * that takes a model, with each bad input; then one leaderboard cell ranking them with XGBoost and LightGBM by the
 * same metric code. About 3 minutes on two busy cores: CI ({@code scripts/test --all}) runs it, and the default
 * suite keeps each family's library tests ({@code TrainMllibTest}, {@code ImportOnnxTest}, {@code
 * TrainLightGBMTest}) and the MLlib model of {@code MatrixCliTest}.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelFamiliesCliTest extends CliWarehouseTest {
  static final Path SPECS = ServeCliTest.SPECS;
  static final Path ONNX = Path.of("..", "common", "src", "test", "resources", "onnx").toAbsolutePath().normalize();
  static final String TORCH_SPEC = SPECS.resolve("demo-onnx-torch.yaml").toString();

  @BeforeAll
  static void demoData() {
    demoTables();
  }

  @Test
  @Order(1)
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

  @Test
  @Order(2)
  void onnxGraphsAreImportedAndWorkLikeEveryOtherModel() throws Exception {
    CliRun.Result imported = run("import-model", "--name", "churn-torch", "--onnx", onnx("churn-torch-mlp.onnx"),
        "--spec", TORCH_SPEC, "--then", "import-model", "--name", "churn-sk", "--onnx", onnx("churn-sklearn-lr.onnx"),
        "--spec", TORCH_SPEC, "--set", "model.onnx.output=probabilities", "--then", "import-model", "--name",
        "churn-torch", "--onnx", onnx("churn-torch-mlp.onnx"), "--spec", TORCH_SPEC);
    assertThat(imported.code()).as(imported.err()).isZero();
    String sha = Hashing.sha256(Files.readAllBytes(Path.of(onnx("churn-torch-mlp.onnx"))));
    assertThat(run("sql", "select model_name, model_version, algorithm, booster_format, model_hash, "
        + "params['onnx.producer'] as producer, params['onnx.opset'] as opset, params['onnx.inputs'] as inputs, "
        + "booster_uri like '%/model.onnx' as portable from assay.models where algorithm = 'onnx' order by 1").out())
        .isEqualTo("model_name,model_version,algorithm,booster_format,model_hash,producer,opset,inputs,portable\n"
            + "churn-sk,1,onnx,onnx," + Hashing.sha256(Files.readAllBytes(Path.of(onnx("churn-sklearn-lr.onnx"))))
            + ",scikit-learn 1.2.1,ai.onnx=13,\"features: float [N, 6]\",true\n"
            + "churn-torch,1,onnx,onnx," + sha + ",pytorch 1.13.0,ai.onnx=13,\"features: float [N, 6]\",true\n");
    // The same file and spec again: the same run key, nothing written.
    assertThat(run("sql", "select status from assay.runs where command = 'import-model' order by started_at").out())
        .isEqualTo("status\nSUCCEEDED\nSUCCEEDED\nSKIPPED\n");
    assertThat(stored("churn-torch", 1, 0).get("roc_auc")).isBetween(0.75, 1.0);

    CliRun.Result verify = run("verify", "--model", "churn-torch:1");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("identical  model churn-torch:1 artifact onnx sha256",
        "identical  metric roc_auc on holdout v0").doesNotContain("DIFFERENT");
    CliRun.Result served = run("score", "--model", "churn-torch:1", "--input", "demo/eval@0", "--output",
        "scores/torch", "--then", "benchmark", "--model", "churn-torch:1", "--input", "demo/eval@0", "--rows", "200",
        "--warmup", "1", "--repeat", "1", "--then", "ensemble", "--name", "churn-mix", "--member", "churn-torch:1",
        "--member", "churn-lr:1", "--spec", TORCH_SPEC, "--then", "gate", "--spec", TORCH_SPEC, "--set",
        "gate.metric=roc_auc", "--set", "gate.min=0.5", "--set", "gate.max_latency_ms=1000", "--challenger",
        "churn-torch:1");
    assertThat(served.code()).as(served.err()).isZero();
    assertThat(served.out()).contains("gate PASSED: churn-torch:1", "latency p95 ms");
    // Scored rows are what evaluate saw: the torch fixture's own outputs to float32 precision.
    Map<String, Double> scores = new HashMap<>();
    table("scores/torch").collectAsList().forEach(r -> scores.put(r.getAs("customer_id"), r.getAs("probability")));
    List<String> reference = Files.readAllLines(ONNX.resolve("churn-torch-mlp.reference.csv"));
    assertThat(scores).hasSize(reference.size() - 1);
    for (String line : reference.subList(1, reference.size())) {
      String[] f = line.split(",", -1);
      assertThat(scores.get(f[0])).as(f[0]).isCloseTo(Double.parseDouble(f[f.length - 1]), within(5e-7));
    }
    Row bench = table("ledger/benchmarks").where("model_name = 'churn-torch'").first();
    assertThat(bench.<String>getAs("latency_method")).isEqualTo("onnxruntime OrtSession.run, one 1-row float tensor "
        + "per call");
    assertThat(stored("churn-mix", 1, 0)).containsKey("roc_auc");
  }

  @Test
  @Order(3)
  void xgboostLightgbmMllibAndOnnxModelsShareOneLeaderboardCell() {
    CliRun.Result trained = run("train", "--spec", SPECS.resolve("demo-xgb.yaml").toString(), "--set",
        "model.params.num_round=10", "--then", "train", "--spec", SPECS.resolve("demo-lightgbm.yaml").toString(),
        "--set", "model.params.num_iterations=10");
    assertThat(trained.code()).as(trained.err()).isZero();
    assertThat(run("sql", "select booster_format, booster_uri like '%/model.txt' as portable from assay.models where "
        + "algorithm = 'lightgbm'").out()).isEqualTo("booster_format,portable\nlightgbm_text,true\n");
    CliRun.Result board = run("sql", "select l.model_name, m.algorithm, l.metric_code_version from leaderboard l "
        + "join assay.models m using (model_name, model_version) where l.eval_name = 'holdout' and l.eval_version = 0 "
        + "and l.eval_filter is null and m.algorithm <> 'ensemble_mean' order by m.algorithm, l.model_name");
    String code = MetricCodeVersion.VERSION;
    assertThat(board.out()).isEqualTo("model_name,algorithm,metric_code_version\n"
        + "churn-lgbm,lightgbm," + code + "\nchurn-lr,mllib_logistic_regression," + code
        + "\nchurn-rf,mllib_random_forest," + code + "\nchurn-sk,onnx," + code + "\nchurn-torch,onnx," + code
        + "\nchurn-xgb,xgboost," + code + "\n");
  }

  @Test
  @Order(4)
  void badOnnxInputFailsCleanlyAndWritesNoModel() throws Exception {
    Path notOnnx = warehouse.resolve("model.onnx");
    Files.writeString(notOnnx, "this is not a graph\n");
    CliRun.Result text = importAs("bad-text", notOnnx.toString());
    assertThat(text.code()).isEqualTo(2);
    assertThat(text.err()).startsWith("assay import-model failed (exit 2): Cannot import " + notOnnx
        + ": it is not an ONNX model ONNX Runtime can load (");

    CliRun.Result five = importAs("bad-features", onnx("churn-torch-mlp.onnx"), "--set",
        "features.numeric=[tenure_months,monthly_charges,total_charges,support_calls,age]");
    assertThat(five.code()).isEqualTo(2);
    assertThat(five.err()).contains("input features is float [N, 6] but the spec lists 5 feature(s) [tenure_months, "
        + "monthly_charges, total_charges, support_calls, age]");

    CliRun.Result output = importAs("bad-output", onnx("churn-torch-mlp.onnx"), "--set", "model.onnx.output=score");
    assertThat(output.code()).isEqualTo(2);
    assertThat(output.err()).contains("model.onnx.output 'score' is not one of its outputs [logit, probability]");

    CliRun.Result nan = importAs("bad-nan", onnx("nan-output.onnx"));
    assertThat(nan.code()).as(nan.err()).isEqualTo(3);
    assertThat(nan.err()).contains("null or NaN");

    assertThat(run("sql", "select count(*) from assay.models where model_name like 'bad-%'").out())
        .isEqualTo("count(1)\n0\n");
    assertThat(run("sql", "select count(*) from assay.runs where command = 'import-model' and status = 'FAILED' "
        + "and exit_code in (2, 3)").out()).isEqualTo("count(1)\n4\n");
    assertThat(warehouse.resolve("ledger").resolve("artifacts").resolve("bad-nan")).doesNotExist();

    // An artifact changed after import is a reproducibility violation wherever the model is loaded.
    String uri = run("sql", "select booster_uri from assay.models where model_name = 'churn-sk'").out().split("\n")[1];
    Files.write(Path.of(uri.replace("file:", "")), Files.readAllBytes(Path.of(onnx("churn-sklearn-lr-columns.onnx"))));
    CliRun.Result altered = run("evaluate", "--model", "churn-sk:1", "--eval", "holdout=demo/eval@0");
    assertThat(altered.code()).as(altered.err()).isEqualTo(5);
    assertThat(altered.err()).startsWith("assay evaluate failed (exit 5): Reproducibility violation: ONNX graph ")
        .contains("/model.onnx fails its checksum: the file was altered after it was imported;");
  }

  private static CliRun.Result importAs(String name, String file, String... more) {
    List<String> args = new ArrayList<>(List.of("import-model", "--name", name, "--onnx", file, "--spec", TORCH_SPEC));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static String onnx(String file) {
    return ONNX.resolve(file).toString();
  }
}
