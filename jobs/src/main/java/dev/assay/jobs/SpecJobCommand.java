package dev.assay.jobs;

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
}
