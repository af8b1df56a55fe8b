package dev.assay.errors;

import static dev.assay.errors.ExitCode.INPUT_DATA;

/**
 * Input-data errors (exit 3) about the columns metrics are computed from: a label, score,
 * prediction or probabilities column that is missing, mistyped or holds values outside its domain.
 * {@code rowsHold} arguments read "1 row holds" or "3 rows hold".
 */
public final class EvaluationErrors {
  private EvaluationErrors() {}

  /**
   * "Cannot compute TASK: WHY", the form of every error here, so they read alike: {@code why} is a format of
   * {@code args}; {@code task} is the metrics, e.g. "binary metrics", and is never read as a format.
   */
  private static AssayException cannotCompute(Object task, String why, Object... args) {
    return INPUT_DATA.fail("Cannot compute " + task + ": " + String.format(why, args));
  }

  public static AssayException inputColumnMissing(String task, String role, String name, String available) {
    return cannotCompute(task, "%s column '%s' does not exist; available columns: %s", role, name, available);
  }

  public static AssayException inputColumnType(String task, String role, String name, String type, String mustHold) {
    return cannotCompute(task, "%s column '%s' has type %s; it must be %s", role, name, type, mustHold);
  }

  public static AssayException noRows(Object task) {
    return cannotCompute(task, "the input has no rows; check the evaluation data version and any filters applied "
        + "before evaluation");
  }

  public static AssayException tooLargeToSquare(String rowsHold, String labelCol, String predictionCol) {
    return cannotCompute("regression metrics", "%s a label ('%s') or prediction ('%s') too large to square in a "
        + "double (magnitude above about 1e154); rescale the target before evaluating", rowsHold, labelCol,
        predictionCol);
  }

  public static AssayException labelsNotBinary(String labelCol, CharSequence found) {
    return cannotCompute("binary metrics", "label column '%s' must hold only 0 or 1, but %s; map the labels to 0/1 "
        + "or filter those rows out before evaluating", labelCol, found);
  }

  public static AssayException scoresNotProbabilities(String scoreCol, CharSequence found) {
    return cannotCompute("binary metrics", "score column '%s' must hold probabilities in [0, 1], but %s; pass the "
        + "probability of class 1 (not a margin or a predicted label) or filter those rows out before evaluating",
        scoreCol, found);
  }

  public static AssayException regressionValuesNotFinite(String role, String column, String rowsHold) {
    return cannotCompute("regression metrics", "%s column '%s' must hold finite numbers, but %s null, NaN or "
        + "infinity; drop or fill those rows before evaluating", role, column, rowsHold);
  }

  public static AssayException probabilityArraysRagged(String task, String column, int shortest, int longest) {
    return cannotCompute(task, "probabilities column '%s' must hold one array of the same length K >= 2 per row, "
        + "but lengths range from %d to %d (null arrays count as -1)", column, shortest, longest);
  }

  public static AssayException labelsNotClassIndexes(String task, String labelCol, int maxClass, String rowsHold) {
    return cannotCompute(task, "label column '%s' must hold class indexes 0..%d, but %s null, NaN, fractional or "
        + "out-of-range values; map the labels to 0..%d or filter those rows out", labelCol, maxClass, rowsHold,
        maxClass);
  }

  public static AssayException probabilitiesOutOfRange(String task, String column, String rowsHold) {
    return cannotCompute(task, "probabilities column '%s' must hold probabilities in [0, 1], but %s null, NaN or "
        + "out-of-range entries; pass class probabilities, not margins", column, rowsHold);
  }
}
