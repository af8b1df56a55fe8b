package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One demo ledger per test JVM for the analyst tests (notebooks, report, browser): demo data, two
 * XGBoost models with slices, an evaluation on a table whose slice value is a script tag, a
 * promoted champion, one score run, two benchmarks and the monitoring demo (a planted shift in
 * {@code demo/eval} v2 that the demo spec's check flags), all through the real CLI. Each JVM gets a copy of its
 * own, made on first use and deleted when the JVM exits, since its tests write to it (every command records a
 * run, monitor its alerts). The forks of one Maven run build it once (one to two minutes; {@link SharedWarehouse})
 * and each copies it.
 */
final class DemoLedger {
  /** A slice value that must show as text wherever the report or a view shows it. */
  static final String SCRIPT_VALUE = "<script>alert(1)</script>";

  private static Path warehouse;

  private DemoLedger() {}

  static synchronized Path warehouse() {
    if (warehouse == null) {
      warehouse = open();
    }
    return warehouse;
  }

  private static Path open() {
    try {
      // -Dassay.test.demoLedger=DIR keeps the ledger in DIR and reuses it while iterating on these tests.
      String keep = System.getProperty("assay.test.demoLedger");
      if (keep != null) {
        if (!Files.isDirectory(Path.of(keep, "ledger", "benchmarks"))) {
          build(Files.createDirectories(Path.of(keep)));
        }
        return Path.of(keep);
      }
      Path own = Files.createTempDirectory("assay-demo-ledger");
      SparkTestBase.deleteAtExit(own);
      SharedWarehouse.copyInto("demo-ledger", own, DemoLedger::build);
      return own;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void build(Path wh) {
    String spec = AssayCliTest.SPEC;
    ok(wh, "demo-data", "--train-rows", "2000", "--eval-rows", "900", "--seed", "7");
    ok(wh, "train", "--spec", spec, "--set", "model.params.num_round=8", "--set", "metrics.slices=[plan,region]");
    ok(wh, "train", "--spec", spec, "--set", "model.params.num_round=3", "--set", "model.params.max_depth=2",
        "--set", "metrics.slices=[plan,region]");
    // A user-provided string that is markup: a third of the rows carry it as their plan.
    SparkTestBase.sharedSession().read().format("delta").load(wh.resolve("demo/eval").toString())
        .withColumn("plan", when(expr("pmod(hash(customer_id), 3) = 0"), lit(SCRIPT_VALUE)).otherwise(col("plan")))
        .write().format("delta").save(wh.resolve("odd/eval").toString());
    ok(wh, "evaluate", "--model", "churn-xgb:2", "--eval", "odd=odd/eval");
    ok(wh, "evaluate", "--model", "churn-xgb:1", "--eval", "odd=odd/eval");
    ok(wh, "gate", "--spec", spec, "--set", "gate.metric=roc_auc", "--challenger", "churn-xgb:1", "--promote");
    ok(wh, "score", "--model", "churn-xgb:1", "--input", "demo/eval@1", "--output", "scores/churn");
    for (String m : new String[] {"churn-xgb:1", "churn-xgb:2"}) {
      ok(wh, "benchmark", "--model", m, "--input", "demo/eval@1", "--rows", "200", "--warmup", "0", "--repeat", "1");
    }
    // The monitoring demo, as in the quickstart: a third evaluation version with a planted shift, the champion
    // re-evaluated on it, and the demo spec's checks, of which holdout_auc fails on it (--warn-only: exit 0).
    ok(wh, "demo-data", "--shift", "--eval-rows", "900", "--seed", "7");
    ok(wh, "reevaluate", "--spec", spec, "--stage", "champion", "--set", "data.eval.latest.table=demo/eval");
    CliRun.Result monitor = ok(wh, "monitor", "--spec", spec, "--warn-only");
    assertThat(monitor.out()).as(monitor.err())
        .contains("FAIL  holdout_auc: roc_auc of churn-xgb:1 on demo/eval at v2");
  }

  /**
   * Writes {@code file}: the demo spec with its {@code monitor} section replaced by {@code checks} (the
   * YAML list items under {@code checks:}, indented by 4), for tests that need checks of their own.
   */
  static Path demoSpecWithChecks(Path file, String checks) throws IOException {
    String demo = Files.readString(Path.of(AssayCliTest.SPEC));
    return Files.writeString(file, demo.substring(0, demo.indexOf("\nmonitor:") + 1) + "monitor:\n  checks:\n"
        + checks);
  }

  static CliRun.Result ok(Path wh, String... args) {
    CliRun.Result r = CliRun.in(wh, args);
    assertThat(r.code()).as("assay %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }
}
