package dev.assay.errors;

import static dev.assay.errors.ExitCode.INPUT_DATA;

import java.util.Collection;

/**
 * Input-data errors (exit 3): a table, version or column is missing or holds values a command
 * cannot use. Ingest and demo data have their own {@link IngestErrors}; metric inputs
 * {@link EvaluationErrors}.
 */
public final class DataErrors {
  private DataErrors() {}

  public static AssayException tableNotFound(String table) {
    return INPUT_DATA.fail("Table '%s' is not a Delta table (no _delta_log found): check the path, or create it with "
            + "'assay ingest' or 'assay demo-data'", table);
  }

  public static AssayException versionNotFound(String table, long asked, long earliest, long latest) {
    return INPUT_DATA.fail("Table '%s' has no version %d: available versions are %d..%d (older versions were removed "
            + "by log cleanup or never existed); pin a version in that range", table, asked, earliest, latest);
  }

  public static AssayException versionVacuumed(String table, long asked, long missingFiles, long earliest,
      long latest) {
    return INPUT_DATA.fail("Table '%s' version %d cannot be read: %d of its files (data files or "
        + "deletion vectors) were removed (VACUUM); versions %d..%d are in the log but only versions "
        + "whose files survive can be read — pin the latest version %d or restore the files",
        table, asked, missingFiles, earliest, latest, latest);
  }

  public static AssayException timestampBeforeFirstCommit(String table, String timestamp, String earliest) {
    return INPUT_DATA.fail("Table '%s' has no version at or before %s: its earliest available commit is at %s; use a "
            + "later timestamp or a version", table, timestamp, earliest);
  }

  public static AssayException timestampInFuture(String table, String timestamp) {
    return INPUT_DATA.fail("Table '%s' cannot be read as of %s: that time is in the future, so a later commit could "
            + "still change what it means; use a past timestamp or a version", table, timestamp);
  }

  /** Verify found the table id changed: the recorded data is gone. */
  public static AssayException tableRecreated(String table, String tableId, String runId, String recordedTableId) {
    return INPUT_DATA.fail("Table '%s' now has table id %s, but run %s read "
        + "table id %s: the table was recreated and the recorded data is gone; it cannot be verified",
        table, tableId, runId, recordedTableId);
  }

  public static AssayException missingColumns(String table, Collection<String> missing, Collection<String> available) {
    return INPUT_DATA.fail("Table '%s' lacks column(s) %s named in the spec: available columns are %s; fix the spec's "
            + "features or the table", table, missing, available);
  }

  /** Slice columns of {@code metrics.slices} that the evaluation table lacks. */
  public static AssayException missingSliceColumns(String table, Collection<String> missing,
      Collection<String> available) {
    return INPUT_DATA.fail("Table '%s' lacks slice column(s) %s named in metrics.slices: available columns are %s; fix "
            + "metrics.slices or evaluate on a table that has them", table, missing, available);
  }

  public static AssayException wrongColumnType(String table, String column, String actual, String expected) {
    return INPUT_DATA.fail("Table '%s' column '%s' has type %s but the spec uses it as %s: cast it when ingesting or "
            + "list it under the right kind of feature", table, column, actual, expected);
  }

  /** A column of a table, for messages. */
  public record Column(String table, String name) {}

  /**
   * A categorical column whose values, in their type at scoring, can match none of the trained categories;
   * {@code trained} says what the model saw, e.g. "integer values [0, 1, 10] of a column of type int or long".
   */
  public static AssayException categoryTypeChanged(Column column, String typeNow, String trained) {
    return INPUT_DATA.fail("Cannot use table '%s' column '%s' as a categorical feature: it has type %s, but the model "
        + "was trained on %s, and a category is its value's text, so every row would be an unseen category (3.0 is "
        + "not 3); cast the column back to the training type when ingesting (or in a derived column), or retrain the "
        + "model on this type", column.table(), column.name(), typeNow, trained);
  }

  public static AssayException emptyData(String table, String what) {
    return INPUT_DATA.fail("Table '%s' has no rows for %s: check the version pinned in the spec", table, what);
  }

  // ---------------------------------------------------------------- training data

  public static AssayException featureAllNull(String table, String column, long rows, String kind) {
    return INPUT_DATA.fail(
        "Table '%s' column '%s' is null in every row (%d rows): a feature without values cannot be learned; "
            + "drop it from %s or fix the data", table, column, rows, kind);
  }

  public static AssayException featureInfinite(String table, String column, long infinite, long rows) {
    return INPUT_DATA.fail("Table '%s' column '%s' has %d infinite value(s) (+Inf or -Inf) of %d rows: XGBoost "
        + "refuses them and no metric is defined on them; replace them in the data (null is a missing value every "
        + "model handles) or derive a bounded feature", table, column, infinite, rows);
  }

  public static AssayException scoresInfinite(String table, String column, long infinite, long rows) {
    return INPUT_DATA.fail("Table '%s' column '%s' has %d infinite score(s) (+Inf or -Inf) of %d rows: no metric "
        + "is defined on them; fix the service that wrote them (a probability is in [0, 1])", table, column, infinite,
        rows);
  }

  public static AssayException labelsMissing(String table, String label, long badLabels, long rows) {
    return INPUT_DATA.fail("Table '%s' column '%s' has %d null or NaN label(s) of %d rows: every training row "
            + "needs a label; filter them out or fix the data", table, label, badLabels, rows);
  }

  public static AssayException labelsNotBinary(String table, String label, long nonBinary) {
    return INPUT_DATA.fail("Table '%s' column '%s' has %d value(s) other than 0 and 1, but task is binary: map "
            + "the label to 0/1 or set model.task: regression", table, label, nonBinary);
  }

  public static AssayException singleClass(String table, String label, long rows, boolean allZero) {
    return INPUT_DATA.fail("Table '%s' column '%s' has a single class (%d rows, all %s): a binary model needs "
            + "both 0 and 1 labels", table, label, rows, allZero ? "0" : "1");
  }

  public static AssayException labelsNotClassIndexes(String table, String label, long nonClass) {
    return INPUT_DATA.fail("Table '%s' column '%s' has %d value(s) that are not class indexes 0, 1, 2, ..., but "
            + "task is multiclass: map the classes to the integers 0..K-1", table, label, nonClass);
  }

  public static AssayException classCountOutOfRange(String table, String label, long maxLabel, int maxClasses) {
    return INPUT_DATA.fail("Table '%s' column '%s' has largest class %d, but task multiclass needs between 2 "
            + "and %d classes 0..K-1: check the label column", table, label, maxLabel, maxClasses);
  }

  public static AssayException badWeights(String table, String weight, long bad) {
    return INPUT_DATA.fail(
        "Table '%s' column '%s' has %d null, NaN or negative weight(s): weights must be >= 0", table, weight, bad);
  }

  // ---------------------------------------------------------------- external predictions and scores

  public static AssayException predictionsWithoutId(String table, long nullIds, long rows, String id) {
    return INPUT_DATA.fail("Table '%s' has %d prediction row(s) of %d with "
        + "a null '%s': every prediction needs the id of the row it predicts", table, nullIds, rows, id);
  }

  public static AssayException duplicatePredictionIds(String table, long ids, String id, long extra, long rows) {
    return INPUT_DATA.fail("Table '%s' has %d duplicate id(s) in column "
        + "'%s' (%d extra row(s) of %d): keep one prediction per id", table, ids, id, extra, rows);
  }

  public static AssayException duplicateEvaluationIds(String table, long ids, String id) {
    return INPUT_DATA.fail("Table '%s' has %d duplicate id(s) in column '%s': "
        + "predictions are joined by id, so each evaluation row needs a unique id", table, ids, id);
  }

  public static AssayException predictionsForOtherData(String predTable, long notInEval, String evalTable,
      long evalRows) {
    return INPUT_DATA.fail("Table '%s' has %d prediction id(s) that are not "
        + "in '%s' (%d rows): the predictions were made for other data; predict the pinned evaluation version",
        predTable, notInEval, evalTable, evalRows);
  }

  public static AssayException rowsWithoutPrediction(String evalTable, long noPrediction, long evalRows,
      String predTable) {
    return INPUT_DATA.fail("Table '%s' has %d row(s) of %d without a "
        + "prediction in '%s': metrics of an evaluation version must cover all of it; predict every row",
        evalTable, noPrediction, evalRows, predTable);
  }

  public static AssayException notAScoreTable(String output, Object columns, String modelRef, Object expected) {
    return INPUT_DATA.fail("Table '%s' exists with columns %s, which is not "
        + "a score table for model %s (columns %s): choose another --output; Assay never alters a table's schema",
        output, columns, modelRef, expected);
  }
}
