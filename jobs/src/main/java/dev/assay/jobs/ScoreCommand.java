package dev.assay.jobs;

import dev.assay.ledger.ModelRef;
import dev.assay.spec.Names;
import dev.assay.spec.TableRef;
import dev.assay.usecase.ScoreJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay score}: batch predictions of a registered model on a pinned input, into a Delta table. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Write a registered model's predictions on a pinned input version to a Delta table (idempotent).",
        GpuOption.SCORES})
final class ScoreCommand extends JobCommand {
  @Mixin
  ModelInputOptions target;

  @Option(names = "--output", required = true, description = "Delta table for the predictions (created on first use).")
  String output;

  @Mixin
  ScoringOptions scoring;

  @Override
  public Integer call() {
    ModelRef ref = target.model();
    TableRef in = target.input();
    Names.checkTable("option --output '" + output + "'", output);
    return run(scoring.onGpu(), c -> ScoreJob.run(c, ref, in, output));
  }
}
