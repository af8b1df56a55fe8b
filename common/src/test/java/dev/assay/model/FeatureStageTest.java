package dev.assay.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.features.FeatureState;
import dev.assay.features.FeatureStageModel;
import dev.assay.features.FittedStep;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Algorithm;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.Task;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature stage ({@code features.derive}, {@code features.transforms}) as part of the model:
 * fitted exactly, the same bits for any partitioning and row order, saved with the pipeline,
 * applied by scoring from the raw columns, covered by the model hash; bad sections fail at job
 * start with exit 2 naming the key.
 */
class FeatureStageTest extends SparkTestBase {
  static Dataset<Row> data;

  static final String SPEC = """
      model:
        name: fs
        algorithm: %s
        params: {%s}
        seed: 7
      features:
        numeric: [tenure, usage_gb, charge_per_month, age_bucket, age]
        categorical: [plan]
        label: y
        id: id
        derive:
          charge_per_month: "total / nullif(tenure, 0)"
        transforms:
          - impute: {columns: [age, usage_gb], strategy: median}
          - bucketize: {column: age, output: age_bucket, quantiles: 4}
          - log1p: [usage_gb]
          - clip: {column: charge_per_month, min: 0, max: 400}
          - impute: {columns: [charge_per_month], strategy: mean}
          - scale: {columns: [tenure], method: standard}
          %s
      data:
        train: {table: t, version: 0}
      """;

  @BeforeAll
  static void makeData() {
    data = spark.sql("""
        SELECT id,
          CASE WHEN id % 13 = 0 THEN NULL ELSE cast(abs(xxhash64(id, 1)) % 80 AS INT) END AS age,
          CASE WHEN id % 11 = 0 THEN NULL ELSE abs(xxhash64(id, 2)) % 1000 / 10.0D END AS usage_gb,
          abs(xxhash64(id, 3)) % 5000 / 7.0D AS total,
          cast(abs(xxhash64(id, 4)) % 60 AS INT) AS tenure,
          element_at(array('basic', 'plus', 'pro'), cast(abs(xxhash64(id, 5)) % 3 + 1 AS INT)) AS plan,
          CASE WHEN abs(xxhash64(id, 2)) % 1000 / 10.0D + abs(xxhash64(id, 6)) % 400 / 10.0D > 60 THEN 1 ELSE 0 END
            AS y
        FROM range(0, 2000)""").cache();
  }

  static JobSpec spec(Algorithm algorithm, String params, String extraTransform) {
    return SpecLoader.parse(SPEC.formatted(algorithm, params, extraTransform), "fs.yaml", List.of());
  }

  static TrainedModel train(JobSpec job, Dataset<Row> input) {
    return ModelTrainer.of(job.model().algorithm()).train(spark, job.model(), job.features(), input, "t");
  }

  @Test
  @Tag("slow") // five trainings, one with 16 partitions: CI (scripts/test --all) runs it
  void stageAndModelAreTheSameBitsForOneThreeAndSixteenPartitionsAndShuffledRows() {
    JobSpec job = spec(Algorithm.XGBOOST, "num_round: 10, max_depth: 3", "");
    TrainedModel one = train(job, data.repartition(1));
    TrainedModel three = train(job, data.repartition(3).orderBy(expr("rand(1)")));
    TrainedModel sixteen = train(job, data.repartition(16).orderBy(expr("rand(2)")));
    assertThat(three.featureState()).isEqualTo(one.featureState());
    assertThat(sixteen.featureState()).isEqualTo(one.featureState());
    assertThat(three.modelHash()).isEqualTo(one.modelHash());
    assertThat(sixteen.modelHash()).isEqualTo(one.modelHash());
    // The hash covers the stage: the same booster under another stage is another model.
    assertThat(one.modelHash()).isNotEqualTo(TrainXGBoost.modelHash(one.boosterJson(), "cpu"));

    JobSpec lr = spec(Algorithm.MLLIB_LOGISTIC_REGRESSION, "max_iter: 20", "- one_hot: [plan]");
    TrainedModel lrOne = train(lr, data.repartition(1));
    TrainedModel lrSixteen = train(lr, data.repartition(16).orderBy(expr("rand(3)")));
    assertThat(lrSixteen.featureState()).isEqualTo(lrOne.featureState());
    assertThat(lrSixteen.modelHash()).isEqualTo(lrOne.modelHash());
    // One-hot: the model reads three indicator columns instead of an index of plan.
    assertThat(lrOne.features()).contains("plan__is_0", "plan__is_1", "plan__is_2").doesNotContain("plan");
  }

  @Test
  void fittedValuesAreExact() {
    // age 1..10 and a null: median 5.5, which fills the null; the quartiles of the 11 values are then
    // at positions 2.5, 5 and 7.5 of the sorted values: 3.5, 5.5, 7.5. usage_gb 0..10: median 5.
    Dataset<Row> small = spark.range(0, 11).select(col("id"),
        expr("CASE WHEN id = 0 THEN NULL ELSE cast(id AS INT) END").as("age"),
        expr("cast(id AS DOUBLE)").as("usage_gb"), expr("100.0D").as("total"),
        expr("cast(id + 1 AS INT)").as("tenure"), expr("CASE WHEN id % 2 = 0 THEN 'b' ELSE 'a' END").as("plan"),
        expr("CASE WHEN id % 2 = 0 THEN 1 ELSE 0 END").as("y"));
    JobSpec job = spec(Algorithm.MLLIB_LOGISTIC_REGRESSION, "max_iter: 5", "- one_hot: [plan]");
    FeatureState state = FeatureState.fromJson(train(job, small).featureState());
    assertThat(state.derive()).containsExactly(new FeatureState.Derived("charge_per_month",
        "total / nullif(tenure, 0)"));
    assertThat(state.steps()).startsWith(new FittedStep.Fill("age", 5.5), new FittedStep.Fill("usage_gb", 5.0),
        new FittedStep.Buckets("age", "age_bucket", List.of(3.5, 5.5, 7.5)), new FittedStep.Log1p("usage_gb"),
        new FittedStep.Clip("charge_per_month", 0.0, 400.0));
    // tenure 1..11: mean 6, sample sd sqrt(110 / 10).
    assertThat(state.steps()).contains(new FittedStep.Affine("tenure", 6.0, Math.sqrt(11.0)),
        new FittedStep.OneHot("plan", List.of("a", "b")));
    assertThat(state.casts()).containsEntry("charge_per_month", "double").containsEntry("age_bucket", "double");
  }

  @Test
  void derivedColumnsAreAddedInOneOrderWhateverTheSpecOrder() {
    String one = "    charge_per_month: \"double_total / nullif(tenure, 0)\"\n";
    String two = "    double_total: \"total * 2\"\n";
    String base = SPEC.formatted(Algorithm.XGBOOST, "", "");
    String original = "    charge_per_month: \"total / nullif(tenure, 0)\"\n";
    String twoDerived = base.replace(original, one + two);
    String reversed = base.replace(original, two + one);
    FeatureState a = fitOnly(twoDerived);
    assertThat(fitOnly(reversed)).isEqualTo(a);
    assertThat(a.derive()).extracting(FeatureState.Derived::name).containsExactly("double_total",
        "charge_per_month");
  }

  private static FeatureState fitOnly(String yaml) {
    JobSpec job = SpecLoader.parse(yaml, "fs.yaml", List.of());
    return FeatureStages.fit(job.features(), data, "t").stage().fitted();
  }

  @Test
  void scoringAppliesTheSavedStageToRawColumnsAndTheHashIsChecked(@TempDir Path dir) {
    JobSpec job = spec(Algorithm.XGBOOST, "num_round: 10, max_depth: 3", "");
    TrainedModel trained = train(job, data);
    ModelArtifacts.save(spark, trained, dir.toString());
    PipelineModel loaded = ModelArtifacts.load(dir.toString());
    assertThat(loaded.stages()[0]).isInstanceOf(FeatureStageModel.class);
    assertThat(ModelTrainer.XGBOOST.hash(loaded)).isEqualTo(trained.modelHash());
    assertThat(ModelTrainer.XGBOOST.artifactHash(spark, dir.toString())).isEqualTo(trained.modelHash());

    // The raw table: no derived or bucket column; scoring makes them from the saved stage.
    Dataset<Row> raw = data.drop("y");
    List<Row> fromLoaded = ScoreModel.predict(loaded, raw, job.features(), Task.BINARY, "t", false)
        .orderBy("id").collectAsList();
    List<Row> fromTrained = ScoreModel.predict(trained.pipeline(), raw, job.features(), Task.BINARY, "t", false)
        .orderBy("id").collectAsList();
    assertThat(fromLoaded).hasSize(2000).isEqualTo(fromTrained);

    // A slice on a column the stage rewrites in place (age: imputed) groups by the table's value, nulls included.
    List<Row> sliced = ScoreModel.predict(loaded, raw, job.features(), Task.BINARY, "t", false, List.of("age", "plan"))
        .orderBy("id").collectAsList();
    List<Row> rawAge = raw.select("id", "age", "plan").orderBy("id").collectAsList();
    for (int i = 0; i < sliced.size(); i++) {
      Object age = sliced.get(i).getAs("age");
      assertThat(age == null ? null : ((Number) age).doubleValue()).as("age of row %d", i)
          .isEqualTo(rawAge.get(i).isNullAt(1) ? null : (double) rawAge.get(i).getInt(1));
      assertThat(sliced.get(i).<Object>getAs("plan")).isEqualTo(rawAge.get(i).get(2));
    }
    assertThat(sliced.stream().filter(r -> r.isNullAt(r.fieldIndex("age"))).count()).isEqualTo(154);

    // Single-row latency runs the saved stage per row (derive, every transform, indexing, assembly), and
    // each row's vector alone equals its vector in bulk (checked inside measure, which fails otherwise).
    SingleRowLatency.Result latency = SingleRowLatency.measure(loaded, TrainXGBoost.boosterJson(loaded),
        InputChecks.prepare(loaded, raw, job.features(), "t", false, List.of()), 300, 1);
    assertThat(latency.rows()).isEqualTo(300);
    assertThat(latency.method()).isEqualTo("xgboost4j native Booster.predict, one 1-row DMatrix per call");

    // An averaging ensemble with a member that has a feature stage: the ensemble's own columns are the
    // table's, and the member derives what it needs from the raw row.
    FeatureSpec plainFeatures = FeatureSpec.of(List.of("tenure", "total"), List.of("plan"), "y", null, "id");
    TrainedModel plain = TrainXGBoost.train(spark, job.model(), plainFeatures, data, "t");
    PipelineModel ensemble = new PipelineModel("avg", new Transformer[] {new AverageMembers(List.of(loaded,
        plain.pipeline()), Task.BINARY, "test")});
    FeatureSpec ensembleFeatures = FeatureSpec.of(List.of("tenure", "usage_gb", "age", "total"), List.of("plan"),
        "y", null, "id");
    List<Row> averaged = ScoreModel.predict(ensemble, raw, ensembleFeatures, Task.BINARY, "t", false)
        .orderBy("id").collectAsList();
    List<Row> fromPlain = ScoreModel.predict(plain.pipeline(), raw, plainFeatures, Task.BINARY, "t", false)
        .orderBy("id").collectAsList();
    for (int i = 0; i < averaged.size(); i += 97) {
      double expected = (fromLoaded.get(i).getDouble(1) + fromPlain.get(i).getDouble(1)) / 2.0;
      assertThat(averaged.get(i).getDouble(1)).isEqualTo(expected);
    }
  }

  @Test
  void aDerivedExpressionIsCheckedAgainstThePinnedSchemaBeforeAnyFit() {
    assertUsage(derive("charge_per_month", "total * rand(1)"), "Cannot derive 'features.derive.charge_per_month': "
        + "expression \"total * rand(1)\" uses function rand; a derived column must be a deterministic function of "
        + "its row's input columns (built-in functions only: no rand, uuid, current_*, subqueries or UDFs) so that "
        + "training, scoring and verify compute the same value");
    assertUsage(derive("charge_per_month", "datediff(current_date(), date'2020-01-01') + total"),
        "uses function current_date");
    assertUsage(derive("charge_per_month", "total + y"), "Cannot derive 'features.derive.charge_per_month': "
        + "expression \"total + y\" reads 'y', the label or weight column; a feature computed from the target leaks "
        + "it into the model: remove the reference");
    assertUsage(derive("charge_per_month", "totl / tenure"), "does not fit the pinned schema");
    assertUsage(derive("charge_per_month", "total / (tenure"), "is not valid Spark SQL");
    assertUsage(derive("charge_per_month", "sum(total)"), "uses an aggregate, window or generator function");
    assertUsage(derive("charge_per_month", "total - avg(total) OVER ()"), "uses an aggregate, window or generator");
    assertUsage(derive("tenure", "total"), "Cannot derive 'features.derive.tenure': table 't' already has a column "
        + "of that name");
  }

  @Test
  void aDerivedExpressionThatFailsAtRunTimeIsAnInputDataErrorNamingItAndARow() {
    JobSpec job = SpecLoader.parse(derive("charge_per_month",
        "CASE WHEN tenure = 59 THEN raise_error('tenure is 59') ELSE total END"), "fs.yaml", List.of());
    assertThatThrownBy(() -> train(job, data)).isInstanceOf(AssayException.class)
        .hasMessageStartingWith("Cannot derive 'features.derive.charge_per_month': expression \"CASE WHEN tenure = 59 "
            + "THEN raise_error('tenure is 59') ELSE total END\" failed at run time on table 't' (")
        .hasMessageContaining("tenure is 59")
        .hasMessageContaining("59")
        .satisfies(e -> assertThat(((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA));
  }

  @Test
  void transformsAreCheckedAgainstTheColumnsTheySee() {
    assertUsage(SPEC.formatted(Algorithm.XGBOOST, "", "- bucketize: {column: plan, output: plan_b, quantiles: 3}"),
        "Cannot apply 'features.transforms[6].bucketize' to column 'plan': it has type string, and this transform "
            + "needs a number");
    assertUsage(SPEC.formatted(Algorithm.XGBOOST, "", "- log1p: [usage]"),
        "Cannot apply 'features.transforms[6].log1p': there is no column 'usage' at that point");
    assertUsage(SPEC.formatted(Algorithm.XGBOOST, "", "- bucketize: {column: usage_gb, output: total, splits: [1]}"),
        "Cannot apply 'features.transforms[6].bucketize': its output 'total' is already a column");
    assertUsage(SPEC.formatted(Algorithm.XGBOOST, "", "").replace("numeric: [tenure,", "numeric: [tenur,"),
        "Spec key 'features.numeric' names column 'tenur', which is neither in the table nor made by");
  }

  private static String derive(String name, String sql) {
    return SPEC.formatted(Algorithm.XGBOOST, "", "").replace("charge_per_month: \"total / nullif(tenure, 0)\"",
        name + ": \"" + sql + "\"");
  }

  private static void assertUsage(String yaml, String message) {
    JobSpec job = SpecLoader.parse(yaml, "fs.yaml", List.of());
    assertThatThrownBy(() -> train(job, data)).isInstanceOf(AssayException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE));
  }
}
