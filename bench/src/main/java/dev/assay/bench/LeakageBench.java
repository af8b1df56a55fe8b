package dev.assay.bench;

import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.EvalCell;
import dev.assay.ledger.ModelRecord;
import dev.assay.run.JobContext;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.JobSpec;
import dev.assay.spec.TableRef;
import dev.assay.version.DataVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * B11: the cost of the leakage check (issue 21). One XGBoost model trained by {@code TrainJob} on
 * N rows, evaluated on a holdout of N other rows with disjoint ids: the evaluation of one cell as
 * {@code evaluate} runs it (score, every binary metric) with the overlap count
 * ({@link TrainOverlap#measure}: each evaluation row's key looked up in the training version's keys
 * while the metric pass scores it), against the same evaluation without the count. Twice: keyed by
 * {@code features.id}, and by the exact row hash (the same features without an id); each twice: the
 * first check of the training version (its keys collected and cached) and a later one (the cached keys
 * read). Both sides leave out what an {@code evaluate} command adds around the cell (pins, ledger rows,
 * commit), so the ratio is the stricter one.
 */
final class LeakageBench {
  private final Bench bench;

  LeakageBench(Bench bench) {
    this.bench = bench;
  }

  List<Result> run(long rows) {
    String train = bench.tables().higgs(rows);
    String holdout = bench.tables().holdout(rows);
    TrainBench.Trained trained = new TrainBench(bench).trainAndLoad("b11-" + rows, train, "evaluate");
    JobSpec spec = trained.spec();
    JobContext ctx = trained.ctx();
    ModelRecord model = trained.model();
    PipelineModel pipeline = trained.pipeline();
    TableRef ref = new TableRef(holdout, null, null);
    DataVersion pinned = ctx.inputs().pin("eval:holdout", holdout, null, null);
    EvalCell cell = EvaluateModel.cell("holdout", ref, pinned);
    FeatureSpec byId = spec.features();
    FeatureSpec byHash = new FeatureSpec(byId.numeric(), byId.categorical(), byId.label(), byId.weight(), null,
        byId.derive(), byId.transforms());
    String size = String.format("%s rows scored, %s training rows, %d rounds", Report.rows(rows), Report.rows(rows),
        bench.config().rounds());
    List<Result> results = new ArrayList<>();
    Path cache = Path.of(ctx.ledger().root(), "training_keys");
    for (FeatureSpec features : List.of(byId, byHash)) {
      TrainOverlap overlap = TrainOverlap.of(ctx, model, features);
      String key = features.id() != null ? "by features.id" : "by row hash (no id)";
      Bench.RepBody check = rep -> {
        EvaluateModel.Evaluation e = overlap.measure(ctx, cell, read(holdout), d -> evaluate(pipeline, d, holdout,
            spec, features));
        long overlapRows = e.overall().stream().filter(v -> v.metric().equals(TrainOverlap.ROWS)).findFirst()
            .orElseThrow().value().longValue();
        if (overlapRows != 0) {
          throw new IllegalStateException("B11: the holdout shares " + overlapRows + " rows with " + train);
        }
      };
      Bench.RepBody alone = rep -> evaluate(pipeline, read(holdout), holdout, spec, features);
      // The first check against a training version collects its keys and caches them; every later one (other
      // cells, other commands, reevaluate) reads them. Cold first, so the warm pair starts from its last cache.
      results.add(bench.pair("B11", "evaluate with the leakage check, " + key + ", first check of the training "
          + "version", size, "EvaluateModel.evaluate + TrainOverlap.measure (keys collected, cached)",
          "EvaluateModel.evaluate alone", Target.ratio(1.10), rep -> deleteTree(cache), check, null, alone));
      results.add(bench.pair("B11", "evaluate with the leakage check, " + key + ", training keys cached", size,
          "EvaluateModel.evaluate + TrainOverlap.measure (cached keys)", "EvaluateModel.evaluate alone",
          Target.ratio(1.10), check, alone));
    }
    return results;
  }

  private EvaluateModel.Evaluation evaluate(PipelineModel pipeline, Dataset<Row> data, String table, JobSpec spec,
      FeatureSpec features) {
    return EvaluateModel.evaluate(pipeline, data, features, spec.model().task(), spec.metrics(), table);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private Dataset<Row> read(String table) {
    return bench.spark().read().format("delta").load(table);
  }
}
