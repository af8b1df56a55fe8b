package dev.assay.jobs;

import dev.assay.ledger.ModelRef;
import dev.assay.spec.JobSpec;
import dev.assay.usecase.EnsembleJob;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay ensemble}: registers and evaluates the mean of registered models. */
@Command(name = "ensemble", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = "Register the average of two or more registered models as a model of its own and evaluate it on "
        + "the --spec's data.eval references (idempotent).")
final class EnsembleCommand extends SpecJobCommand {
  @Option(names = "--name", required = true, description = "Name of the ensemble model.")
  String name;

  @Option(names = "--member", required = true, description = "A member NAME:VERSION (at least two; order is kept).")
  List<String> members = new ArrayList<>();

  @Mixin
  LedgerOption ledger;

  @Override
  Integer call(JobSpec job) {
    List<ModelRef> refs = members.stream().map(ModelRef::parse).toList();
    return run(c -> EnsembleJob.run(c, name, refs, job));
  }
}
