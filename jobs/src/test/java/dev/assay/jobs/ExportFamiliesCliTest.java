package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import dev.assay.scorer.PackageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} of MLlib models — logistic regression (netlib's dot product, Spark's probability formula), random
 * forest classifier and regressor (Spark's tree walk and vote order), a logistic regression behind a feature
 * pipeline — and of imported ONNX graphs (tensor and per-column inputs, one- and two-column outputs), each bit for
 * bit against {@code score} on a whole evaluation table; MLlib models also in Spark's own format, with the numbers
 * in the package equal to the registered model's; {@code scripts/check-package} on them.
 */
@Tag("slow")
class ExportFamiliesCliTest extends CliWarehouseTest {
  private static final String LR_SPEC = ServeCliTest.SPECS.resolve("demo-mllib-lr.yaml").toString();
  private static final String RF_SPEC = ServeCliTest.SPECS.resolve("demo-mllib-rf.yaml").toString();

  @TempDir
  static Path out;

  /** One evaluation per model (the export, not the evaluation, is under test). */
  private static final String ONE_EVAL = "data.eval={holdout: {table: demo/eval, version: 1}}";

  @BeforeAll
  static void models() {
    demoTables();
    ok("train", "--spec", LR_SPEC, "--set", "model.params.max_iter=20", "--set", ONE_EVAL);
    ok("train", "--spec", RF_SPEC, "--set", "model.params={num_trees: 8, max_depth: 5, subsampling_rate: 0.8}",
        "--set", ONE_EVAL);
    ok("train", "--spec", RF_SPEC, "--set", "model.name=charges-rf", "--set", "model.task=regression",
        "--set", "model.params={num_trees: 6, max_depth: 4}", "--set", "features.label=monthly_charges",
        "--set", "features.numeric=[tenure_months, support_calls, age, usage_gb]", "--set", ONE_EVAL);
    ok("train", "--spec", ServeCliTest.SPECS.resolve("demo-xgb-features.yaml").toString(), "--set",
        "model.name=churn-lr-features", "--set", "model.algorithm=mllib_logistic_regression", "--set",
        "model.params={max_iter: 15}", "--set", "model.num_workers=1", "--set", ONE_EVAL);
    String torch = ModelFamiliesCliTest.TORCH_SPEC;
    ok("import-model", "--name", "churn-torch", "--onnx", onnx("churn-torch-mlp.onnx"), "--spec", torch, "--set",
        ONE_EVAL, "--then", "import-model", "--name", "churn-sk", "--onnx", onnx("churn-sklearn-lr.onnx"), "--spec",
        torch, "--set", "model.onnx.output=probabilities", "--set", ONE_EVAL, "--then", "import-model", "--name",
        "churn-sk-columns", "--onnx", onnx("churn-sklearn-lr-columns.onnx"), "--spec", torch, "--set",
        "model.onnx={inputs: columns}", "--set", ONE_EVAL);
    ok("train", "--spec", ServeCliTest.SPECS.resolve("demo-lightgbm.yaml").toString(), "--set",
        "model.params={num_iterations: 20, num_leaves: 7}", "--set", ONE_EVAL, "--then", "train", "--spec",
        ServeCliTest.SPECS.resolve("demo-lightgbm.yaml").toString(), "--set", "model.name=charges-lgbm", "--set",
        "model.task=regression", "--set", "model.params={num_iterations: 15, num_leaves: 7}", "--set",
        "features.label=monthly_charges", "--set", "features.numeric=[tenure_months, support_calls, age, usage_gb]",
        "--set", ONE_EVAL);
    ok("ensemble", "--name", "churn-mix", "--member", "churn-lr:1", "--member", "churn-rf:1", "--member",
        "churn-torch:1", "--spec", LR_SPEC, "--set", ONE_EVAL);
  }

  private static String onnx(String file) {
    return ModelFamiliesCliTest.ONNX.resolve(file).toString();
  }

  @Test
  void onnxGraphPackagesScoreEveryEvaluationRowAsSparkDoes() throws Exception {
    Manifest torch = ExportCliTest.assertEqualsSparkScores(out.resolve("torch"), "churn-torch:1", "demo/eval@1",
        "torch");
    assertThat(torch.model().algorithm()).isEqualTo(Manifest.Algorithm.ONNX);
    assertThat(torch.model().onnxFeed().inputNames()).containsExactly("features");
    assertThat(torch.model().onnxFeed().width()).isEqualTo(1);
    assertThat(torch.runtimes()).extracting(Manifest.Runtime::name, Manifest.Runtime::file)
        .containsExactly(tuple("onnxruntime", "model/model.onnx"));
    assertThat(Files.readAllBytes(out.resolve("torch/model/model.onnx")))
        .isEqualTo(Files.readAllBytes(Path.of(onnx("churn-torch-mlp.onnx"))));
    assertThat(checkPackage(out.resolve("torch"))).contains("skip pure-Python check: an ONNX graph has no "
        + "standard-library scorer; model/model.onnx runs in onnxruntime >= 1.23.2 (the Java scorer re-scored the "
        + "golden rows at export)");
    Manifest sk = ExportCliTest.assertEqualsSparkScores(out.resolve("sk"), "churn-sk:1", "demo/eval@1", "sk");
    assertThat(sk.model().onnxFeed().width()).isEqualTo(2);
    Manifest columns = ExportCliTest.assertEqualsSparkScores(out.resolve("sk-columns"), "churn-sk-columns:1",
        "demo/eval@1", "sk-columns");
    assertThat(columns.model().onnxFeed().columns()).isTrue();
    assertThat(columns.model().onnxFeed().inputNames()).containsExactlyElementsOf(columns.features().vector());
  }

  @Test
  void logisticRegressionPackageScoresEveryEvaluationRowAsSparkDoes() throws Exception {
    Path dir = out.resolve("lr");
    Manifest m = ExportCliTest.assertEqualsSparkScores(dir, "churn-lr:1", "demo/eval@1", "lr");
    assertThat(m.model().algorithm()).isEqualTo(Manifest.Algorithm.MLLIB_LOGISTIC_REGRESSION);
    assertThat(m.features().impute()).extracting(Manifest.Imputed::column).containsExactly("tenure_months",
        "monthly_charges", "total_charges", "support_calls", "age", "usage_gb");
    assertThat(m.features().vector()).hasSize(6 + 3 + 6).startsWith("tenure_months__filled")
        .endsWith("usage_gb__missing");
    assertThat(m.runtimes()).extracting(Manifest.Runtime::name).containsExactly("netlib-blas", "spark-mllib");
    assertThat(m.output().transform()).startsWith("probability of class 1 = 1 - 1 / (1 + exp(margin))");
    // The numbers in the package are the registered model's, and Spark's own format loads to the same model.
    LogisticRegressionModel saved = LogisticRegressionModel.load(dir.resolve("model/mllib").toString());
    JsonNode numbers = new ObjectMapper().readTree(dir.resolve("model/logistic_regression.json").toFile());
    assertThat(numbers.get("intercept").asDouble()).isEqualTo(saved.intercept());
    double[] coefficients = saved.coefficients().toArray();
    assertThat(numbers.get("coefficients")).hasSize(coefficients.length);
    for (int i = 0; i < coefficients.length; i++) {
      assertThat(Double.doubleToRawLongBits(numbers.get("coefficients").get(i).asDouble()))
          .isEqualTo(Double.doubleToRawLongBits(coefficients[i]));
    }
    assertThat(m.files()).containsKey("model/mllib/metadata/part-00000");
    // netlib's kernels sum with fused multiply-add; Python's exactly rounded sum agrees within the tolerance only.
    assertThat(checkPackage(dir)).anyMatch(l -> l.startsWith("ok  pure-Python MLlib logistic regression: 200 golden "
        + "rows, max |diff| ")).anyMatch(l -> l.endsWith("tolerance 1e-6; 15 coefficients"));
  }

  @Test
  void randomForestClassifierPackageScoresEveryEvaluationRowAsSparkDoes() throws Exception {
    Path dir = out.resolve("rf");
    Manifest m = ExportCliTest.assertEqualsSparkScores(dir, "churn-rf:1", "demo/eval@1", "rf");
    assertThat(m.model().algorithm()).isEqualTo(Manifest.Algorithm.MLLIB_RANDOM_FOREST);
    assertThat(RandomForestClassificationModel.load(dir.resolve("model/mllib").toString()).getNumTrees())
        .isEqualTo(8);
    assertThat(checkPackage(dir)).contains("ok  pure-Python MLlib random forest: 200 golden rows, max |diff| 0 "
        + "(bit-exact 200/200), tolerance 1e-6; 8 trees");
  }

  @Test
  void randomForestRegressorPackageScoresEveryEvaluationRowAsSparkDoes() throws Exception {
    Manifest m = ExportCliTest.assertEqualsSparkScores(out.resolve("charges-rf"), "charges-rf:1", "demo/eval@1",
        "charges-rf");
    assertThat(m.output().fields()).containsExactly("prediction");
    assertThat(checkPackage(out.resolve("charges-rf"))).contains("ok  pure-Python MLlib random forest: 200 golden "
        + "rows, max |diff| 0 (bit-exact 200/200), tolerance 1e-6; 6 trees");
  }

  @Test
  void lightgbmPackagesScoreEveryEvaluationRowAsSparkDoes() throws Exception {
    Path dir = out.resolve("lgbm");
    Manifest m = ExportCliTest.assertEqualsSparkScores(dir, "churn-lgbm:1", "demo/eval@1", "lgbm");
    assertThat(m.model().algorithm()).isEqualTo(Manifest.Algorithm.LIGHTGBM);
    assertThat(m.runtimes()).extracting(Manifest.Runtime::name, Manifest.Runtime::file, Manifest.Runtime::minVersion)
        .containsExactly(tuple("lightgbm", "model/lightgbm.txt", "3.3.510"));
    assertThat(Files.readString(dir.resolve("model/lightgbm.txt"))).startsWith("tree\nversion=v4");
    // The pure-Python walk of the text model gives LightGBM's bits.
    assertThat(checkPackage(dir)).anyMatch(l -> l.startsWith("ok  pure-Python LightGBM tree walk: 200 golden rows, "
        + "max |diff| 0 (bit-exact 200/200)"));
    ExportCliTest.assertEqualsSparkScores(out.resolve("charges-lgbm"), "charges-lgbm:1", "demo/eval@1",
        "charges-lgbm");
    assertThat(checkPackage(out.resolve("charges-lgbm"))).anyMatch(l -> l.startsWith("ok  pure-Python LightGBM tree "
        + "walk: 200 golden rows, max |diff| 0 (bit-exact 200/200)"));
  }

  @Test
  void anEnsembleOfEveryFamilyIsAPackageOfMemberPackagesScoringAsSparkDoes() throws Exception {
    Path dir = out.resolve("mix");
    Manifest m = ExportCliTest.assertEqualsSparkScores(dir, "churn-mix:1", "demo/eval@1", "mix");
    assertThat(m.model().algorithm()).isEqualTo(Manifest.Algorithm.ENSEMBLE_MEAN);
    assertThat(m.members()).extracting(Manifest.Member::dir, Manifest.Member::ref).containsExactly(
        tuple("members/01-churn-lr-1", "churn-lr:1"), tuple("members/02-churn-rf-1", "churn-rf:1"),
        tuple("members/03-churn-torch-1", "churn-torch:1"));
    assertThat(m.inputs()).extracting(Manifest.Input::name).containsExactly("tenure_months", "monthly_charges",
        "total_charges", "support_calls", "age", "usage_gb", "plan", "region", "payment_method");
    assertThat(m.files()).containsKeys("members/01-churn-lr-1/manifest.json",
        "members/03-churn-torch-1/model/model.onnx");
    assertThat(checkPackage(dir)).contains("skip pure-Python check: an ensemble of 3 member packages; check each: "
        + dir.resolve("members/01-churn-lr-1") + ", " + dir.resolve("members/02-churn-rf-1") + ", "
        + dir.resolve("members/03-churn-torch-1"));

    // An altered member file is caught by the ensemble's own checksums, before any member loads.
    Path copy = out.resolve("mix-altered");
    StandaloneClusterIT.copyTree(dir, copy);
    Files.writeString(copy.resolve("members/02-churn-rf-1/model/random_forest.json"), "{}");
    assertThatThrownBy(() -> ModelPackage.load(copy)).isInstanceOf(PackageException.class).hasMessageStartingWith(
        "Cannot load the model package " + copy + ": members/02-churn-rf-1/model/random_forest.json has SHA-256 ");
  }

  /** {@code scripts/check-package} on {@code dir}, which must pass (no xgboost runtime to compare with); its lines. */
  private static List<String> checkPackage(Path dir) throws Exception {
    assumeTrue(CheckPackageScriptTest.exec(List.of("sh", "-c", "command -v python3"), Map.of()).code() == 0,
        "python3 is not installed");
    CheckPackageScriptTest.Proc p = CheckPackageScriptTest.exec(List.of("python3",
        CheckPackageScriptTest.SCRIPT.toString(), dir.toString()), Map.of());
    assertThat(p.code()).as(p.out() + p.err()).isZero();
    assertThat(p.lines()).contains("skip xgboost module: the package names no xgboost runtime");
    return p.lines();
  }

  @Test
  void logisticRegressionBehindAFeaturePipelineScoresAsSparkDoes() throws Exception {
    Manifest m = ExportCliTest.assertEqualsSparkScores(out.resolve("lr-features"), "churn-lr-features:1",
        "demo/eval@1", "lr-features");
    assertThat(m.features().derive()).extracting(Manifest.Derived::name).containsExactly("charge_per_month",
        "heavy_user");
    assertThat(m.features().steps()).hasSize(5);
    assertThat(m.features().impute()).isNotEmpty();
    assertThat(Files.readString(out.resolve("lr-features").resolve(Manifest.FILE))).contains("\"impute\"");
  }
}
