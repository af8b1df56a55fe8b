package dev.assay.errors;

import static dev.assay.errors.ExitCode.REPRODUCIBILITY;

/**
 * Reproducibility violations (exit 5): a stored artifact, model hash or metric that no longer
 * matches what recomputing it gives. Each names both values and what to do instead of editing.
 */
public final class ReproducibilityErrors {
  private ReproducibilityErrors() {}

  /** Shared by evaluate and by score/benchmark, which once said "booster" and "model" sha256. */
  public static AssayException artifactAltered(String model, String artifact, String hash, String registered) {
    return REPRODUCIBILITY.fail(
        "Reproducibility violation: model %s artifact %s has model sha256 %s but was registered with %s; the "
            + "artifact was altered or replaced — retrain the model instead of editing artifacts",
        model, artifact, hash, registered);
  }

  public static AssayException retrainedHashDiffers(String model, String runKey, String hash, String registered) {
    return REPRODUCIBILITY.fail(
        "Reproducibility violation: retraining %s from the same inputs (run key %s) gave booster sha256 %s, "
            + "but the registered model has %s; the stored model is kept", model, runKey, hash, registered);
  }

  public static AssayException metricsDiffer(int count, String detail) {
    return REPRODUCIBILITY.fail(
        "Reproducibility violation: %d recomputed metric value(s) differ from the stored ones, which are kept: "
            + "%s — the model, the evaluation data or the metric code changed without a version change; run "
            + "'assay verify' to investigate", count, detail);
  }

  public static AssayException ensembleChecksum(Object descriptor, Throwable cause) {
    return REPRODUCIBILITY.fail(cause, "Reproducibility violation: ensemble "
        + "descriptor %s fails its checksum: the file was altered after it was written; rebuild the ensemble with "
        + "'assay ensemble' under a new name instead of editing artifacts", descriptor);
  }

  public static AssayException onnxChecksum(Object file, Throwable cause) {
    return REPRODUCIBILITY.fail(cause, "Reproducibility violation: ONNX graph %s fails its checksum: the file was "
        + "altered after it was imported; import the new file as a new model version with 'assay import-model' "
        + "instead of editing artifacts", file);
  }

  public static AssayException ensembleDescriptorUnreadable(Object descriptor, String head, Throwable cause) {
    return REPRODUCIBILITY.fail(cause, "Ensemble descriptor %s is not readable "
        + "(%s): it was altered; rebuild the ensemble with 'assay ensemble'", descriptor, head);
  }

  public static AssayException ensembleMemberAltered(String name, int version, String artifact, String hash,
      String recorded) {
    return REPRODUCIBILITY.fail("Reproducibility violation: ensemble "
        + "member %s:%d artifact %s has model sha256 %s but was recorded with %s; the member's artifact was altered "
        + "or replaced — retrain it and rebuild the ensemble", name, version, artifact, hash, recorded);
  }

  public static AssayException stackPartAltered(String stackDir, String part, String artifact, String hash,
      String recorded) {
    return REPRODUCIBILITY.fail("Reproducibility violation: stack %s: %s artifact %s has model sha256 %s but the "
        + "stack was recorded with %s; a part of the stack was altered or replaced: retrain the stack with "
        + "'assay train --force' under its spec instead of editing artifacts", stackDir, part, artifact, hash,
        recorded);
  }

  public static AssayException stackDescriptorUnreadable(Object descriptor, Throwable cause) {
    return REPRODUCIBILITY.fail(cause, "Reproducibility violation: stack descriptor %s cannot be read (%s): it was "
        + "altered or removed after it was written; retrain the stack instead of editing artifacts", descriptor,
        cause.getMessage());
  }

  public static AssayException notReproduced(long differ, int items, String runId) {
    return REPRODUCIBILITY.fail("Reproducibility violation: %d of %d item(s) "
        + "of run %s did not reproduce bit for bit (listed above)", differ, items, runId);
  }

  public static AssayException codeDiffers(String runId, String current, String recorded) {
    return REPRODUCIBILITY.fail("Run %s reproduced, but with code %s instead "
        + "of the recorded %s, and --strict asks for the same code", runId, current, recorded);
  }
}
