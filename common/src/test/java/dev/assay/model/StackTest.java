package dev.assay.model;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.evaluation.ComputeMetrics;
import dev.assay.metrics.MetricValue;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Algorithm;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.Task;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stacked models ({@code algorithm: stack}): on a table whose label is pure noise, a base model deep
 * enough to memorise predicts its own training rows almost perfectly, yet its out-of-fold predictions and
 * the stack's holdout scores carry no signal (AUC 0.5 ± 0.05): no row's meta-feature came from a model
 * that saw the row, even with the table's own (noise) features passed through to the meta model
 * ({@code passthrough: true}; StackCliTest runs the default, without). The stack is the same bits for
 * any partitioning, saves and loads with every part checked, and refuses to load when a part was
 * replaced (exit 5).
 */
class StackTest extends SparkTestBase {
  static final String SPEC = """
      model:
        name: noise-stack
        algorithm: stack
        seed: 3
        stack:
          folds: 3
          base:
            xgb: {algorithm: xgboost, params: {max_depth: 10, num_round: 25, eta: 0.5}}
            lr: {algorithm: mllib_logistic_regression, params: {max_iter: 10}}
          meta: {algorithm: mllib_logistic_regression}
          passthrough: true
      features:
        numeric: [f1, f2, f3, f4, f5, f6]
        derive: {f6: "f1 * f2"}
        label: y
        id: id
      data:
        train: {table: t, version: 0}
      """;

  static JobSpec spec;
  static Dataset<Row> train;
  static Dataset<Row> holdout;
  static TrainStack.Trained trained;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void fitOnNoise() {
    Dataset<Row> all = spark.sql("""
        SELECT concat('r', cast(id AS STRING)) AS id,
          abs(xxhash64(id, 1)) % 10000 / 100.0D AS f1, abs(xxhash64(id, 2)) % 10000 / 100.0D AS f2,
          abs(xxhash64(id, 3)) % 10000 / 100.0D AS f3, abs(xxhash64(id, 4)) % 10000 / 100.0D AS f4,
          abs(xxhash64(id, 5)) % 10000 / 100.0D AS f5, cast(abs(xxhash64(id, 99)) % 2 AS INT) AS y, id AS n
        FROM range(0, 6000)""");
    train = all.where("n < 3000").drop("n").cache();
    holdout = all.where("n >= 3000").drop("n").cache();
    spec = SpecLoader.parse(SPEC, "stack.yaml", List.of());
    trained = TrainStack.fit(spark, spec.model(), spec.features(), train, "t");
  }

  static double auc(Dataset<Row> scored, String score) {
    return ComputeMetrics.binary(scored.selectExpr("cast(y AS DOUBLE) AS y", "cast(" + score + " AS DOUBLE) AS s"),
        "y", "s", 0.5).stream().filter(v -> v.metric().equals("roc_auc")).mapToDouble(MetricValue::value)
        .findFirst().orElseThrow();
  }

  static Dataset<Row> probability(PipelineModel model, Dataset<Row> rows) {
    Dataset<Row> out = model.transform(rows);
    return out.select(out.col("y"), vector_to_array(out.col("probability"), "float64").getItem(1).as("p"));
  }

  @Test
  void outOfFoldPredictionsNeverSawTheirRow() {
    double inSample = auc(probability(trained.bases().get("xgb").pipeline(), train), "p");
    double outOfFold = auc(trained.outOfFold(), "stack_xgb");
    double stackHoldout = auc(probability(trained.stack().pipeline(), holdout), "p");
    System.out.printf("noise label: xgb base in-sample AUC %.4f, out-of-fold %.4f; stack holdout %.4f%n", inSample,
        outOfFold, stackHoldout);
    assertThat(inSample).as("the deep base memorises its training rows").isGreaterThan(0.95);
    assertThat(outOfFold).as("out-of-fold AUC on a noise label").isBetween(0.45, 0.55);
    assertThat(stackHoldout).as("the stack's holdout AUC on a noise label").isBetween(0.45, 0.55);
    assertThat(trained.outOfFold().count()).as("every training row has one out-of-fold prediction").isEqualTo(3000);
    assertThat(trained.stack().params()).containsEntry("base", "lr:mllib_logistic_regression,xgb:xgboost")
        .containsEntry("folds", "3").containsEntry("passthrough", "true");
    assertThat(trained.meta().features()).as("meta-features, then the table's own features (not the derived f6)")
        .containsExactly("stack_lr", "stack_xgb", "f1", "f2", "f3", "f4", "f5");
  }

  @Test
  void aDerivedColumnIsASliceColumnOfTheStack() {
    // The bases derive f6 inside the stack; scoring with f6 as a slice column gives its values per row.
    Dataset<Row> scored = ScoreModel.predict(trained.stack().pipeline(), holdout, spec.features(), Task.BINARY, "t",
        true, List.of("f6"));
    Dataset<Row> joined = scored.join(holdout, "id");
    assertThat(joined.count()).isEqualTo(3000);
    assertThat(joined.where("NOT (f6 <=> f1 * f2)").count()).isZero();
  }

  @Test
  @Tag("slow")
  void theSameRowsInAnyPartitioningGiveTheSameStack() {
    TrainStack.Trained again = TrainStack.fit(spark, spec.model(), spec.features(), train.repartition(3), "t");
    assertThat(again.stack().modelHash()).isEqualTo(trained.stack().modelHash());
    assertThat(again.meta().modelHash()).isEqualTo(trained.meta().modelHash());
    trained.bases().forEach((key, base) -> assertThat(again.bases().get(key).modelHash()).as(key)
        .isEqualTo(base.modelHash()));
  }

  @Test
  void savedStackScoresTheSameBitsAndRefusesAReplacedPart() throws Exception {
    String dir = tmp.resolve("stack").toString();
    ModelArtifacts.save(spark, trained.stack(), dir);
    PipelineModel loaded = ModelArtifacts.load(dir);
    ModelTrainer trainer = ModelTrainer.of(Algorithm.STACK);
    assertThat(trainer.hash(loaded)).isEqualTo(trained.stack().modelHash());
    assertThat(trainer.artifactHash(spark, dir)).isEqualTo(trained.stack().modelHash());
    List<Row> inMemory = probability(trained.stack().pipeline(), holdout).orderBy("p").collectAsList();
    assertThat(probability(loaded, holdout).orderBy("p").collectAsList()).isEqualTo(inMemory);
    assertThat(ModelArtifacts.load(dir + "/members/xgb")).isNotNull();

    // Another XGBoost model saved over the stack's base: loading names the part and fails with exit 5.
    TrainedModel other = ModelTrainer.of(Algorithm.XGBOOST).train(spark, spec.model().member("other",
        spec.model().stack().base().get("xgb")), spec.features(), train.limit(500), "t");
    other.pipeline().write().overwrite().save(ModelArtifacts.pipelinePath(dir + "/members/xgb"));
    assertThatThrownBy(() -> ModelArtifacts.load(dir)).isInstanceOfSatisfying(AssayException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(ExitCode.REPRODUCIBILITY);
      assertThat(e.getMessage()).startsWith("Reproducibility violation: stack " + dir + ": base model 'xgb' "
          + "artifact " + dir + "/members/xgb has model sha256 " + other.modelHash() + " but the stack was recorded "
          + "with " + trained.bases().get("xgb").modelHash());
    });
  }
}
