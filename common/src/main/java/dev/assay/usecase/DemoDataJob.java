package dev.assay.usecase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.demo.DemoData;
import dev.assay.demo.DemoTables;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;

/**
 * {@code demo-data}: the demo churn tables {@code demo/train} and {@code demo/eval}, two versions
 * each, deterministic from the seed. Every version written is pinned as an output of the run, so
 * the ledger says which versions the demo created.
 */
public final class DemoDataJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoDataJob() {}

  /** Writes the demo tables ({@code reset}: deletes and recreates them if they exist). */
  public static JobResult run(JobContext ctx, long seed, long trainRows, long evalRows, boolean reset) {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("seed", seed);
    spec.put("train_rows", trainRows);
    spec.put("eval_rows", evalRows);
    ctx.setSpec(spec.toString());
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
