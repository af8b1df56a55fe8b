package dev.assay.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.onnx.OnnxGraph;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Algorithm;
import dev.assay.spec.DataSpec;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.JobSpec;
import dev.assay.spec.ModelSpec;
import dev.assay.spec.OnnxSpec;
import dev.assay.spec.TableRef;
import dev.assay.spec.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imported ONNX graphs (the fixtures of scripts/make-onnx-fixtures) scored by the pipeline Assay builds for them:
 * the framework's own outputs to float32 precision, the same bits for any partitioning and batch size, tensor and
 * per-column inputs alike, and every way a graph can fail to fit its spec.
 */
class ImportOnnxTest extends SparkTestBase {
  static final Path DIR = Path.of("src", "test", "resources", "onnx");
  static final List<String> FEATURES = List.of("tenure_months", "monthly_charges", "total_charges", "support_calls",
      "age", "usage_gb");
  static Dataset<Row> heldOut;

  @BeforeAll
  static void readHeldOut() {
    heldOut = spark.read().option("header", "true").schema("customer_id string, tenure_months double, "
        + "monthly_charges double, total_charges double, support_calls double, age double, usage_gb double, "
        + "churned int, probability double").csv(DIR.resolve("churn-torch-mlp.reference.csv").toString())
        .drop("probability");
  }

  static JobSpec spec(OnnxSpec onnx, Task task, List<String> numeric) {
    return new JobSpec(new ModelSpec("m", Algorithm.ONNX, task, Map.of(), 0, 1, "cpu", null, onnx),
        FeatureSpec.of(numeric, List.of(), "churned", null, "customer_id"),
        new DataSpec(null, Map.of("holdout", new TableRef("demo/eval", 0L, null, null))), null, null);
  }

  static OnnxSpec onnx(String output) {
    return new OnnxSpec(OnnxSpec.Inputs.TENSOR, null, output, OnnxSpec.DEFAULT_BATCH_SIZE);
  }

  static byte[] bytes(String file) {
    try {
      return Files.readAllBytes(DIR.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TrainedModel imported(String file, JobSpec spec) {
    byte[] b = bytes(file);
    return ImportOnnx.build(spec, b, OnnxGraph.inspect(b, Hashing.sha256(b), file), heldOut, "held-out");
  }

  /** Binary scores by id. */
  static Map<String, Double> scores(PipelineModel pipeline, Dataset<Row> data, JobSpec spec) {
    Map<String, Double> out = new HashMap<>();
    for (Row r : ScoreModel.predict(pipeline, data, spec.features(), spec.model().task(), "held-out", true)
        .select("customer_id", ScoreModel.SCORE).collectAsList()) {
      out.put(r.getString(0), r.getDouble(1));
    }
    return out;
  }

  static Map<String, Float> reference(String file) {
    Map<String, Float> out = new LinkedHashMap<>();
    try {
      List<String> lines = Files.readAllLines(DIR.resolve(file), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        out.put(f[0], Float.parseFloat(f[f.length - 1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void theGraphIsRecordedAndItsHashIsTheFileSha256() {
    JobSpec spec = spec(onnx("probability"), Task.BINARY, FEATURES);
    TrainedModel m = imported("churn-torch-mlp.onnx", spec);
    assertThat(m.modelHash()).isEqualTo(Hashing.sha256(bytes("churn-torch-mlp.onnx")))
        .isEqualTo(ModelTrainer.ONNX.hash(m.pipeline()));
    assertThat(m.params()).containsEntry("onnx.opset", "ai.onnx=13").containsEntry("onnx.producer", "pytorch 1.13.0")
        .containsEntry("onnx.inputs", "features: float [N, 6]")
        .containsEntry("onnx.outputs", "logit: float [N, 1]; probability: float [N, 1]");
    assertThat(m.features()).isEqualTo(FEATURES);
  }

  @Test
  void scoresEqualTheFrameworksOwnOutputsToFloat32Precision() {
    for (String[] c : new String[][] {{"churn-torch-mlp", "probability"}, {"churn-sklearn-lr", "probabilities"}}) {
      JobSpec spec = spec(onnx(c[1]), Task.BINARY, FEATURES);
      Map<String, Double> got = scores(imported(c[0] + ".onnx", spec).pipeline(), heldOut, spec);
      Map<String, Float> want = reference(c[0] + ".reference.csv");
      assertThat(got).hasSize(1200).containsOnlyKeys(want.keySet());
      // float32 has 24 bits: 2^-24 ~ 6e-8 relative. PyTorch's and scikit-learn's kernels (the latter in float64)
      // sum in other orders than ONNX Runtime's, so a few units in the last place apart.
      want.forEach((id, p) -> assertThat(got.get(id)).as("%s %s", c[0], id).isCloseTo(p, within(5e-7)));
    }
  }

  @Test
  void scoresAreBitIdenticalForAnyPartitioningAndBatchSize() {
    Map<String, Long> first = null;
    for (int batch : new int[] {512, 1, 7}) {
      JobSpec spec = spec(new OnnxSpec(OnnxSpec.Inputs.TENSOR, "features", "probability", batch), Task.BINARY,
          FEATURES);
      PipelineModel pipeline = imported("churn-torch-mlp.onnx", spec).pipeline();
      for (int partitions : new int[] {1, 5}) {
        Map<String, Long> bits = new HashMap<>();
        scores(pipeline, heldOut.repartition(partitions), spec).forEach((id, s) -> bits.put(id,
            Double.doubleToRawLongBits(s)));
        if (first == null) {
          first = bits;
        }
        assertThat(bits).as("batch %d, %d partition(s)", batch, partitions).isEqualTo(first);
      }
    }
  }

  @Test
  void theScoreStageKeepsEveryInputColumnAsItWasAndAppendsTheScore() {
    // Scoring copies Spark's internal rows: strings, nulls, ints and doubles must come out as they went in.
    JobSpec spec = spec(onnx("probability"), Task.BINARY, FEATURES);
    PipelineModel pipeline = imported("churn-torch-mlp.onnx", spec).pipeline();
    Dataset<Row> in = heldOut.withColumn("note", functions.when(functions.col("churned").equalTo(1),
        functions.lit(null).cast("string")).otherwise(functions.concat(functions.lit("kept-"),
        functions.col("customer_id")))).repartition(3);
    List<Row> want = in.orderBy("customer_id").collectAsList();
    Dataset<Row> out = pipeline.transform(in);
    String[] inputs = in.columns();
    List<Row> kept = out.orderBy("customer_id").select(inputs[0], Arrays.copyOfRange(inputs, 1,
        inputs.length)).collectAsList();
    assertThat(kept).isEqualTo(want);
    assertThat(want.stream().filter(r -> r.isNullAt(r.fieldIndex("note"))).count()).isPositive();
    Map<String, Double> byId = scores(pipeline, heldOut, spec);
    for (Row r : out.select("customer_id", "probability", "prediction").collectAsList()) {
      double p = byId.get(r.getString(0));
      assertThat(((Vector) r.get(1)).toArray()).containsExactly(1.0 - p, p);
      assertThat(r.getDouble(2)).isEqualTo(p > 0.5 ? 1.0 : 0.0);
    }
  }

  @Test
  void theScoreStageIsHandedOnlyTheColumnsTheCallerKeepsAndTheOnesItReads() {
    // The graph scores outside Catalyst, where nothing prunes: the columns no one reads after it are dropped before.
    JobSpec spec = spec(onnx("probability"), Task.BINARY, FEATURES);
    PipelineModel pipeline = imported("churn-torch-mlp.onnx", spec).pipeline();
    Dataset<Row> in = heldOut.withColumn("note", functions.lit("unread"));
    assertThat(ModelStageInput.transformCarrying(pipeline, in, Set.of("customer_id")).columns())
        .containsExactly("customer_id", TrainXGBoost.FEATURES_COL, "probability", "prediction");
    Set<String> carried = new LinkedHashSet<>(List.of("note", "churned"));
    assertThat(ModelStageInput.transformCarrying(pipeline, in, carried).columns())
        .containsExactly("note", "churned", TrainXGBoost.FEATURES_COL, "probability", "prediction");
  }

  @Test
  void oneInputPerColumnScoresAsTheTensorGraphDoes() {
    JobSpec tensor = spec(onnx("probabilities"), Task.BINARY, FEATURES);
    JobSpec columns = spec(new OnnxSpec(OnnxSpec.Inputs.COLUMNS, null, null, 64), Task.BINARY, FEATURES);
    Map<String, Double> a = scores(imported("churn-sklearn-lr.onnx", tensor).pipeline(), heldOut, tensor);
    Map<String, Double> b = scores(imported("churn-sklearn-lr-columns.onnx", columns).pipeline(), heldOut, columns);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void aGraphThatDoesNotFitItsSpecIsAUsageErrorNamingBoth() {
    assertUsage(() -> imported("churn-torch-mlp.onnx", spec(onnx("probability"), Task.BINARY, FEATURES.subList(0, 5))),
        "Cannot map features onto the ONNX graph: input features is float [N, 6] but the spec lists 5 feature(s) "
            + "[tenure_months, monthly_charges, total_charges, support_calls, age]; the input must be float [N, 5] "
            + "with the features in spec order: list the graph's features in features.numeric (and "
            + "features.derive), in the order the graph was trained on");
    assertUsage(() -> imported("churn-torch-mlp.onnx", spec(onnx("proba"), Task.BINARY, FEATURES)),
        "Cannot score with the ONNX graph: model.onnx.output 'proba' is not one of its outputs [logit, probability]; "
            + "name one of them");
    assertUsage(() -> imported("churn-torch-mlp.onnx", spec(onnx(null), Task.BINARY, FEATURES)),
        "Cannot score with the ONNX graph: it has 2 outputs [logit, probability]; name the score in "
            + "model.onnx.output");
    assertUsage(() -> imported("churn-torch-mlp.onnx", spec(onnx("probability"), Task.MULTICLASS, FEATURES)),
        "Cannot score task multiclass with ONNX output probability: it is float [N, 1], and a multiclass model needs "
            + "float [N, K] class probabilities, K >= 2; name another output in model.onnx.output or export the "
            + "graph with that output");
    assertUsage(() -> imported("churn-sklearn-lr-columns.onnx", spec(new OnnxSpec(OnnxSpec.Inputs.COLUMNS, null,
        null, 64), Task.BINARY, List.of("tenure_months", "monthly_charges", "total_charges", "support_calls", "age",
        "tenure"))), "Cannot map features onto the ONNX graph by column (model.onnx.inputs: columns): feature(s) "
        + "[tenure] have no input of that name and input(s) [usage_gb] are not features; its inputs are "
        + "[tenure_months, monthly_charges, total_charges, support_calls, age, usage_gb]: list exactly those columns "
        + "in features.numeric");
  }

  @Test
  void aFileThatIsNotOnnxIsAUsageError() {
    byte[] text = "model: not really\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OnnxGraph.inspect(text, Hashing.sha256(text), "model.yaml"))
        .isInstanceOf(AssayException.class)
        .hasMessageStartingWith("Cannot import model.yaml: it is not an ONNX model ONNX Runtime can load (")
        .hasMessageEndingWith("export the model with its framework's ONNX exporter (torch.onnx.export, skl2onnx, "
            + "tf2onnx, onnxmltools) and check it with onnx.checker")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  private static void assertUsage(Runnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOf(AssayException.class).hasMessage(message)
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }
}
