package dev.assay.ledger;

import dev.assay.errors.Preconditions;
import dev.assay.version.DataVersion;

/**
 * Where one model's metrics on one evaluation reference are keyed, apart from the model: the pinned
 * data version (its table id and version are the identity; the table path is a label), the row
 * filter it is read through (null for every row; a filter selects other data, so it is part of
 * the key) and the metric code version. {@code evalName} and {@code table} are how the reference
 * is named in the spec, stored with each row but not part of its key. These values used to travel
 * as five or six positional arguments, easy to swap (table path for table id, filter for name).
 *
 * @param evalName the reference's name under {@code data.eval}, e.g. {@code holdout}
 * @param table the table as the spec names it
 * @param data the pinned data version
 * @param filter the row filter, or null
 * @param metricCodeVersion the metric code version the values are computed by
 */
public record EvalCell(String evalName, String table, DataVersion data, String filter, String metricCodeVersion) {
  public EvalCell {
    Preconditions.checkArgument(evalName != null, "Cannot create EvalCell: eval name is null");
    Preconditions.checkArgument(table != null, "Cannot create EvalCell: table is null");
    Preconditions.checkArgument(data != null, "Cannot create EvalCell: data version is null");
    Preconditions.checkArgument(metricCodeVersion != null, "Cannot create EvalCell: metric code version is null");
  }

  /** How plans and messages name the cell: {@code holdout = demo/eval v3 where region = 'north'}. */
  @Override
  public String toString() {
    return evalName + " = " + table + " v" + data.version() + (filter == null ? "" : " where " + filter);
  }

  /** The key of the value of {@code metric} of {@code model} on this cell, for a slice (or null for all rows). */
  public MetricKey key(ModelId model, String sliceColumn, String sliceValue, String metric) {
    return new MetricKey(model.name(), model.version(), data.tableId(), data.version(), filter, metricCodeVersion,
        sliceColumn, sliceValue, metric);
  }
}
