package dev.assay.model;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;

/**
 * A fitted pipeline (feature transforms and booster), the booster's portable JSON export and its
 * SHA-256, which is the model's identity for reproducibility checks; {@code featureState} is the
 * fitted feature stage as JSON (null when the spec has none), recorded in the models table.
 */
public record TrainedModel(
    PipelineModel pipeline,
    byte[] boosterJson,
    String modelHash,
    long trainRows,
    List<String> features,
    Map<String, String> params,
    String featureState) {}
