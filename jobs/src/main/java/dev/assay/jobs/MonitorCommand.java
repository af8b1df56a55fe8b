package dev.assay.jobs;

import dev.assay.spec.JobSpec;
import dev.assay.usecase.MonitorJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assay monitor --spec FILE}: the spec's anomaly checks over the ledger's history; exit 6 when one fails. */
@Command(name = "monitor", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = "Run the spec's monitoring checks over metric, drift and latency history; record the verdicts in "
        + "the alerts table; exit 6 when a check fails on its newest point.")
final class MonitorCommand extends SpecJobCommand {
  @Option(names = "--warn-only", description = "Print and store every verdict, but exit 0 when a check fails "
      + "(to watch a new check before it gates a pipeline).")
  boolean warnOnly;

  @Override
  Integer call(JobSpec job) {
    return run(c -> MonitorJob.run(c, job, spec.spec.toString(), warnOnly, System.out));
  }
}
