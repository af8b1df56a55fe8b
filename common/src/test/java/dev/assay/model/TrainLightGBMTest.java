package dev.assay.model;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Algorithm;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.ModelSpec;
import dev.assay.spec.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.Seq;

/**
 * LightGBM through SynapseML: the same model text (and hash) on a rerun and for any partitioning of the input,
 * one text file beside the Spark artifact whose SHA-256 is the hash, the same hash after save and load, scores
 * through {@link ScoreModel} like every family, and LightGBM's own params by name.
 */
class TrainLightGBMTest extends SparkTestBase {
  @BeforeAll
  static void data() {
    TrainMllibTest.makeData();
  }

  static ModelSpec spec(Task task, int workers, Map<String, Object> params) {
    return new ModelSpec("m", Algorithm.LIGHTGBM, task, params, 11L, workers, "cpu");
  }

  @Test
  void theModelIsTheSameBytesOnARerunAndForAnyInputPartitioningAndSurvivesSaveAndLoad(@TempDir Path dir)
      throws Exception {
    ModelSpec s = spec(Task.BINARY, 1, Map.of("num_iterations", 15, "num_leaves", 7, "learning_rate", 0.2));
    ModelTrainer lgbm = ModelTrainer.of(Algorithm.LIGHTGBM);
    TrainedModel a = lgbm.train(spark, s, TrainMllibTest.FEATURES, TrainMllibTest.data, "t");
    TrainedModel b = lgbm.train(spark, s, TrainMllibTest.FEATURES, TrainMllibTest.data.repartition(4), "t");
    assertThat(b.modelHash()).isEqualTo(a.modelHash());
    assertThat(a.params()).containsEntry("deterministic", "true").containsEntry("force_row_wise", "true")
        .containsEntry("num_iterations", "15").containsEntry("objective", "binary");

    String out = dir.resolve("artifact").toString();
    ModelArtifacts.save(spark, a, out);
    byte[] text = Files.readAllBytes(Path.of(out, TrainLightGBM.MODEL_FILE));
    assertThat(new String(text, StandardCharsets.UTF_8)).startsWith("tree\nversion=");
    assertThat(a.modelHash()).isEqualTo(Hashing.sha256(text));
    PipelineModel loaded = ModelArtifacts.load(out);
    assertThat(lgbm.hash(loaded)).isEqualTo(a.modelHash());
    assertThat(ModelArtifacts.portable(a, out)).isEqualTo(new ModelArtifacts.Portable(out + "/model.txt",
        "lightgbm_text"));

    List<Row> scores = ScoreModel.predict(loaded, TrainMllibTest.data, TrainMllibTest.FEATURES, Task.BINARY, "t",
        true).orderBy("id").select(ScoreModel.SCORE).collectAsList();
    List<Row> again = ScoreModel.predict(a.pipeline(), TrainMllibTest.data.repartition(3), TrainMllibTest.FEATURES,
        Task.BINARY, "t", true).orderBy("id").select(ScoreModel.SCORE).collectAsList();
    assertThat(again).isEqualTo(scores);
    assertThat(scores).allSatisfy(r -> assertThat(r.getDouble(0)).isBetween(0.0, 1.0));
  }

  @Test
  void regressionAndMulticlassTrainToo() {
    ModelTrainer lgbm = ModelTrainer.of(Algorithm.LIGHTGBM);
    TrainedModel r = lgbm.train(spark, spec(Task.REGRESSION, 1, Map.of("num_iterations", 10)),
        FeatureSpec.of(List.of("x1", "x2"), List.of("cat"), "target", null, "id"), TrainMllibTest.data, "t");
    assertThat(r.params()).containsEntry("objective", "regression");
    assertThat(lgbm.hash(r.pipeline())).isEqualTo(r.modelHash());

    FeatureSpec f = FeatureSpec.of(List.of("x1", "x2"), List.of(), "k", null, "id");
    var three = TrainMllibTest.data.withColumn("k", expr("cast(pmod(xxhash64(id, 9), 3) as int)"));
    TrainedModel m = lgbm.train(spark, spec(Task.MULTICLASS, 1, Map.of("num_iterations", 5)), f, three, "t");
    assertThat(m.params()).containsEntry("objective", "multiclass");
    Row first = ScoreModel.predict(m.pipeline(), three, f, Task.MULTICLASS, "t", true).orderBy("id").first();
    assertThat(first.<Seq<Double>>getAs(ScoreModel.PROBABILITIES).size()).isEqualTo(3);
  }

  @Test
  void unknownAndFixedParamsAreUsageErrors() {
    assertThatThrownBy(() -> ModelTrainer.of(Algorithm.LIGHTGBM).train(spark, spec(Task.BINARY, 1,
        Map.of("num_treez", 5)), TrainMllibTest.FEATURES, TrainMllibTest.data, "t"))
        .hasMessage("Spec key 'model.params.num_treez' is not a settable parameter of lightgbm (LightGBMClassifier): "
            + "check the spelling against the SynapseML LightGBM documentation")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    assertThatThrownBy(() -> ModelTrainer.of(Algorithm.LIGHTGBM).train(spark, spec(Task.BINARY, 1,
        Map.of("deterministic", false)), TrainMllibTest.FEATURES, TrainMllibTest.data, "t"))
        .hasMessageStartingWith("Spec key 'model.params.deterministic' is not a settable parameter of lightgbm")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }
}
