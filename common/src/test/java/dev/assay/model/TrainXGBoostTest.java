package dev.assay.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainXGBoostTest extends SparkTestBase {
  static Dataset<Row> data;
  static final FeatureSpec FEATURES = FeatureSpec.of(List.of("x1", "x2", "zeros"), List.of("cat"), "y", null, "id");

  @BeforeAll
  static void makeData() {
    // Deterministic from the id; "zeros" is mostly 0.0 so VectorAssembler would go sparse, and x2
    // has nulls: both must reach XGBoost as real zeros and as missing values respectively.
    data = spark.range(0, 2000).select(
        col("id"),
        expr("cast((xxhash64(id, 1) % 1000) / 1000.0 as double)").as("x1"),
        expr("CASE WHEN id % 17 = 0 THEN NULL ELSE cast((xxhash64(id, 2) % 1000) / 1000.0 as double) END").as("x2"),
        expr("CASE WHEN id % 9 = 0 THEN 1.0D ELSE 0.0D END").as("zeros"),
        expr("element_at(array('a', 'b', 'c'), cast(abs(xxhash64(id, 3)) % 3 + 1 as int))").as("cat"),
        expr("CASE WHEN (xxhash64(id, 1) % 1000) / 1000.0 + (CASE WHEN id % 9 = 0 THEN 0.5 ELSE 0 END) "
            + "+ (xxhash64(id, 4) % 300) / 1000.0 > 0.2 THEN 1 ELSE 0 END").as("y"))
        .cache();
  }

  static ModelSpec spec(int rounds) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("num_round", rounds);
    params.put("max_depth", 3);
    params.put("eta", 0.3);
    return new ModelSpec("t", Algorithm.XGBOOST, Task.BINARY, params, 7L, 1, "cpu");
  }

  @Test
  void transformMatchesTheExportedBoosterAndIsDeterministic(@TempDir Path dir) throws Exception {
    TrainedModel a = TrainXGBoost.train(spark, spec(20), FEATURES, data, "t");
    // Same content, other partitioning and order: the booster must be the same bytes.
    TrainedModel b = TrainXGBoost.train(spark, spec(20), FEATURES, data.repartition(7).orderBy(expr("rand(3)")), "t");
    assertThat(b.modelHash()).isEqualTo(a.modelHash());
    assertThat(a.trainRows()).isEqualTo(2000);

    ModelArtifacts.save(spark, a, dir.toString());
    PipelineModel loaded = ModelArtifacts.load(dir.toString());
    assertThat(Hashing.sha256(TrainXGBoost.boosterJson(loaded))).isEqualTo(a.modelHash());
    assertThat(Hashing.sha256(ModelArtifacts.readBooster(spark, dir.toString()))).isEqualTo(a.modelHash());

    List<Row> scored = ScoreModel.predict(loaded, data, FEATURES, Task.BINARY, "t", true)
        .orderBy("id").limit(40).collectAsList();
    List<Row> raw = data.orderBy("id").limit(40).collectAsList();
    // The exported JSON booster, fed the same feature matrix (categories indexed alphabetically).
    Booster booster = XGBoost.loadModel(ModelArtifacts.readBooster(spark, dir.toString()));
    float[] matrix = new float[raw.size() * 4];
    for (int i = 0; i < raw.size(); i++) {
      Row r = raw.get(i);
      matrix[i * 4] = (float) r.getDouble(1);
      matrix[i * 4 + 1] = r.isNullAt(2) ? Float.NaN : (float) r.getDouble(2);
      matrix[i * 4 + 2] = (float) r.getDouble(3);
      matrix[i * 4 + 3] = "abc".indexOf(r.getString(4));
    }
    float[][] expected = booster.predict(new DMatrix(matrix, raw.size(), 4, Float.NaN));
    for (int i = 0; i < raw.size(); i++) {
      double score = scored.get(i).getDouble(scored.get(i).fieldIndex("score"));
      assertThat(score).isBetween(0.0, 1.0);
      assertThat(score).isCloseTo(expected[i][0], within(1e-6));
    }
  }

  @Test
  void moreWorkersThanSlotsIsAClearUsageError() {
    ModelSpec tooMany = new ModelSpec("t", Algorithm.XGBOOST, Task.BINARY, Map.of("num_round", 2), 7L, 64, "cpu");
    assertThatThrownBy(() -> TrainXGBoost.train(spark, tooMany, FEATURES, data, "t"))
        .hasMessage("Cannot train with num_workers=64: master local[2] offers only 2 task slot(s) and XGBoost needs "
            + "one per worker at once; lower model.num_workers or add executor cores")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void gpuWithoutGpuIsRefusedBeforeXGBoostSeesIt() {
    ModelSpec gpu = new ModelSpec("t", Algorithm.XGBOOST, Task.BINARY, Map.of("num_round", 2), 7L, 1, "cuda");
    assertThatThrownBy(() -> TrainXGBoost.train(spark, gpu, FEATURES, data, "t"))
        .hasMessageStartingWith("Cannot use device=cuda: the XGBoost jar on the classpath is the CPU build")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void unknownXGBoostParameterIsASpecError() {
    ModelSpec typo = new ModelSpec("t", Algorithm.XGBOOST, Task.BINARY, Map.of("num_round", 2, "max_dept", 3), 7L, 1,
        "cpu");
    assertThatThrownBy(() -> TrainXGBoost.train(spark, typo, FEATURES, data, "t"))
        .hasMessage("Spec key 'model.params.max_dept' is not an XGBoost parameter known to XGBoost4J-Spark 3.4.0: "
            + "check the spelling against the XGBoost parameter list");
  }

  @Test
  void badLabelsAndMissingColumnsAreInputErrors() {
    Dataset<Row> threeClasses = data.withColumn("y", expr("id % 3"));
    assertThatThrownBy(() -> TrainXGBoost.train(spark, spec(2), FEATURES, threeClasses, "t"))
        .hasMessage("Table 't' column 'y' has 666 value(s) other than 0 and 1, but task is binary: map the label to "
            + "0/1 or set model.task: regression")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA);
    Dataset<Row> nullLabels = data.withColumn("y", expr("CASE WHEN id < 5 THEN NULL ELSE y END"));
    assertThatThrownBy(() -> TrainXGBoost.train(spark, spec(2), FEATURES, nullLabels, "t"))
        .hasMessageStartingWith("Table 't' column 'y' has 5 null or NaN label(s) of 2000 rows");
    assertThatThrownBy(() -> TrainXGBoost.train(spark, spec(2), FEATURES, data.drop("x2"), "t"))
        .hasMessageStartingWith("Table 't' lacks column(s) [x2] named in the spec")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA);
    assertThatThrownBy(() -> TrainXGBoost.train(spark, spec(2), FEATURES, data.where("id < 0"), "t"))
        .hasMessage("Table 't' has no rows for training: check the version pinned in the spec");
  }
}
