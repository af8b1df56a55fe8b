package dev.assay.errors;

import static dev.assay.errors.ExitCode.USAGE;

/**
 * Usage errors (exit 2) about what a job spec says or lacks: the spec file itself, the sections a
 * command needs, and row filters of evaluation references.
 */
public final class SpecErrors {
  private SpecErrors() {}

  /** {@code body} says which key is wrong and how to fix it, on one line. */
  public static AssayException invalidSpec(String source, String body) {
    return USAGE.fail("Spec " + source + ": " + body);
  }

  /** A table or model name, from a spec key or an option named by {@code what}, breaks a naming rule. */
  public static AssayException invalidName(String what, String problem) {
    return USAGE.fail("Invalid %s: %s", what, problem);
  }

  public static AssayException trainWithoutTrainTable() {
    return USAGE.fail("Spec has no 'data.train': train needs a training table reference {table, version|timestamp}");
  }

  public static AssayException retrainWithoutTrainTable() {
    return USAGE.fail("Spec has no 'data.train': retrain watches the training table; "
        + "add data.train: {table: ...}");
  }

  /** Shared by train and retrain, which once said this in two ways. */
  public static AssayException trainTableFilter() {
    return USAGE.fail("Spec key 'data.train.filter': filters apply to evaluation references "
        + "only; remove it, or ingest the training rows you want as their own table version");
  }

  public static AssayException gateWithoutGateSection() {
    return USAGE.fail("Spec has no 'gate' section: add gate: {metric: roc_auc, min: 0.7, "
        + "max_drop: 0.01} (thresholds optional) to the spec");
  }

  public static AssayException gateOptionWithoutGateSection(boolean promote) {
    return USAGE.fail("Option --" + (promote ? "promote" : "gate") + " needs a 'gate' "
        + "section in the spec: add gate: {metric: roc_auc, min: 0.7} (thresholds optional), or drop the option");
  }

  public static AssayException externalWithoutId() {
    return USAGE.fail("Spec has no 'features.id': external predictions are joined with "
        + "the evaluation data by id; set features.id");
  }

  public static AssayException externalWithoutEvalSuite() {
    return USAGE.fail("Spec has no 'data.eval' references: nothing to evaluate the "
        + "predictions on");
  }

  public static AssayException ensembleWithoutEvalSuite() {
    return USAGE.fail("Spec has no 'data.eval' references: nothing to evaluate the "
        + "ensemble on");
  }

  public static AssayException importWithoutEvalSuite() {
    return USAGE.fail("Spec has no 'data.eval' references: an imported model is evaluated when it is registered; "
        + "add data.eval: {holdout: {table: ..., version: ...}}");
  }

  public static AssayException importNeedsOnnx(Object algorithm) {
    return USAGE.fail("Spec key 'model.algorithm' is %s, but import-model registers ONNX graphs: set "
        + "model.algorithm: onnx (and model.onnx: {inputs, input, output} when the graph has several inputs or "
        + "outputs)", algorithm);
  }

  public static AssayException importTransformsWithoutTrain() {
    return USAGE.fail("Spec key 'features.transforms' needs 'data.train': fitted transforms (impute, scale, "
        + "bucketize, one-hot) are fitted on a training table; add data.train, or do the transform inside the "
        + "ONNX graph");
  }

  public static AssayException gateWithoutEvalSuite() {
    return USAGE.fail(
        "Spec has no 'data.eval' references: the gate compares models on the evaluation suite under data.eval");
  }

  public static AssayException reevaluateWithoutEvalSuite() {
    return USAGE.fail("Spec has no 'data.eval' references: reevaluate needs an evaluation suite under data.eval");
  }

  public static AssayException badFilter(String key, String filter, String reason) {
    return USAGE.fail("Spec key '%s': filter \"%s\" is not a valid Spark SQL expression (%s); write a boolean "
            + "expression over the table's columns, e.g. region = 'north'", key, filter, reason);
  }

  public static AssayException filterNotDeterministic(String key, String filter, String function) {
    return USAGE.fail("Spec key '%s': filter \"%s\" calls %s(), which selects other rows on each run, so one "
        + "stored evaluation cell would stand for different data; write a deterministic expression, e.g. "
        + "pmod(hash(customer_id), 10) < 2 for a stable sample", key, filter, function);
  }

  public static AssayException filterNotApplicable(String key, String filter, String table, long version,
      String reason) {
    return USAGE.fail("Spec key '%s': filter \"%s\" cannot be applied to table '%s' v%d (%s); write a boolean "
            + "expression over the table's columns", key, filter, table, version, reason);
  }

  public static AssayException versionAndTimestamp(String table) {
    return USAGE.fail("Table reference '%s' has both version and timestamp: use one of them", table);
  }

  public static AssayException badTimestamp(String table, String timestamp) {
    return USAGE.fail("Table reference '%s' has timestamp '%s' that is not an ISO-8601 date-time: use e.g. "
            + "2026-11-01T10:00:00Z or 2026-11-01", table, timestamp);
  }

  /**
   * A slice column holds more distinct values than {@code metrics.max_slice_values}: each would be a
   * group of stored metric rows.
   */
  public static AssayException tooManySliceValues(String column, long distinct, int max) {
    return USAGE.fail("Cannot compute metrics per slice of column '%s': it holds %d distinct values, more than "
        + "metrics.max_slice_values = %d; slice by a column with fewer values (or derive a coarser one), or raise "
        + "metrics.max_slice_values", column, distinct, max);
  }
}
