package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.assay.scorer.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} of multiclass and regression models, LightGBM, ONNX graphs and a stack among them (bit for bit against
 * {@code score} on a whole evaluation table, as ExportCliTest does for binary ones), and a derived expression the
 * packaged scorer cannot compute.
 */
@Tag("slow")
class ExportTasksCliTest extends CliWarehouseTest {
  @TempDir
  static Path out;

  @BeforeAll
  static void models() {
    demoTables();
    trainTaskModels();
  }

  /**
   * On the demo tables: {@code mc/train} and {@code mc/eval} with a three-class label ({@code calls}), a multiclass
   * model {@code calls-xgb:1} on them and a regression model {@code charges-xgb:1} of {@code monthly_charges}.
   */
  static void trainTaskModels() {
    for (String t : List.of("train", "eval")) {
      spark.read().format("delta").option("versionAsOf", 0).load(warehouse.resolve("demo/" + t).toString())
          .withColumn("calls", least(col("support_calls"), lit(2)))
          .write().format("delta").save(warehouse.resolve("mc/" + t).toString());
    }
    ok("train", "--spec", ExportCliTest.SPEC, "--set", "model.name=calls-xgb", "--set", "model.task=multiclass",
        "--set", "model.params={num_round: 6, max_depth: 3, eta: 0.3}", "--set", "features.label=calls",
        "--set", "data.train={table: mc/train, version: 0}", "--set", "data.eval={holdout: {table: mc/eval, version: "
        + "0}}");
    ok("train", "--spec", ExportCliTest.SPEC, "--set", "model.name=charges-xgb", "--set", "model.task=regression",
        "--set", "model.params={num_round: 8, max_depth: 4, objective: 'reg:squarederror'}",
        "--set", "features.label=monthly_charges", "--set", "features.numeric=[tenure_months, support_calls, age, "
        + "usage_gb]");
  }

  @Test
  void multiclassPackageScoresEveryEvaluationRowAsSparkDoes() {
    Manifest m = ExportCliTest.assertEqualsSparkScores(out.resolve("calls"), "calls-xgb:1", "mc/eval@0", "calls");
    assertThat(m.output().classes()).isEqualTo(3);
    assertThat(m.output().fields()).containsExactly("prediction", "probability", "probabilities");
  }

  @Test
  void multiclassLightgbmPackageScoresEveryEvaluationRowAsSparkDoes() throws Exception {
    ok("train", "--spec", ServeCliTest.SPECS.resolve("demo-lightgbm.yaml").toString(), "--set",
        "model.name=calls-lgbm", "--set", "model.task=multiclass", "--set", "model.params={num_iterations: 12, "
            + "num_leaves: 7}", "--set", "features.label=calls", "--set", "data.train={table: mc/train, version: 0}",
        "--set", "data.eval={holdout: {table: mc/eval, version: 0}}");
    Manifest m = ExportCliTest.assertEqualsSparkScores(out.resolve("calls-lgbm"), "calls-lgbm:1", "mc/eval@0",
        "calls-lgbm");
    assertThat(m.model().algorithm()).isEqualTo(Manifest.Algorithm.LIGHTGBM);
    assertThat(m.output().classes()).isEqualTo(3);
    CheckPackageScriptTest.Proc check = CheckPackageScriptTest.exec(List.of("python3",
        CheckPackageScriptTest.SCRIPT.toString(), out.resolve("calls-lgbm").toString()), Map.of());
    assertThat(check.code()).as(check.out() + check.err()).isZero();
    assertThat(check.lines()).anyMatch(l -> l.startsWith("ok  pure-Python LightGBM tree walk: 200 golden rows, "
        + "max |diff| 0 (bit-exact 200/200)"));
  }

  @Test
  void multiclassAndRegressionOnnxGraphPackagesScoreEveryEvaluationRowAsSparkDoes() {
    ok("import-model", "--name", "calls-onnx", "--onnx", ModelFamiliesCliTest.ONNX.resolve("calls-numpy-softmax.onnx")
        .toString(), "--spec", ModelFamiliesCliTest.TORCH_SPEC, "--set", "model.task=multiclass", "--set",
        "model.onnx={inputs: tensor, input: features, output: probabilities}", "--set", "features.numeric="
            + "[tenure_months, monthly_charges, total_charges, age, usage_gb]", "--set", "features.label=calls",
        "--set", "data.eval={holdout: {table: mc/eval, version: 0}}");
    Manifest calls = ExportCliTest.assertEqualsSparkScores(out.resolve("calls-onnx"), "calls-onnx:1", "mc/eval@0",
        "calls-onnx");
    assertThat(calls.model().onnxFeed().width()).isEqualTo(3);
    assertThat(calls.output().classes()).isEqualTo(3);

    ok("import-model", "--name", "charges-onnx", "--onnx", ModelFamiliesCliTest.ONNX.resolve(
        "charges-numpy-linear.onnx").toString(), "--spec", ModelFamiliesCliTest.TORCH_SPEC, "--set",
        "model.task=regression", "--set", "model.onnx={inputs: tensor, input: features, output: charges}", "--set",
        "features.numeric=[tenure_months, support_calls, age, usage_gb]", "--set", "features.label=monthly_charges",
        "--set", "data.eval={holdout: {table: demo/eval, version: 0}}");
    Manifest charges = ExportCliTest.assertEqualsSparkScores(out.resolve("charges-onnx"), "charges-onnx:1",
        "demo/eval@0", "charges-onnx");
    assertThat(charges.output().fields()).containsExactly("prediction");
  }

  @Test
  void multiclassStackPackageScoresEveryEvaluationRowAsSparkDoes() {
    ok("train", "--spec", StackCliTest.SPEC, "--set", "model.name=calls-stack", "--set", "model.task=multiclass",
        "--set", "model.stack={folds: 2, base: {xgb: {algorithm: xgboost, params: {num_round: 5, max_depth: 3}}, "
            + "rf: {algorithm: mllib_random_forest, params: {num_trees: 4, max_depth: 4}}}, meta: {algorithm: "
            + "mllib_random_forest, params: {num_trees: 3, max_depth: 3}}}", "--set", "features.label=calls",
        "--set", "data.train={table: mc/train, version: 0}", "--set", "data.eval={holdout: {table: mc/eval, version: "
            + "0}}");
    Manifest m = ExportCliTest.assertEqualsSparkScores(out.resolve("calls-stack"), "calls-stack:1", "mc/eval@0",
        "calls-stack");
    assertThat(m.output().classes()).isEqualTo(3);
    // Each base contributes one meta-feature per class, read from its probabilities.
    assertThat(m.stack().features()).extracting(Manifest.MetaFeature::column, Manifest.MetaFeature::field,
        Manifest.MetaFeature::classIndex).containsExactly(
        tuple("stack_rf_0", Manifest.OutputField.PROBABILITIES, 0),
        tuple("stack_rf_1", Manifest.OutputField.PROBABILITIES, 1),
        tuple("stack_rf_2", Manifest.OutputField.PROBABILITIES, 2),
        tuple("stack_xgb_0", Manifest.OutputField.PROBABILITIES, 0),
        tuple("stack_xgb_1", Manifest.OutputField.PROBABILITIES, 1),
        tuple("stack_xgb_2", Manifest.OutputField.PROBABILITIES, 2));
  }

  @Test
  void regressionPackageScoresEveryEvaluationRowAsSparkDoes() {
    Manifest m = ExportCliTest.assertEqualsSparkScores(out.resolve("charges"), "charges-xgb:1", "demo/eval@0",
        "charges");
    assertThat(m.inputs()).extracting(Manifest.Input::name).containsExactly("tenure_months", "support_calls", "age",
        "usage_gb", "plan", "region", "payment_method");
    assertThat(m.output().fields()).containsExactly("prediction");
  }

  @Test
  void anExpressionWithoutASparkFreeImplementationIsRefused() {
    ok("train", "--spec", ServeCliTest.SPECS.resolve("demo-xgb-features.yaml").toString(), "--set",
        "model.name=plan-len", "--set", "model.params.num_round=3", "--set", "features.derive.plan_len=length(plan)",
        "--set", "features.numeric=[tenure_months, plan_len]");
    CliRun.Result r = run("export", "--model", "plan-len:1", "--out", out.resolve("plan-len").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot export plan-len:1: Cannot export derived expression \"length(plan)\": "
        + "function length has no Spark-free implementation");
    assertThat(out.resolve("plan-len")).doesNotExist();
  }
}
