package dev.assay.jobs;

import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.usecase.ReevaluateJob;
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

/** {@code assay reevaluate --spec FILE}: fill the missing cells of models × evaluation suite × metric code. */
@Command(name = "reevaluate", mixinStandardHelpOptions = true,
    description = "Evaluate registered models on the spec's evaluation suite where metrics are missing.")
final class ReevaluateCommand implements Callable<Integer>, RecordsRuns {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--spec", required = true, description = "The spec whose data.eval references are the suite.")
  Path spec;

  @Option(names = "--set", description = "Override a spec key: a.b.c=value (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--model", description = "Only the versions of this model name.")
  String model;

  @Option(names = "--stage", description = "Only models in this stage: candidate, champion or archived.")
  String stage;

  @Option(names = "--dry-run", description = "Print the plan (missing cells) and change nothing.")
  boolean dryRun;

  @Option(names = "--context", description = "Scheduler context key=value recorded on the run (repeatable).")
  Map<String, String> context = new LinkedHashMap<>();

  @Override
  public Integer call() {
    JobSpec job = SpecLoader.load(spec, overrides);
    JobContext ctx = new JobContext(Session.spark(cli, "reevaluate"), Session.warehouse(cli), job.ledger().root(),
        "reevaluate", context);
    if (dryRun) {
      ReevaluateJob.plan(ctx, job, model, stage, System.out);
      return 0;
    }
    return JobRunner.run(ctx, c -> ReevaluateJob.run(c, job, model, stage, System.out));
  }
}
