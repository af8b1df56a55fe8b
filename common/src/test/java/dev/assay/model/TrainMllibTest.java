package dev.assay.model;

import static org.apache.spark.sql.functions.col;
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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLlib families behind {@link ModelTrainer}: determinism, hashing, NaN handling, params. */
class TrainMllibTest extends SparkTestBase {
  static Dataset<Row> data;
  static final FeatureSpec FEATURES = FeatureSpec.of(List.of("x1", "x2"), List.of("cat"), "y", null, "id");

  @BeforeAll
  static void makeData() {
    // x2 has nulls and NaNs: MLlib would refuse them without the zero-plus-indicator imputation.
    data = spark.range(0, 1500).select(
        col("id"),
        expr("cast((xxhash64(id, 1) % 1000) / 1000.0 as double)").as("x1"),
        expr("CASE WHEN id % 17 = 0 THEN NULL WHEN id % 23 = 0 THEN double('NaN') "
            + "ELSE cast((xxhash64(id, 2) % 1000) / 1000.0 as double) END").as("x2"),
        expr("element_at(array('a', 'b', 'c'), cast(abs(xxhash64(id, 3)) % 3 + 1 as int))").as("cat"),
        expr("CASE WHEN (xxhash64(id, 1) % 1000) / 1000.0 + (xxhash64(id, 4) % 300) / 1000.0 "
            + "+ (CASE WHEN id % 17 = 0 THEN 0.4 ELSE 0 END) > 0.2 THEN 1 ELSE 0 END").as("y"),
        expr("(xxhash64(id, 1) % 1000) / 100.0 + (xxhash64(id, 5) % 100) / 1000.0").as("target"))
        .cache();
  }

  static ModelSpec spec(Algorithm algorithm, Task task, Map<String, Object> params) {
    return new ModelSpec("m", algorithm, task, params, 11L, 1, "cpu");
  }

  static Map<String, Object> rfParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("num_trees", 8);
    p.put("max_depth", 4);
    p.put("subsampling_rate", 0.7);
    return p;
  }

  @Test
  void trainerIsChosenByAlgorithm() {
    assertThat(ModelTrainer.of(Algorithm.XGBOOST)).isSameAs(ModelTrainer.XGBOOST);
    assertThat(ModelTrainer.of(Algorithm.MLLIB_LOGISTIC_REGRESSION)).isInstanceOf(TrainMllib.class);
    assertThat(ModelTrainer.of(Algorithm.MLLIB_RANDOM_FOREST)).isInstanceOf(TrainMllib.class);
    assertThatThrownBy(() -> ModelTrainer.of(Algorithm.EXTERNAL))
        .hasMessage("Cannot train or load algorithm 'external' here: it has no Spark pipeline trainer; use one of "
            + "[xgboost, mllib_logistic_regression, mllib_random_forest]")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void logisticRegressionIsDeterministicAndItsHashSurvivesSaveAndLoad(@TempDir Path dir) {
    ModelTrainer lr = ModelTrainer.of(Algorithm.MLLIB_LOGISTIC_REGRESSION);
    // Ten iterations: a partition-dependent sum would change the coefficients from the first one on.
    ModelSpec s = spec(Algorithm.MLLIB_LOGISTIC_REGRESSION, Task.BINARY, Map.of("max_iter", 10, "reg_param", 0.01));
    TrainedModel a = lr.train(spark, s, FEATURES, data, "t");
    TrainedModel b = lr.train(spark, s, FEATURES, data.repartition(5).orderBy(expr("rand(3)")), "t");
    assertThat(b.modelHash()).isEqualTo(a.modelHash()).matches("[0-9a-f]{64}");
    assertThat(a.boosterJson()).isNull();
    assertThat(a.params()).containsEntry("max_iter", "10").containsEntry("imputation", "zero_with_missing_indicator");
    // numeric values, category indices, then one missing indicator per numeric column
    LogisticRegressionModel m = (LogisticRegressionModel) a.pipeline().stages()[3];
    assertThat(m.numFeatures()).isEqualTo(5);

    ModelArtifacts.save(spark, a, dir.toString());
    assertThat(dir.resolve(ModelArtifacts.BOOSTER_FILE)).doesNotExist();
    PipelineModel loaded = ModelArtifacts.load(dir.toString());
    assertThat(lr.hash(loaded)).isEqualTo(a.modelHash());
    assertThat(lr.artifactHash(spark, dir.toString())).isEqualTo(a.modelHash());

    List<Row> scores = ScoreModel.predict(loaded, data, FEATURES, Task.BINARY, "t", true).collectAsList();
    assertThat(scores).hasSize(1500).allSatisfy(r -> assertThat(r.getDouble(r.fieldIndex("score"))).isBetween(0.0,
        1.0));
  }

  @Test
  void randomForestClassifierAndRegressorAreDeterministic() {
    ModelTrainer rf = ModelTrainer.of(Algorithm.MLLIB_RANDOM_FOREST);
    ModelSpec s = spec(Algorithm.MLLIB_RANDOM_FOREST, Task.BINARY, rfParams());
    TrainedModel a = rf.train(spark, s, FEATURES, data, "t");
    TrainedModel b = rf.train(spark, s, FEATURES, data.repartition(3).orderBy(expr("rand(5)")), "t");
    assertThat(b.modelHash()).isEqualTo(a.modelHash());
    assertThat(((RandomForestClassificationModel) a.pipeline().stages()[3]).getNumTrees()).isEqualTo(8);
    TrainedModel otherSeed = rf.train(spark, new ModelSpec("m", Algorithm.MLLIB_RANDOM_FOREST, Task.BINARY, rfParams(),
        12L, 1,
        "cpu"), FEATURES, data, "t");
    assertThat(otherSeed.modelHash()).isNotEqualTo(a.modelHash());

    FeatureSpec reg = FeatureSpec.of(List.of("x1", "x2"), List.of("cat"), "target", null, "id");
    ModelSpec r = spec(Algorithm.MLLIB_RANDOM_FOREST, Task.REGRESSION, rfParams());
    TrainedModel c = rf.train(spark, r, reg, data, "t");
    TrainedModel d = rf.train(spark, r, reg, data.repartition(4), "t");
    assertThat(d.modelHash()).isEqualTo(c.modelHash());
    double first = ScoreModel.predict(c.pipeline(), data, reg, Task.REGRESSION, "t", true).first().getDouble(2);
    assertThat(first).isBetween(-20.0, 20.0);
  }

  @Test
  void aMulticlassRandomForestIsAClassifierOverEveryClass() {
    // Three classes from the category: a forest fitted as a regressor would predict fractional class numbers.
    Dataset<Row> three = data.withColumn("k", expr("CASE cat WHEN 'a' THEN 0 WHEN 'b' THEN 1 ELSE 2 END"));
    FeatureSpec f = FeatureSpec.of(List.of("x1", "x2"), List.of("cat"), "k", null, "id");
    TrainedModel t = ModelTrainer.of(Algorithm.MLLIB_RANDOM_FOREST).train(spark, spec(Algorithm.MLLIB_RANDOM_FOREST,
        Task.MULTICLASS, rfParams()), f, three, "t");
    assertThat(((RandomForestClassificationModel) t.pipeline().stages()[3]).numClasses()).isEqualTo(3);
    List<Row> scored = ScoreModel.predict(t.pipeline(), three, f, Task.MULTICLASS, "t", true).select(
        "predicted_class", "k").collectAsList();
    assertThat(scored).extracting(r -> r.getInt(0)).containsOnly(0, 1, 2);
    assertThat(scored.stream().filter(r -> r.getInt(0) == r.getDouble(1)).count()).isGreaterThan(1400);
  }

  @Test
  void unknownOrInvalidParamsAndUnsupportedTasksAreUsageErrors() {
    ModelTrainer lr = ModelTrainer.of(Algorithm.MLLIB_LOGISTIC_REGRESSION);
    assertThatThrownBy(() -> lr.train(spark, spec(Algorithm.MLLIB_LOGISTIC_REGRESSION, Task.BINARY, Map.of("num_round",
        5)),
        FEATURES, data, "t"))
        .hasMessage("Spec key 'model.params.num_round' is not a settable parameter of mllib_logistic_regression "
            + "(LogisticRegression): check the spelling against the Spark MLlib documentation")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    assertThatThrownBy(() -> lr.train(spark, spec(Algorithm.MLLIB_LOGISTIC_REGRESSION, Task.BINARY, Map.of("max_iter",
        -1)),
        FEATURES, data, "t"))
        .hasMessageStartingWith("Spec key 'model.params.max_iter' has value -1 that mllib_logistic_regression rejects:")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    assertThatThrownBy(() -> lr.train(spark, spec(Algorithm.MLLIB_LOGISTIC_REGRESSION, Task.BINARY,
        Map.of("prediction_col", "p")), FEATURES, data, "t"))
        .hasMessageStartingWith("Spec key 'model.params.prediction_col' is not a settable parameter");
    assertThatThrownBy(() -> lr.train(spark, spec(Algorithm.MLLIB_LOGISTIC_REGRESSION, Task.REGRESSION, Map.of()),
        FEATURES,
        data, "t"))
        .hasMessage("Cannot train mllib_logistic_regression for task regression: logistic regression is a binary "
            + "classifier; use model.algorithm: mllib_random_forest or xgboost");
  }
}
