package dev.assay.jobs;

import dev.assay.spec.JobSpec;
import picocli.CommandLine.Mixin;

/**
 * A job command driven by a spec that a scheduler starts (train, gate, reevaluate, retrain,
 * ensemble): {@code --spec}/{@code --set} and {@code --context}, declared once here. Each such
 * command still names {@link SpecOptions.Required} as its model transformer, as picocli does not
 * inherit a {@code @Command}'s attributes.
 */
abstract class SpecJobCommand extends JobCommand {
  @Mixin
  SpecOptions spec;

  @Mixin
  ContextOption context;

  /** Loads the spec (with {@code --set} applied), then runs the command on it. */
  @Override
  public final Integer call() {
    return call(loadSpec());
  }

  /** The spec this command runs; a command that adds overrides of its own (train's {@code --gpu}) says so here. */
  JobSpec loadSpec() {
    return spec.load();
  }

  /** Parses nothing more: calls the use case with the loaded spec and returns the exit code. */
  abstract Integer call(JobSpec job);
}
