package dev.assay.jobs;

import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.usecase.RetrainJob;
import dev.assay.usecase.RetrainOptions;
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

/** {@code assay retrain --spec FILE}: train only when the training table moved since the champion. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = "Train when the latest training data differs from the champion's; measure drift; optionally gate "
        + "and promote. Nothing changed (or held back) is a SKIPPED run.")
final class RetrainCommand implements Callable<Integer> {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--spec", required = true, description = "Job spec (YAML); data.train is read at its latest version.")
  Path spec;

  @Option(names = "--set", description = "Override a spec key: a.b.c=value (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--min-new-rows", paramLabel = "N",
      description = "Train only when the training table grew by at least N rows since the baseline model.")
  Long minNewRows;

  @Option(names = "--min-drift", paramLabel = "PSI",
      description = "Train only when some feature's PSI is at least PSI (e.g. 0.1) or a feature's schema changed.")
  Double minDrift;

  @Option(names = "--gate", description = "Gate the new model against the champion on the spec's suite.")
  boolean gate;

  @Option(names = "--promote", description = "Gate, and make a passing model champion (implies --gate).")
  boolean promote;

  @Option(names = "--skip-exit-code", paramLabel = "CODE",
      description = "Exit code when nothing was trained (default 0; e.g. 99 for Airflow's skip_on_exit_code).")
  int skipExitCode;

  @Option(names = "--context", description = "Scheduler context key=value recorded on the run (repeatable).")
  Map<String, String> context = new LinkedHashMap<>();

  @Override
  public Integer call() {
    RetrainOptions options = new RetrainOptions(minNewRows, minDrift, gate, promote, skipExitCode);
    JobSpec job = SpecLoader.load(spec, overrides);
    JobContext ctx = new JobContext(Session.spark(cli, "retrain"), Session.warehouse(cli), job.ledger().root(),
        "retrain", context, cli.environment);
    return JobRunner.run(ctx, c -> RetrainJob.run(c, job, options, System.out));
  }
}
