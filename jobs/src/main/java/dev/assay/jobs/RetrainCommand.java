package dev.assay.jobs;

import dev.assay.spec.JobSpec;
import dev.assay.usecase.RetrainJob;
import dev.assay.usecase.RetrainOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay retrain --spec FILE}: train only when the training table moved since the champion. */
@Command(name = "retrain", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = "Train when the latest training data differs from the champion's; measure drift; optionally gate "
        + "and promote. Nothing changed (or held back) is a SKIPPED run.")
final class RetrainCommand extends SpecJobCommand {
  @Option(names = "--min-new-rows", paramLabel = "N",
      description = "Train only when the training table grew by at least N rows since the baseline model.")
  Long minNewRows;

  @Option(names = "--min-drift", paramLabel = "PSI",
      description = "Train only when some feature's PSI is at least PSI (e.g. 0.1) or a feature's schema changed.")
  Double minDrift;

  @Option(names = "--gate", description = "Gate the new model against the champion on the spec's suite.")
  boolean gate;

  @Mixin
  PromoteOption promote;

  @Option(names = "--skip-exit-code", paramLabel = "CODE",
      description = "Exit code when nothing was trained (default 0; e.g. 99 for Airflow's skip_on_exit_code).")
  int skipExitCode;

  @Override
  Integer call(JobSpec job) {
    RetrainOptions options = new RetrainOptions(minNewRows, minDrift, gate, promote.promote, skipExitCode);
    return run(c -> RetrainJob.run(c, job, options, System.out));
  }
}
