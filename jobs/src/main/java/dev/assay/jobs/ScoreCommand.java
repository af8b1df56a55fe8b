package dev.assay.jobs;

import dev.assay.ledger.ModelRef;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.Names;
import dev.assay.spec.TableRef;
import dev.assay.usecase.ScoreJob;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assay score}: batch predictions of a registered model on a pinned input, into a Delta table. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Write a registered model's predictions on a pinned input version to a Delta table (idempotent).",
        GpuOption.SCORES})
final class ScoreCommand extends ModelScoringCommand {
  @Option(names = "--output", required = true, description = "Delta table for the predictions (created on first use).")
  String output;

  @Override
  Function<JobContext, JobResult> job(ModelRef model, TableRef input) {
    Names.checkTable("option --output '" + output + "'", output);
    return c -> ScoreJob.run(c, model, input, output);
  }
}
