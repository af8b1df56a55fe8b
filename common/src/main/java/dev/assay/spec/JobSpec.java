package dev.assay.spec;

import java.util.Objects;

/**
 * A whole job spec: the model to train, its feature columns, the Delta tables it reads, metric
 * settings and where the ledger lives.
 *
 * <p>{@code model}, {@code features} and {@code data} are required; {@code metrics} and
 * {@code ledger} default to {@link MetricsSpec#DEFAULT} and {@link LedgerSpec#DEFAULT}.
 *
 * @param model the model to train or evaluate
 * @param features the feature, label, weight and id columns
 * @param data the training table and the evaluation references
 * @param metrics metric settings, such as the classification threshold
 * @param ledger where run records are kept
 * @param gate the quality gate of {@code assay gate}, or null; left out of the canonical JSON when
 *     null, so specs without a gate keep their run keys
 * @param monitor the checks of {@code assay monitor}, or null; never in the canonical JSON (see
 *     {@link SpecLoader#canonicalJson}), so adding a check to a model's spec retrains nothing
 */
public record JobSpec(ModelSpec model, FeatureSpec features, DataSpec data, MetricsSpec metrics, LedgerSpec ledger,
    GateSpec gate, MonitorSpec monitor) {
  public JobSpec {
    if (model == null) {
      throw SpecException.missing("model");
    }
    if (features == null) {
      throw SpecException.missing("features");
    }
    if (data == null) {
      throw SpecException.missing("data");
    }
    if (model.stack() != null && features.id() == null) {
      throw SpecException.invalid("model.stack", "needs {0}: a row's fold is a seeded hash of its id, which keeps "
          + "the out-of-fold predictions reproducible; name the table's row-id column", "features.id");
    }
    if (model.algorithm() == Algorithm.ONNX && !features.categorical().isEmpty()) {
      throw SpecException.invalid("features.categorical", "lists " + features.categorical() + ", but an ONNX graph "
          + "reads numbers, and Assay's category codes are fitted on a training table an imported model never saw: "
          + "encode categories inside the graph, or derive numeric columns under {0}", "features.derive");
    }
    metrics = Objects.requireNonNullElse(metrics, MetricsSpec.DEFAULT);
    ledger = Objects.requireNonNullElse(ledger, LedgerSpec.DEFAULT);
  }

  /** A spec without monitoring checks. */
  public JobSpec(ModelSpec model, FeatureSpec features, DataSpec data, MetricsSpec metrics, LedgerSpec ledger,
      GateSpec gate) {
    this(model, features, data, metrics, ledger, gate, null);
  }

  /** A spec without a gate. */
  public JobSpec(ModelSpec model, FeatureSpec features, DataSpec data, MetricsSpec metrics, LedgerSpec ledger) {
    this(model, features, data, metrics, ledger, null);
  }
}
