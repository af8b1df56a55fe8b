package dev.assay.model;

import dev.assay.features.FitFeatureStage;
import dev.assay.onnx.OnnxBinding;
import dev.assay.onnx.OnnxGraph;
import dev.assay.onnx.OnnxScoreStage;
import dev.assay.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The pipeline of an ONNX graph imported with its spec: the spec's feature stage (if any, fitted on
 * {@code data}), the dense assembler over the features in spec order (nulls as NaN, as for XGBoost) and the ONNX
 * scoring stage. Nothing is trained, so the model's hash is the file's SHA-256, combined as for XGBoost with the
 * device when it is not the CPU (CUDA kernels give other bits) and with the feature stage's state when there is
 * one.
 */
public final class ImportOnnx {
  private ImportOnnx() {}

  /**
   * The imported model: {@code graph} (inspected from {@code bytes}) bound to the spec's features and task.
   * {@code data} is the table the feature stage is fitted on (the spec's training table, or for a stage that
   * only derives columns, any table with the input columns); {@code table} names it in messages.
   */
  public static TrainedModel build(JobSpec spec, byte[] bytes, OnnxGraph graph, Dataset<Row> data, String table) {
    FitFeatureStage.Fitted stage = spec.features().hasFeatureStage() ? FeatureStages.fit(spec.features(), data, table)
        : new FitFeatureStage.Fitted(null, spec.features(), null);
    List<String> features = stage.features().numeric();
    OnnxBinding binding = OnnxBinding.bind(graph, spec.model().onnx(), spec.model().task(), features,
        spec.model().device());
    List<Transformer> stages = new ArrayList<>();
    if (stage.stage() != null) {
      stages.add(stage.stage());
    }
    stages.add(new AssembleDenseFeatures().setInputCols(features.toArray(String[]::new))
        .setOutputCol(TrainXGBoost.FEATURES_COL));
    stages.add(OnnxScoreStage.of(bytes, graph.sha256(), binding, TrainXGBoost.FEATURES_COL));
    PipelineModel pipeline = new PipelineModel(Identifiable$.MODULE$.randomUID("onnxPipeline"),
        stages.toArray(Transformer[]::new));
    String hash = FeatureStages.hash(stage.stage(), Hashing.sha256(bytes, spec.model().device()));
    return new TrainedModel(pipeline, null, hash, 0, features,
        graph.params(), stage.stage() == null ? null : stage.stage().stateJson());
  }

  /** The ONNX stage of an imported model's pipeline, or null for any other pipeline. */
  public static OnnxScoreStage stageOf(PipelineModel pipeline) {
    Transformer[] stages = pipeline.stages();
    return stages.length > 0 && stages[stages.length - 1] instanceof OnnxScoreStage s ? s : null;
  }
}
