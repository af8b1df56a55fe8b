package dev.assay.ledger;

import dev.assay.data.PinnedInputs;
import dev.assay.spec.Algorithm;
import dev.assay.spec.Task;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/**
 * One registered model version: where its artifact is, what it was trained on, and its hash;
 * {@code featureTransforms} is its fitted feature stage as JSON (derived expressions, fitted
 * transform values), null for a model without one.
 */
public record ModelRecord(
    String modelName,
    int modelVersion,
    String runId,
    String runKey,
    Algorithm algorithm,
    Task task,
    String artifactUri,
    String boosterUri,
    String boosterFormat,
    String modelHash,
    Map<String, String> params,
    List<String> features,
    String label,
    String spec,
    List<PinnedInputs.Input> trainData,
    long trainRows,
    long seed,
    int numWorkers,
    ModelStage stage,
    String engine,
    String codeVersion,
    String xgboostVersion,
    Timestamp createdAt,
    String featureTransforms) {

  /** The same record with another version number, used when a concurrent writer took ours. */
  public ModelRecord withVersion(int version) {
    return new ModelRecord(modelName, version, runId, runKey, algorithm, task, artifactUri, boosterUri, boosterFormat,
        modelHash, params, features, label, spec, trainData, trainRows, seed, numWorkers, stage, engine, codeVersion,
        xgboostVersion, createdAt, featureTransforms);
  }

  /** The registered version's identity. */
  public ModelId id() {
    return new ModelId(modelName, modelVersion);
  }

  /** {@code name:version}, the way users name a model on the command line. */
  public String ref() {
    return id().toString();
  }
}
