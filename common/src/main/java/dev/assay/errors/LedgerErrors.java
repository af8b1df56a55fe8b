package dev.assay.errors;

import java.util.Collection;

/**
 * Errors about the ledger and the runs it records: tables that cannot be opened or written, the
 * catalog, and runs that {@code verify} cannot repeat.
 */
public final class LedgerErrors {
  private LedgerErrors() {}

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

  public static AssayException tableNotOpened(String path, String problem, Throwable cause) {
    return new AssayException(ExitCode.INPUT_DATA, String.format(
        "Cannot open ledger table '%s': %s; check that ledger.root is a writable location you own",
        path, problem), cause);
  }

  public static AssayException badDatabaseName(String database) {
    return new AssayException(ExitCode.USAGE, String.format("Cannot register the ledger as database '%s': not a "
        + "plain SQL name; use letters, digits and '_' (e.g. --database assay)", database));
  }

  public static AssayException noLedgerForReport(Object root) {
    return new AssayException(ExitCode.INPUT_DATA, "Cannot write a report: there is no ledger at " + root
        + "; run 'assay train' first, or pass --warehouse/--ledger of an existing ledger");
  }

  // ---------------------------------------------------------------- runs that verify reads

  public static AssayException runNotFound(String runId) {
    return new AssayException(ExitCode.USAGE,
        "Run '" + runId + "' is not in the ledger: list runs with 'assay ledger runs'");
  }

  public static AssayException runWithoutResults(String runId, Object command, Object status) {
    return new AssayException(ExitCode.USAGE, String.format("Run '%s' (%s) ended %s: only a run that produced "
        + "results can be verified; pick the run that did with 'assay ledger runs'", runId, command, status));
  }

  public static AssayException externalRunNotVerifiable(String runId) {
    return new AssayException(ExitCode.USAGE, "Run '" + runId + "' evaluated external predictions: verify repeats "
        + "train and model evaluate runs; rerun 'assay evaluate --predictions' to recheck its metrics");
  }

  public static AssayException commandNotVerifiable(String runId, Object command) {
    return new AssayException(ExitCode.USAGE, "Run '" + runId + "' is a '" + command
        + "' run: verify repeats train, ensemble and evaluate runs");
  }

  public static AssayException runWithoutModel(String runId) {
    return new AssayException(ExitCode.INPUT_DATA,
        "Run '" + runId + "' has no registered model (it may have been removed)");
  }

  public static AssayException runWithoutEnsemble(String runId) {
    return new AssayException(ExitCode.INPUT_DATA,
        "Run '" + runId + "' has no registered ensemble (it may have been removed)");
  }
}
