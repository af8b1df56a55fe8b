package dev.assay.jobs;

import dev.assay.usecase.GateJob;
import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
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

/** {@code assay gate --spec FILE --challenger NAME:VERSION}: challenger vs champion on identical evaluation cells. */
@Command(name = "gate", mixinStandardHelpOptions = true,
    description = "Compare a challenger with the champion on the spec's suite and gate thresholds; optionally promote.")
final class GateCommand implements Callable<Integer>, RecordsRuns {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--spec", required = true, description = "The spec with the gate section and the data.eval suite.")
  Path spec;

  @Option(names = "--set", description = "Override a spec key: a.b.c=value (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--challenger", required = true, description = "NAME:VERSION of the model to judge.")
  String challenger;

  @Option(names = "--champion", description = "NAME:VERSION to compare with (default: the champion of that name).")
  String champion;

  @Option(names = "--promote", description = "On pass, make the challenger champion and archive the old one.")
  boolean promote;

  @Option(names = "--context", description = "Scheduler context key=value recorded on the run (repeatable).")
  Map<String, String> context = new LinkedHashMap<>();

  @Override
  public Integer call() {
    JobSpec job = SpecLoader.load(spec, overrides);
    JobContext ctx = new JobContext(Session.spark(cli, "gate"), Session.warehouse(cli), job.ledger().root(), "gate",
        context);
    return JobRunner.run(ctx, c -> GateJob.run(c, job, challenger, champion, promote, System.out));
  }
}
