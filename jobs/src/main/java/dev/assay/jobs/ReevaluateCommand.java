package dev.assay.jobs;

import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.spec.JobSpec;
import dev.assay.usecase.ReevaluateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay reevaluate --spec FILE}: fill the missing cells of models × evaluation suite × metric code. */
@Command(name = "reevaluate", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = "Evaluate registered models on the spec's evaluation suite where metrics are missing.")
final class ReevaluateCommand extends SpecJobCommand {
  @Mixin
  ModelSelectionOptions models;

  @Option(names = "--dry-run", description = "Print the plan (missing cells) and change nothing.")
  boolean dryRun;

  @Override
  Integer call(JobSpec job) {
    JobContext ctx = Session.context(this);
    if (dryRun) {
      ReevaluateJob.plan(ctx, job, models.selection(), System.out);
      return 0;
    }
    return JobRunner.run(ctx, c -> ReevaluateJob.run(c, job, models.selection(), System.out));
  }
}
