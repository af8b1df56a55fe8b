package dev.assay.errors;

import static dev.assay.errors.ExitCode.INPUT_DATA;
import static dev.assay.errors.ExitCode.USAGE;

import java.util.Collection;

/**
 * Errors of the feature stage ({@code features.derive}, {@code features.transforms}): a spec that
 * does not fit the pinned schema is a usage error (exit 2) found at job start, naming the key path;
 * data the stage cannot fit is an input-data error (exit 3) naming the column. Messages are built
 * by concatenation, so a '%' in a user's expression is kept as it is.
 */
public final class FeatureErrors {
  private FeatureErrors() {}

  /** The head every derive message starts with: which key, which expression. */
  private static String derive(String key, String sql) {
    return "Cannot derive 'features." + key + "': expression \"" + sql + "\"";
  }

  /** The head every transform message starts with. */
  private static String apply(String key) {
    return "Cannot apply 'features." + key + "'";
  }

  public static AssayException deriveShadowsInput(String key, String table) {
    return USAGE.fail("Cannot derive 'features." + key + "': table '" + table + "' already has a column of that "
        + "name; pick another name for the derived column (or use the table's column as it is)");
  }

  public static AssayException deriveDoesNotParse(String key, String sql, String problem) {
    return USAGE.fail(derive(key, sql) + " is not valid Spark SQL (" + problem + "); fix the expression");
  }

  public static AssayException deriveDoesNotResolve(String key, String sql, String problem,
      Collection<String> columns) {
    return USAGE.fail(derive(key, sql) + " does not fit the pinned schema (" + problem + "); it may use the "
        + "columns " + columns + " and the columns derived before it");
  }

  public static AssayException deriveNotAllowed(String key, String sql, String what) {
    return USAGE.fail(derive(key, sql) + " uses " + what + "; a derived column must be a deterministic function "
        + "of its row's input columns (built-in functions only: no rand, uuid, current_*, subqueries or UDFs) so "
        + "that training, scoring and verify compute the same value");
  }

  public static AssayException deriveReadsTarget(String key, String sql, String column) {
    return USAGE.fail(derive(key, sql) + " reads '" + column + "', the label or weight column; a feature "
        + "computed from the target leaks it into the model: remove the reference");
  }

  public static AssayException deriveFailed(String key, String sql, String table, String row, String problem) {
    return INPUT_DATA.fail(derive(key, sql) + " failed at run time on table '" + table + "' (" + problem + "), "
        + "e.g. on the row " + row + "; guard the expression (nullif, try_cast, try_divide, CASE) or filter such "
        + "rows out of the table");
  }

  public static AssayException unknownColumn(String key, String column, Collection<String> columns) {
    return USAGE.fail(apply(key) + ": there is no column '" + column + "' at that point (columns: " + columns
        + "); name an input column, a derived column, or the output of an earlier transform");
  }

  public static AssayException notNumeric(String key, String column, String type) {
    return USAGE.fail(apply(key) + " to column '" + column + "': it has type " + type + ", and this transform "
        + "needs a number; list the column as categorical, or derive a numeric column from it");
  }

  public static AssayException outputShadowsColumn(String key, String column) {
    return USAGE.fail(apply(key) + ": its output '" + column + "' is already a column (of the table or made "
        + "earlier); give the output a new name");
  }

  public static AssayException featureNotProduced(String key, String column, Collection<String> columns) {
    return USAGE.fail("Spec key 'features.%s' names column '%s', which is neither in the table nor made by "
        + "'features.derive' or a transform (columns: %s); fix the name or derive the column", key, column, columns);
  }

  public static AssayException noValues(String key, String column, String table) {
    return INPUT_DATA.fail("Cannot fit 'features.%s' on table '%s': column '%s' has no non-null, non-NaN value to fit "
        + "on; impute it with strategy constant, or drop it from the transform", key, table, column);
  }

  public static AssayException tooManyCategories(String key, String column, String table, long found, int limit) {
    return INPUT_DATA.fail("Cannot one-hot encode column '%s' ('features.%s') on table '%s': it has more than %d "
        + "distinct values (%d found); leave it out of one_hot so that it is indexed as a categorical feature",
        column, key, table, limit, found);
  }
}
