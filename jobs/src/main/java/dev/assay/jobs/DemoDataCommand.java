package dev.assay.jobs;

import dev.assay.spec.RecordedSpec;
import dev.assay.usecase.DemoDataJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay demo-data}: the demo churn tables, two versions each, deterministic from a seed (+ a planted shift). */
@Command(name = "demo-data", mixinStandardHelpOptions = true,
    description = "Write demo/train and demo/eval Delta tables (two versions each) into the warehouse.")
final class DemoDataCommand extends JobCommand {
  @Option(names = "--seed", description = "Generator seed (default: 42).")
  long seed = 42;

  @Option(names = "--train-rows", description = "Rows in demo/train v0; v1 appends half as many (default: 20000).")
  long trainRows = 20_000;

  @Option(names = "--eval-rows", description = "Rows in demo/eval v0; v1 appends half as many, --shift as many "
      + "(default: 8000).")
  long evalRows = 8_000;

  @Option(names = "--reset", description = "Delete and recreate the demo tables if they exist.")
  boolean reset;

  @Option(names = "--shift", description = "Also write demo/eval v2 with a planted shift (half of its new labels "
      + "unrelated to the customer), for the monitoring demo; on existing demo tables it appends only that version.")
  boolean shift;

  @Mixin
  LedgerOption ledger;

  @Override
  public Integer call() {
    return run(c -> DemoDataJob.run(c, new RecordedSpec.DemoData(seed, trainRows, evalRows, shift), reset));
  }
}
