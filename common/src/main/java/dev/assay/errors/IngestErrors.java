package dev.assay.errors;

import static dev.assay.errors.ExitCode.INPUT_DATA;
import static dev.assay.errors.ExitCode.USAGE;

/**
 * Errors of {@code ingest} (source files read into a Delta table version) and {@code demo-data}:
 * usage errors (exit 2) for what was asked, input-data errors (exit 3) for what was found.
 */
public final class IngestErrors {
  private IngestErrors() {}

  /**
   * "Cannot ingest SUBJECT: WHY", the form of most errors here, so they read alike: {@code subject} is the source,
   * or "into" and the target; {@code cause} may be null.
   */
  private static AssayException cannotIngest(ExitCode code, Throwable cause, String subject, String why) {
    return code.fail(cause, "Cannot ingest " + subject + ": " + why);
  }

  public static AssayException sourceOrTargetMissing(String source, String target) {
    return USAGE.fail("Cannot ingest: source (" + source + ") and target table ("
        + target + ") are both required; pass a source file and a table path");
  }

  public static AssayException sourceEmpty(String source, boolean noColumns, String target) {
    return cannotIngest(INPUT_DATA, null, source, "it has no rows" + (noColumns ? " and no columns" : "")
        + "; nothing was written to " + target + "; check the source file");
  }

  public static AssayException unknownMode(String mode) {
    return USAGE.fail("Cannot ingest: unknown mode '" + mode
        + "'; pass append or overwrite");
  }

  public static AssayException targetInLedger(String table, String location, String ledgerRoot) {
    return USAGE.fail("Cannot ingest into '%s': it resolves to %s, which overlaps the ledger at %s, whose "
        + "tables only Assay's commands write; choose a table outside the ledger, e.g. data/%s", table, location,
        ledgerRoot, location.substring(location.lastIndexOf('/') + 1));
  }

  public static AssayException targetNotDelta(String target) {
    return cannotIngest(USAGE, null, "into " + target,
        "it exists and is not a Delta table; choose a new table path or remove it");
  }

  public static AssayException targetUnreadable(String target, String problem, Throwable cause) {
    return cannotIngest(INPUT_DATA, cause, "into " + target, problem + "; check the table path and its permissions");
  }

  public static AssayException sourceNotReadable(String source, String format, String problem, Throwable cause) {
    return INPUT_DATA.fail(cause, "Cannot read " + source + " as " + format + ": "
        + problem + "; check that the source is " + format + " data with at least one file");
  }

  public static AssayException badSchemaOption(String source, String ddl, String problem, Throwable cause) {
    return cannotIngest(USAGE, cause, source, "the schema option '" + ddl + "' is not a DDL schema: " + problem
        + "; write it like 'id INT, name STRING'");
  }

  public static AssayException malformedRecords(String source, String problem, Throwable cause) {
    return cannotIngest(INPUT_DATA, cause, source, "it has malformed records (" + problem
        + "); fix the records or drop the FAILFAST mode option");
  }

  /** {@code what} is "Cannot append S to T" or "Cannot overwrite T with S"; {@code fix} names the option. */
  public static AssayException schemasDiffer(String what, String diff, String fix, Throwable cause) {
    return INPUT_DATA.fail(cause, what + ": the schemas differ (" + diff + "); " + fix);
  }

  public static AssayException writeFailed(String what, String problem, Throwable cause) {
    return INPUT_DATA.fail(cause, what + ": " + problem + "; check the source against the table");
  }

  // ---------------------------------------------------------------- source files

  public static AssayException unknownFormat(String source, String format) {
    return cannotIngest(USAGE, null, source, "unknown format '" + format + "'; pass one of csv, parquet");
  }

  public static AssayException formatNotInName(String source) {
    return cannotIngest(USAGE, null, source,
        "cannot tell its format from the name (expected .csv or .parquet); pass the format explicitly");
  }

  public static AssayException sourceNotFound(String source, Object resolved) {
    return cannotIngest(INPUT_DATA, null, source,
        "no such file or directory (resolved to " + resolved + "); check the path");
  }

  public static AssayException sourceIsDelta(String source) {
    return cannotIngest(USAGE, null, source,
        "it is a Delta table, not a CSV or Parquet source; read it as a versioned table instead");
  }

  public static AssayException sourceInaccessible(String source, String problem, Throwable cause) {
    return cannotIngest(INPUT_DATA, cause, source, problem + "; check the path and its permissions");
  }

  public static AssayException mixedDirectory(String source, String file) {
    return cannotIngest(USAGE, null, source,
        "cannot tell the directory's format from its files (found " + file + "); pass the format explicitly");
  }

  public static AssayException listingFailed(String source, String problem, Throwable cause) {
    return cannotIngest(INPUT_DATA, cause, source, "listing it failed: " + problem
        + "; check the path and its permissions");
  }

  public static AssayException noDataFiles(String source) {
    return cannotIngest(INPUT_DATA, null, source,
        "the directory holds no .csv or .parquet data files; point at a directory with data");
  }

  // ---------------------------------------------------------------- demo data

  public static AssayException demoNegativeRows(long rows, long firstId) {
    return USAGE.fail("Cannot generate demo data: rows (" + rows + ") and first id ("
        + firstId + ") must not be negative; pass non-negative values");
  }

  public static AssayException demoDriftOutOfRange(double drift) {
    return USAGE.fail("Cannot generate demo data: drift " + drift
        + " is outside [0, 1]; pass a value between 0 and 1");
  }

  public static AssayException demoRowCounts(long trainRows, long evalRows) {
    return USAGE.fail("Cannot write demo data: train rows (" + trainRows
        + ") and eval rows (" + evalRows + ") must be at least 1; pass positive row counts");
  }

  public static AssayException demoTableExists(String label, String path) {
    return USAGE.fail("Cannot write demo data: " + label + " already exists at "
        + path + "; pass --reset to recreate it");
  }

  public static AssayException demoResetFailed(String label, String path) {
    return INPUT_DATA.fail("Cannot reset " + label + ": deleting " + path
        + " failed; check permissions or delete it by hand");
  }

  public static AssayException demoShiftNotFresh(String path, long version) {
    return USAGE.fail("Cannot append the planted-shift version to demo/eval at " + path + ": the table is at v"
        + version + ", and the shift goes on top of a fresh demo (v1); run demo-data --reset --shift");
  }

  public static AssayException demoWriteFailed(String path, String problem, Throwable cause) {
    return INPUT_DATA.fail(cause, "Cannot write demo data to " + path + ": " + problem
        + "; check the warehouse path and its permissions");
  }
}
