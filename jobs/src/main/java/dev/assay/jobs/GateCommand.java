package dev.assay.jobs;

import dev.assay.spec.JobSpec;
import dev.assay.usecase.GateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay gate --spec FILE --challenger NAME:VERSION}: challenger vs champion on identical evaluation cells. */
@Command(name = "gate", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = "Compare a challenger with the champion on the spec's suite and gate thresholds; optionally promote.")
final class GateCommand extends SpecJobCommand {
  @Option(names = "--challenger", required = true, paramLabel = "NAME:VERSION",
      description = "NAME:VERSION of the model to judge.")
  String challenger;

  @Option(names = "--champion", paramLabel = "NAME:VERSION",
      description = "NAME:VERSION to compare with (default: the champion of that name).")
  String champion;

  @Mixin
  PromoteOption promote;

  @Override
  Integer call(JobSpec job) {
    return run(c -> GateJob.run(c, job, challenger, champion, promote.promote, System.out));
  }
}
