package dev.assay.jobs;

import dev.assay.spec.JobSpec;
import dev.assay.usecase.MonitorJob;
import picocli.CommandLine.Command;

/** {@code assay monitor --spec FILE}: the spec's anomaly checks over the ledger's history; exit 6 when one fails. */
@Command(name = "monitor", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = "Run the spec's monitoring checks over metric, drift and latency history; record the verdicts in "
        + "the alerts table; exit 6 when a check fails on its newest point.")
final class MonitorCommand extends SpecJobCommand {
  @Override
  Integer call(JobSpec job) {
    return run(c -> MonitorJob.run(c, job, spec.spec.toString(), System.out));
  }
}
