package dev.assay.jobs;

import dev.assay.demo.DemoData;
import dev.assay.demo.DemoTables;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.run.JobRunner;
import dev.assay.spec.LedgerSpec;
import dev.assay.spec.RecordedSpec;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay demo-data}: the demo churn tables, two versions each, deterministic from a seed. */
@Command(name = "demo-data", mixinStandardHelpOptions = true,
    description = "Write demo/train and demo/eval Delta tables (two versions each) into the warehouse.")
final class DemoDataCommand implements Callable<Integer> {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--seed", description = "Generator seed (default: 42).")
  long seed = 42;

  @Option(names = "--train-rows", description = "Rows in demo/train v0; v1 appends half as many (default: 20000).")
  long trainRows = 20_000;

  @Option(names = "--eval-rows", description = "Rows in demo/eval v0; v1 appends half as many (default: 8000).")
  long evalRows = 8_000;

  @Option(names = "--reset", description = "Delete and recreate the demo tables if they exist.")
  boolean reset;

  @Option(names = "--ledger", description = "Ledger root, relative to the warehouse (default: ledger).")
  String ledger = LedgerSpec.DEFAULT_ROOT;

  @Override
  public Integer call() {
    JobContext ctx = new JobContext(Session.spark(cli, "demo-data"), Session.warehouse(cli), ledger, "demo-data",
        Map.of());
    return JobRunner.run(ctx, c -> {
      c.setSpec(new RecordedSpec.DemoData(seed, trainRows, evalRows));
      DemoTables t = DemoData.write(c.spark(), c.warehouse().root(), seed, trainRows, evalRows, reset);
      for (long v = 0; v <= t.trainVersion(); v++) {
        c.inputs().pin("output:train", "demo/train", v, null);
      }
      for (long v = 0; v <= t.evalVersion(); v++) {
        c.inputs().pin("output:eval", "demo/eval", v, null);
      }
      c.step("demo tables ready: demo/train v0..v%d, demo/eval v0..v%d under %s", t.trainVersion(), t.evalVersion(),
          c.warehouse().root());
      return JobResult.succeeded("demo data written");
    });
  }
}
