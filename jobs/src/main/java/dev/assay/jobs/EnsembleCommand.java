package dev.assay.jobs;

import dev.assay.usecase.EnsembleJob;
import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.ledger.ModelRef;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay ensemble}: registers and evaluates the mean of registered models. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
    description = "Register the average of two or more registered models as a model of its own and evaluate it on "
        + "the --spec's data.eval references (idempotent).")
final class EnsembleCommand implements Callable<Integer> {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--name", required = true, description = "Name of the ensemble model.")
  String name;

  @Option(names = "--member", required = true, description = "A member NAME:VERSION (at least two; order is kept).")
  List<String> members = new ArrayList<>();

  @Option(names = "--spec", required = true, description = "Spec giving data.eval, metrics and features.id.")
  Path spec;

  @Option(names = "--set", description = "Override a spec key: a.b.c=value (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--ledger", description = "Ledger root, relative to the warehouse (default: the spec's).")
  String ledger;

  @Option(names = "--context", description = "Scheduler context key=value recorded on the run (repeatable).")
  Map<String, String> context = new LinkedHashMap<>();

  @Override
  public Integer call() {
    JobSpec job = SpecLoader.load(spec, overrides);
    List<ModelRef> refs = members.stream().map(ModelRef::parse).toList();
    JobContext ctx = new JobContext(Session.spark(cli, "ensemble"), Session.warehouse(cli),
        ledger != null ? ledger : job.ledger().root(), "ensemble", context);
    return JobRunner.run(ctx, c -> EnsembleJob.run(c, name, refs, job));
  }
}
