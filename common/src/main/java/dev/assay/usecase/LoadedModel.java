package dev.assay.usecase;

import dev.assay.errors.ModelErrors;
import dev.assay.errors.ReproducibilityErrors;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.ModelRecord;
import dev.assay.model.ModelArtifacts;
import dev.assay.model.ModelTrainer;
import dev.assay.run.JobContext;
import dev.assay.spec.Algorithm;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.version.DataVersion;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.types.StructType;

/**
 * A registered model version loaded for scoring: its record, its training spec (features, task,
 * threshold) and its pipeline, whose hash was checked against the registered {@code model_hash}.
 */
record LoadedModel(ModelRecord record, JobSpec trainSpec, PipelineModel pipeline) {

  static LoadedModel load(JobContext ctx, String name, Integer version) {
    ModelRecord model = ctx.ledger().models().get(name, version);
    if (model.algorithm() == Algorithm.EXTERNAL) {
      throw ModelErrors.notScorable(model.ref(), model.artifactUri());
    }
    ctx.useEngine(model.ref(), model.engine(), model.algorithm());  // before XGBoost sees the model's device
    JobSpec trainSpec = SpecLoader.parse(model.spec(), "model " + model.ref(), List.of());
    PipelineModel pipeline = ModelArtifacts.load(model.artifactUri());
    String hash = ModelTrainer.of(model.algorithm()).hash(pipeline);
    if (!hash.equals(model.modelHash())) {
      throw ReproducibilityErrors.artifactAltered(model.ref(), model.artifactUri(), hash, model.modelHash());
    }
    return new LoadedModel(model, trainSpec, pipeline);
  }

  /**
   * The schema of the model's first training data version (the input types a package records), or null for a
   * model without training data in the ledger. Reads the Delta log only.
   */
  StructType trainingSchema(JobContext ctx) {
    List<DataVersion> train = TrainOverlap.trainVersions(ctx, record.trainData());
    return train.isEmpty() ? null : ctx.inputs().read(train.get(0)).schema();
  }
}
