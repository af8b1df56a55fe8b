package dev.assay.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.TableRef;
import dev.assay.usecase.EvaluateJob;
import dev.assay.usecase.GateJob;
import dev.assay.usecase.ModelSelection;
import dev.assay.usecase.ReevaluateJob;
import dev.assay.usecase.TrainJob;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * B4: {@code assay reevaluate} over a matrix of models × evaluation versions. Nothing missing
 * must cost only the plan (ledger and Delta logs, no data scan); one new evaluation version must
 * cost one scan scored by every model, compared with one {@code evaluate} run per model. The
 * models are small (few rounds, few rows): what is measured is the bookkeeping and the scans.
 */
final class ReevaluateBench {
  private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());
  private final Bench bench;
  private final String ledger;
  private final String evalTable;
  private static final int FIRST_VERSION_SEED = 1000;
  private int nextVersionSeed = FIRST_VERSION_SEED;

  ReevaluateBench(Bench bench) {
    this.bench = bench;
    this.ledger = bench.runDir().resolve("ledger-b4").toString();
    this.evalTable = bench.runDir().resolve("b4-eval").toString();
  }

  List<Result> run(boolean timed) {
    BenchConfig c = bench.config();
    String train = bench.tables().higgs(c.b4Rows());
    long t0 = System.nanoTime();
    for (int v = 0; v < c.evalVersions(); v++) {
      newEvalVersion();
    }
    for (int m = 0; m < c.models(); m++) {
      String name = model(m);
      JobSpec spec = SpecLoader.parse(TrainBench.specYaml(name, train, 5, 3, m, 1, ledger), "bench " + name, List.of());
      bench.job("train", ledger, ctx -> TrainJob.run(ctx, spec, false));
    }
    Bench.log("B4 set-up: %d models trained, %d evaluation versions written in %.1f s", c.models(),
        c.evalVersions(), (System.nanoTime() - t0) / 1e9);
    long t1 = System.nanoTime();
    JobSpec suite = suite(false);
    bench.job("reevaluate", ledger, ctx -> ReevaluateJob.run(ctx, suite, ModelSelection.ALL, DISCARD));
    Bench.log("B4 set-up: first reevaluate filled %d cells in %.1f s", c.models() * c.evalVersions(),
        (System.nanoTime() - t1) / 1e9);
    // Untimed, for the per-command profile: a gate on the filled cells (no thresholds, so it passes).
    JobSpec gated = SpecLoader.parse(suiteYaml(false) + "gate: {metric: roc_auc}\n", "bench gate", List.of());
    String champion = c.models() > 1 ? model(1) + ":1" : null;
    bench.job("gate", ledger, ctx -> GateJob.run(ctx, gated, model(0) + ":1", champion, false, DISCARD));
    if (!timed) {
      return List.of();
    }
    List<Result> results = new ArrayList<>();
    String matrix = String.format("%d models × %d versions of %s rows", c.models(), c.evalVersions(),
        Report.rows(c.b4Rows()));
    results.add(bench.pair("B4", "reevaluate, nothing missing", matrix, "ReevaluateJob in-process",
        "(none: target is absolute)", Target.seconds(10),
        rep -> bench.job("reevaluate", "nothing missing", ledger,
            ctx -> ReevaluateJob.run(ctx, suite, ModelSelection.ALL, DISCARD)),
        null));
    JobSpec withLatest = suite(true);
    results.add(bench.pair("B4", "one new evaluation version", matrix + " + 1 new",
        "ReevaluateJob in-process (1 scan, " + c.models() + " cells)",
        c.models() + " × EvaluateJob in-process (as `assay evaluate`)", Target.ratio(0.33),
        rep -> newEvalVersion(),
        rep -> bench.job("reevaluate", ledger, ctx -> ReevaluateJob.run(ctx, withLatest, ModelSelection.ALL, DISCARD)),
        rep -> newEvalVersion(),
        rep -> {
          for (int m = 0; m < c.models(); m++) {
            String name = model(m);
            bench.job("evaluate", ledger, ctx -> EvaluateJob.run(ctx, name, null,
                Map.of("latest", new TableRef(evalTable, null, null)), null));
          }
        }));
    return results;
  }

  String firstModel() {
    return model(0);
  }

  String ledger() {
    return ledger;
  }

  private static String model(int m) {
    return String.format("b4-m%02d", m);
  }

  /**
   * Overwrites the evaluation table with fresh rows: a new version of the same size, whose ids follow the
   * training rows' and every earlier version's, so that the leakage check of {@code evaluate} and {@code gate}
   * (by id) finds no evaluation row in the models' training data, as in a real held-out set.
   */
  private void newEvalVersion() {
    long rows = bench.config().b4Rows();
    int k = nextVersionSeed++;
    HiggsData.generate(bench.spark(), rows, 2, BenchTables.SEED + k)
        .withColumn(HiggsData.ID, col(HiggsData.ID).plus(lit(rows * (k - FIRST_VERSION_SEED + 1))))
        .write().format("delta").mode("overwrite").save(evalTable);
  }

  /** The suite: the first versions pinned, plus the latest version when {@code latest}. */
  private JobSpec suite(boolean latest) {
    return SpecLoader.parse(suiteYaml(latest), "bench suite", List.of());
  }

  private String suiteYaml(boolean latest) {
    StringBuilder yaml = new StringBuilder(TrainBench.specYaml(model(0), bench.tables().higgs(bench.config().b4Rows()),
        5, 3, 0, 1, ledger).replace("data:\n", "data:\n  eval:\n"));
    StringBuilder evals = new StringBuilder();
    for (int v = 0; v < bench.config().evalVersions(); v++) {
      evals.append("    v").append(v).append(": {table: \"").append(evalTable).append("\", version: ").append(v)
          .append("}\n");
    }
    if (latest) {
      evals.append("    latest: {table: \"").append(evalTable).append("\"}\n");
    }
    return yaml.toString().replace("data:\n  eval:\n", "data:\n  eval:\n" + evals);
  }
}
