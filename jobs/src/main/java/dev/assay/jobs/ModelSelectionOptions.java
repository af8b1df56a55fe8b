package dev.assay.jobs;

import dev.assay.usecase.ModelSelection;
import picocli.CommandLine.Option;

/** {@code --model NAME --stage STAGE}: which registered models a command covers (unset: all). */
final class ModelSelectionOptions {
  @Option(names = "--model", paramLabel = "NAME", description = "Only the versions of this model name.")
  String model;

  @Option(names = "--stage", paramLabel = "STAGE", description = "Only models in this stage: candidate, champion or "
      + "archived.")
  String stage;

  /** The selection; the stage is checked by the job, so that a wrong one is a recorded, failed run. */
  ModelSelection selection() {
    return new ModelSelection(model, stage);
  }
}
