package dev.assay.jobs;

import dev.assay.usecase.VerifyJob;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay verify --run ID | --model NAME:VERSION}: prove a recorded run reproduces bit for bit. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Repeat a recorded train or evaluate run and compare model hash and metrics bit for bit.")
final class VerifyCommand extends JobCommand {
  /** Exactly one target. */
  static final class Target {
    @Option(names = "--run", required = true, description = "Run id (see 'assay ledger runs').")
    String runId;

    @Option(names = "--model", required = true, description = "NAME:VERSION: verify the run that trained it.")
    String model;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--strict", description = "Also fail when the current code version differs from the recorded one.")
  boolean strict;

  @Mixin
  LedgerOption ledger;

  @Override
  public Integer call() {
    return run(c -> VerifyJob.run(c, target.runId, target.model, strict, System.out));
  }
}
