package dev.assay.jobs;

import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.spec.JobSpec;
import dev.assay.usecase.ReevaluateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assay reevaluate --spec FILE}: fill the missing cells of models × evaluation suite × metric code. */
@Command(name = "reevaluate", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = "Evaluate registered models on the spec's evaluation suite where metrics are missing.")
final class ReevaluateCommand extends SpecJobCommand {
  @Option(names = "--model", description = "Only the versions of this model name.")
  String model;

  @Option(names = "--stage", description = "Only models in this stage: candidate, champion or archived.")
  String stage;

  @Option(names = "--dry-run", description = "Print the plan (missing cells) and change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    JobSpec job = spec.load();
    JobContext ctx = Session.context(this);
    if (dryRun) {
      ReevaluateJob.plan(ctx, job, model, stage, System.out);
      return 0;
    }
    return JobRunner.run(ctx, c -> ReevaluateJob.run(c, job, model, stage, System.out));
  }
}
