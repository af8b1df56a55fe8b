package dev.assay.jobs;

import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.usecase.VerifyJob;
import dev.assay.spec.LedgerSpec;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay verify --run ID | --model NAME:VERSION}: prove a recorded run reproduces bit for bit. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Repeat a recorded train or evaluate run and compare model hash and metrics bit for bit.")
final class VerifyCommand implements Callable<Integer>, RecordsRuns {
  @ParentCommand
  AssayCli cli;

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

  @Option(names = "--ledger", description = "Ledger root, relative to the warehouse (default: ledger).")
  String ledger = LedgerSpec.DEFAULT_ROOT;

  @Override
  public String ledgerRoot() {
    return ledger;
  }

  @Override
  public Integer call() {
    JobContext ctx = new JobContext(Session.spark(cli, "verify"), Session.warehouse(cli), ledger, "verify", Map.of());
    return JobRunner.run(ctx, c -> VerifyJob.run(c, target.runId, target.model, strict, System.out));
  }
}
