package dev.assay.jobs;

import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.usecase.TrainJob;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay train --spec FILE}: train, register and evaluate one model version. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model from a spec on pinned data versions, register it and evaluate it.")
final class TrainCommand implements Callable<Integer>, RecordsRuns {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--spec", required = true, description = "Job spec (YAML).")
  Path spec;

  @Option(names = "--set", description = "Override a spec key: a.b.c=value (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--force", description = "Retrain even if these inputs already produced a model (must reproduce it).")
  boolean force;

  @Option(names = "--gpu", description = "Train on GPU: same as --set model.device=cuda (XGBoost device=cuda, RAPIDS); exit 2 when GPUs are missing.")
  boolean gpu;

  @Option(names = "--context", description = "Scheduler context key=value recorded on the run (repeatable).")
  Map<String, String> context = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() {
    List<String> all = new ArrayList<>(overrides);
    if (gpu) {
      all.add("model.device=cuda");
    }
    JobSpec job = SpecLoader.load(spec, all);
    JobContext ctx = new JobContext(Session.spark(cli, "train"), Session.warehouse(cli), job.ledger().root(), "train",
        context);
    return JobRunner.run(ctx, c -> TrainJob.run(c, job, force));
  }
}
