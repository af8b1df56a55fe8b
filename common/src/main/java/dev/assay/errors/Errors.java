package dev.assay.errors;

import java.util.Collection;

/**
 * Every user-facing failure is built here, so each says the problem, its cause and the fix in one
 * line, and carries the documented exit code (the Delta Kernel way of keeping messages coherent).
 */
public final class Errors {
  private Errors() {}

  public static AssayException tableNotFound(String table) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' is not a Delta table (no _delta_log found): check the path, or create it with "
            + "'assay ingest' or 'assay demo-data'", table));
  }

  public static AssayException versionNotFound(String table, long asked, long earliest, long latest) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' has no version %d: available versions are %d..%d (older versions were removed "
            + "by log cleanup or never existed); pin a version in that range", table, asked, earliest, latest));
  }

  public static AssayException versionVacuumed(String table, long asked, long missingFiles, long earliest, long latest) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' version %d cannot be read: %d of its data files were removed (VACUUM); "
            + "versions %d..%d are in the log but only versions whose files survive can be read — "
            + "pin the latest version %d or restore the files", table, asked, missingFiles, earliest, latest, latest));
  }

  public static AssayException versionAndTimestamp(String table) {
    return new AssayException(ExitCode.USAGE, String.format(
        "Table reference '%s' has both version and timestamp: use one of them", table));
  }

  public static AssayException badTimestamp(String table, String timestamp) {
    return new AssayException(ExitCode.USAGE, String.format(
        "Table reference '%s' has timestamp '%s' that is not an ISO-8601 date-time: use e.g. "
            + "2026-11-01T10:00:00Z or 2026-11-01", table, timestamp));
  }

  public static AssayException timestampBeforeFirstCommit(String table, String timestamp, String earliest) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' has no version at or before %s: its earliest available commit is at %s; use a "
            + "later timestamp or a version", table, timestamp, earliest));
  }

  public static AssayException timestampInFuture(String table, String timestamp) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' cannot be read as of %s: that time is in the future, so a later commit could "
            + "still change what it means; use a past timestamp or a version", table, timestamp));
  }

  public static AssayException missingColumns(String table, Collection<String> missing, Collection<String> available) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' lacks column(s) %s named in the spec: available columns are %s; fix the spec's "
            + "features or the table", table, missing, available));
  }

  /** Slice columns of {@code metrics.slices} that the evaluation table lacks. */
  public static AssayException missingSliceColumns(String table, Collection<String> missing,
      Collection<String> available) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' lacks slice column(s) %s named in metrics.slices: available columns are %s; fix "
            + "metrics.slices or evaluate on a table that has them", table, missing, available));
  }

  public static AssayException wrongColumnType(String table, String column, String actual, String expected) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' column '%s' has type %s but the spec uses it as %s: cast it when ingesting or "
            + "list it under the right kind of feature", table, column, actual, expected));
  }

  public static AssayException emptyData(String table, String what) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Table '%s' has no rows for %s: check the version pinned in the spec", table, what));
  }

  public static AssayException unknownModel(String name, Integer version) {
    return new AssayException(ExitCode.INPUT_DATA, version == null
        ? String.format("Model '%s' is not registered in the ledger: train it first or check the name "
            + "with 'assay ledger models'", name)
        : String.format("Model '%s' has no version %d in the ledger: list versions with 'assay ledger "
            + "models'", name, version));
  }

  public static AssayException tooManyWorkers(int numWorkers, int slots, String master) {
    return new AssayException(ExitCode.USAGE, String.format(
        "Cannot train with num_workers=%d: master %s offers only %d task slot(s) and XGBoost needs one "
            + "per worker at once; lower model.num_workers or add executor cores", numWorkers, master, slots));
  }

  public static AssayException gpuUnavailable(String what) {
    return new AssayException(ExitCode.USAGE, String.format(
        "Cannot use device=cuda: %s; use device: cpu, or run on GPU executors with the GPU build "
            + "(see README, GPU)", what));
  }

  public static AssayException foreignLedgerTable(String path, Collection<String> missing) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Ledger table '%s' exists but is not an Assay ledger table (missing columns %s): point "
            + "ledger.root at an empty or Assay-owned location", path, missing));
  }

  public static AssayException concurrentCommit(String table, int attempts, Throwable cause) {
    return new AssayException(ExitCode.TRANSIENT, String.format(
        "Ledger table '%s' kept changing under concurrent writers (%d attempts): retry the job",
        table, attempts), cause);
  }

  public static AssayException badFilter(String key, String filter, String reason) {
    return new AssayException(ExitCode.USAGE, String.format(
        "Spec key '%s': filter \"%s\" is not a valid Spark SQL expression (%s); write a boolean "
            + "expression over the table's columns, e.g. region = 'north'", key, filter, reason));
  }

  public static AssayException filterNotApplicable(String key, String filter, String table, long version,
      String reason) {
    return new AssayException(ExitCode.USAGE, String.format(
        "Spec key '%s': filter \"%s\" cannot be applied to table '%s' v%d (%s); write a boolean "
            + "expression over the table's columns", key, filter, table, version, reason));
  }

  public static AssayException championChanged(String name, Integer expected, Integer now) {
    return new AssayException(ExitCode.TRANSIENT, String.format(
        "Cannot promote: the champion of '%s' changed while the gate ran (was %s, now %s); rerun "
            + "'assay gate' against the new champion", name, expected == null ? "none" : name + ":" + expected,
        now == null ? "none" : name + ":" + now));
  }
}
