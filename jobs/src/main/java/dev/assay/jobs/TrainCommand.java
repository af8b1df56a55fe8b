package dev.assay.jobs;

import dev.assay.spec.JobSpec;
import dev.assay.usecase.TrainJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay train --spec FILE}: train, register and evaluate one model version. */
@Command(name = "train", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = {"Train a model from a spec on pinned data versions, register it and evaluate it.", GpuOption.TRAINS})
final class TrainCommand extends SpecJobCommand {
  @Option(names = "--force", description = "Retrain even if these inputs already produced a model (must reproduce it).")
  boolean force;

  @Mixin
  GpuOption gpu;

  @Override
  JobSpec loadSpec() {
    return gpu.gpu ? spec.load("model.device=cuda") : spec.load();
  }

  @Override
  Integer call(JobSpec job) {
    return run(c -> TrainJob.run(c, job, force));
  }
}
