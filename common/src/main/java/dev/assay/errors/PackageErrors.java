package dev.assay.errors;

import static dev.assay.errors.ExitCode.REPRODUCIBILITY;
import static dev.assay.errors.ExitCode.USAGE;

import dev.assay.scorer.PackageException;

/**
 * Errors of {@code export} and {@code serve}: what a model package cannot hold yet, where it cannot be written,
 * and the scorer's own refusals mapped to exit codes (a package or runtime that does not reproduce Assay's scores
 * is a reproducibility violation, exit 5).
 */
public final class PackageErrors {
  private PackageErrors() {}

  public static AssayException notExportable(String model, String what) {
    return USAGE.fail("Cannot export %s: %s has no Spark-free scorer yet (a package holds XGBoost models trained on "
        + "CPU, MLlib logistic regressions and random forests, LightGBM models, imported ONNX graphs, and averaging "
        + "ensembles and stacks of them, with or without a feature pipeline); serve it from Spark with 'assay score'",
        model, what);
  }

  /** A stack's base model, which train registers as {@code <stack>.<key>}, is not in the ledger with its hash. */
  public static AssayException stackBaseNotRegistered(String stack, String base, String modelHash) {
    return REPRODUCIBILITY.fail("Cannot export %s: its base model %s with model_hash %s is not registered (train "
        + "registers every base of a stack; was the models table edited?); train the stack again to register it",
        stack, base, modelHash);
  }

  public static AssayException unsupportedInput(String model, String column, String type) {
    return USAGE.fail("Cannot export %s: input column %s has type %s, which the packaged scorer does not read "
        + "(boolean, integer types, float, double, string); cast it in the table or in features.derive", model,
        column, type);
  }

  public static AssayException unsupportedExpression(String model, String message) {
    return USAGE.fail("Cannot export %s: %s", model, message);
  }

  public static AssayException outputExists(String out) {
    return USAGE.fail("Cannot export to %s: it exists and is not empty; a package is written whole into a new "
        + "directory (choose another --out, or remove the old package)", out);
  }

  public static AssayException remoteTarget(String out) {
    return USAGE.fail("Cannot export to %s: a package is written to a local directory (a path or a file: URI), "
        + "where it is checked before it appears; export locally and copy the directory to its store", out);
  }

  public static AssayException noGoldenSource(String model) {
    return USAGE.fail("Cannot export %s: its spec has no data.eval table to draw golden examples from; name one "
        + "with --golden-from TABLE[@VERSION]", model);
  }

  public static AssayException goldenRowsOption(int rows) {
    return USAGE.fail("Cannot export with --golden-rows %d: a package needs at least 1 golden row (default 200)",
        rows);
  }

  public static AssayException goldenSourceEmpty(String table) {
    return USAGE.fail("Cannot export: the pinned version of %s has no rows to draw golden examples from; name "
        + "another table or version with --golden-from", table);
  }

  /** The scorer's refusal of a package, with its exit code: usage (2), or not reproduced (5). */
  public static AssayException refused(PackageException e) {
    return (e.kind() == PackageException.Kind.NOT_REPRODUCED ? REPRODUCIBILITY : USAGE).fail(e, "%s",
        e.getMessage());
  }
}
