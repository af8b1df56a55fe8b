package dev.assay.ledger;

import dev.assay.errors.Preconditions;

/**
 * The key of one stored metric value: two rows with the same key must hold the same number,
 * because the value is a pure function of model, evaluation data version and metric code.
 * A null slice column means the whole evaluation dataset; a null evaluation filter means every row
 * of the evaluation data version (a filter selects other data, so it is part of the key).
 */
public record MetricKey(
    String modelName,
    int modelVersion,
    String evalTableId,
    long evalVersion,
    String evalFilter,
    String metricCodeVersion,
    String sliceColumn,
    String sliceValue,
    String metric) {

  public MetricKey {
    Preconditions.checkArgument(modelName != null, "Cannot create MetricKey: model name is null");
    Preconditions.checkArgument(evalTableId != null, "Cannot create MetricKey: eval table id is null");
    Preconditions.checkArgument(metricCodeVersion != null, "Cannot create MetricKey: metric code version is null");
    Preconditions.checkArgument(metric != null, "Cannot create MetricKey: metric is null");
  }

  /** The model version the value belongs to. */
  public ModelId model() {
    return new ModelId(modelName, modelVersion);
  }

  /** A key on the unfiltered evaluation data version. */
  public MetricKey(String modelName, int modelVersion, String evalTableId, long evalVersion, String metricCodeVersion,
      String sliceColumn, String sliceValue, String metric) {
    this(modelName, modelVersion, evalTableId, evalVersion, null, metricCodeVersion, sliceColumn, sliceValue, metric);
  }
}
