package dev.assay.usecase;

import dev.assay.demo.DemoData;
import dev.assay.demo.DemoTables;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.RecordedSpec;

/**
 * {@code demo-data}: the demo churn tables {@code demo/train} and {@code demo/eval}, two versions
 * each, deterministic from the seed; with {@code shiftedEval}, {@code demo/eval} v2 with a planted shift
 * for the monitoring demo (appended alone when the tables are already there). Every version written is
 * pinned as an output of the run, so the ledger says which versions the demo created.
 */
public final class DemoDataJob {
  private DemoDataJob() {}

  /** Writes the demo tables ({@code reset}: deletes and recreates them if they exist). */
  public static JobResult run(JobContext ctx, RecordedSpec.DemoData spec, boolean reset) {
    ctx.setSpec(spec);
    DemoData.requireRowCounts(spec.trainRows(), spec.evalRows());
    String root = ctx.warehouse().root();
    boolean appendOnly = spec.shifted() && !reset && DemoData.exists(ctx.spark(), root);
    if (!appendOnly) {
      DemoTables t = DemoData.write(ctx.spark(), root, spec.seed(), spec.trainRows(), spec.evalRows(), reset);
      for (long v = 0; v <= t.trainVersion(); v++) {
        ctx.inputs().pin("output:train", "demo/train", v, null);
      }
      for (long v = 0; v <= t.evalVersion(); v++) {
        ctx.inputs().pin("output:eval", "demo/eval", v, null);
      }
      ctx.step("demo tables ready: demo/train v0..v%d, demo/eval v0..v%d under %s", t.trainVersion(),
          t.evalVersion(), root);
    }
    if (spec.shifted()) {
      long v = DemoData.appendShift(ctx.spark(), root, spec.seed(), spec.evalRows());
      ctx.inputs().pin("output:eval", "demo/eval", v, null);
      ctx.step("demo/eval v%d appended: %d new customers, %.0f%% of them with a label unrelated to the customer "
          + "(a planted shift for assay monitor)", v, spec.evalRows(), 100 * DemoData.SHIFT_UNRELATED_LABELS);
    }
    return JobResult.succeeded(spec.shifted() ? "demo data written, with the planted shift" : "demo data written");
  }
}
