package dev.assay.errors;

import static dev.assay.errors.ExitCode.INPUT_DATA;
import static dev.assay.errors.ExitCode.REPRODUCIBILITY;
import static dev.assay.errors.ExitCode.TRANSIENT;
import static dev.assay.errors.ExitCode.USAGE;

import java.util.Collection;

/**
 * Errors about the ledger and the runs it records: tables that cannot be opened or written, the
 * catalog, commits made around Assay, and runs that {@code verify} cannot repeat.
 */
public final class LedgerErrors {
  private LedgerErrors() {}

  public static AssayException foreignLedgerTable(String path, Collection<String> missing) {
    return INPUT_DATA.fail("Ledger table '%s' exists but is not an Assay ledger table (missing columns %s): point "
            + "ledger.root at an empty or Assay-owned location", path, missing);
  }

  public static AssayException concurrentCommit(String table, int attempts, Throwable cause) {
    return TRANSIENT.fail(cause,
        "Ledger table '%s' kept changing under concurrent writers (%d attempts): retry the job",
        table, attempts);
  }

  /**
   * The run's row was closed by another job's recovery while the run worked (its lease expired, e.g. after
   * a long pause): its results were taken back, so the only safe outcome is to do the work again.
   */
  public static AssayException runClosedMeanwhile(String runId, String command, Object status) {
    return TRANSIENT.fail("Cannot record %s run %s as %s: another job closed it as abandoned while it ran (its "
        + "lease was not renewed in time; see the run's error in runs); its results are rolled back, retry the job",
        command, runId, status);
  }

  public static AssayException runKeyRegisteredMeanwhile(String model, String runId, String runKey) {
    return TRANSIENT.fail("Cannot register the model: run %s registered %s from the same inputs (run key %s…) "
        + "while this job trained; this job's results are rolled back, rerun it to reuse %s", runId, model,
        runKey.substring(0, Math.min(12, runKey.length())), model);
  }

  public static AssayException tableNotOpened(String path, String problem, Throwable cause) {
    return INPUT_DATA.fail(cause, "Cannot open ledger table '%s': %s; check that ledger.root is a writable "
            + "location you own",
        path, problem);
  }

  public static AssayException badDatabaseName(String database) {
    return USAGE.fail("Cannot register the ledger as database '%s': not a "
        + "plain SQL name; use letters, digits and '_' (e.g. --database assay)", database);
  }

  /** A command that reads an existing ledger found none; {@code action} says what it could not do. */
  public static AssayException noLedger(String action, Object root) {
    return INPUT_DATA.fail("Cannot " + action + ": there is no ledger at " + root
        + "; run 'assay train' first, or pass --warehouse/--ledger of an existing ledger");
  }

  /** {@code ledger check} found commits that Assay did not make. */
  public static AssayException commitsAroundAssay(Object root, int commits, int removedMetrics) {
    return REPRODUCIBILITY.fail("Cannot vouch for the ledger at %s: %d commit(s) were made around Assay and removed "
        + "%d metric row(s) (listed above); find who made them from the user, engine and time listed, undo an "
        + "unwanted change with RESTORE TABLE delta.`<table>` TO VERSION AS OF <the version before it>, and write "
        + "ledger tables only through Assay", root, commits, removedMetrics);
  }

  // ---------------------------------------------------------------- runs that verify reads

  /** "Run 'ID' WHAT", the form of the errors below: the run the user named, then why verify cannot repeat it. */
  private static AssayException run(ExitCode code, String runId, String what) {
    return code.fail("Run '" + runId + "' " + what);
  }

  public static AssayException runNotFound(String runId) {
    return run(USAGE, runId, "is not in the ledger: list runs with 'assay ledger runs'");
  }

  public static AssayException runWithoutResults(String runId, Object command, Object status) {
    return run(USAGE, runId, "(" + command + ") ended " + status + ": only a run that produced results can be "
        + "verified; pick the run that did with 'assay ledger runs'");
  }

  public static AssayException externalRunNotVerifiable(String runId) {
    return run(USAGE, runId, "evaluated external predictions: verify repeats train and model evaluate runs; rerun "
        + "'assay evaluate --predictions' to recheck its metrics");
  }

  public static AssayException commandNotVerifiable(String runId, Object command) {
    return run(USAGE, runId, "is a '" + command + "' run: verify repeats train, ensemble and evaluate runs");
  }

  public static AssayException runWithoutModel(String runId) {
    return run(INPUT_DATA, runId, "has no registered model (it may have been removed)");
  }

  public static AssayException runWithoutRegisteredModel(String runId) {
    return run(INPUT_DATA, runId, "has no registered model (an ensemble or an imported model; it may have been "
        + "removed)");
  }
}
