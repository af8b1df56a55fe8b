package dev.assay.usecase;

import dev.assay.demo.DemoData;
import dev.assay.demo.DemoTables;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.RecordedSpec;

/**
 * {@code demo-data}: the demo churn tables {@code demo/train} and {@code demo/eval}, two versions
 * each, deterministic from the seed. Every version written is pinned as an output of the run, so
 * the ledger says which versions the demo created.
 */
public final class DemoDataJob {
  private DemoDataJob() {}

  /** Writes the demo tables ({@code reset}: deletes and recreates them if they exist). */
  public static JobResult run(JobContext ctx, long seed, long trainRows, long evalRows, boolean reset) {
    ctx.setSpec(new RecordedSpec.DemoData(seed, trainRows, evalRows));
    DemoTables t = DemoData.write(ctx.spark(), ctx.warehouse().root(), seed, trainRows, evalRows, reset);
    for (long v = 0; v <= t.trainVersion(); v++) {
      ctx.inputs().pin("output:train", "demo/train", v, null);
    }
    for (long v = 0; v <= t.evalVersion(); v++) {
      ctx.inputs().pin("output:eval", "demo/eval", v, null);
    }
    ctx.step("demo tables ready: demo/train v0..v%d, demo/eval v0..v%d under %s", t.trainVersion(), t.evalVersion(),
        ctx.warehouse().root());
    return JobResult.succeeded("demo data written");
  }
}
