package dev.assay.bench;

import dev.assay.ledger.ModelRecord;
import dev.assay.model.ModelArtifacts;
import dev.assay.run.JobContext;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.usecase.TrainJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Predef;
import scala.collection.JavaConverters;

/**
 * B1 (and B5 at other sizes): {@code assay train} in-process (spec parse, pins, input checks,
 * deterministic repartition and sort, fit, booster export and hash, artifact save, ledger rows)
 * against the bare XGBoost4J-Spark code: read the Delta table, assemble, fit, save.
 */
final class TrainBench {
  private final Bench bench;
  private String lastAssayModel;
  private String lastBareModel;

  TrainBench(Bench bench) {
    this.bench = bench;
  }

  Result run(long rows, String id) {
    String table = bench.tables().higgs(rows);
    int rounds = bench.config().rounds();
    String size = String.format("%s rows, %d rounds", Report.rows(rows), rounds);
    return bench.pair(id, "train end to end", size, "TrainJob in-process (as `assay train`)",
        "read Delta + VectorAssembler + XGBoostClassifier.fit + save",
        id.equals("B1") ? Target.ratio(1.10) : Target.NONE,
        rep -> {
          String name = "b1-" + rows + "-r" + rep;
          bench.job("train", bench.ledgerRoot(), ctx -> TrainJob.run(ctx, spec(name, table, rounds), false));
          lastAssayModel = name;
        },
        rep -> {
          String dir = bench.runDir().resolve("bare-model-" + rows + "-r" + rep).toString();
          bareTrain(table, rounds, dir);
          lastBareModel = dir;
        });
  }

  /** How a variant of this benchmark makes its spec: model name, table, rounds. */
  @FunctionalInterface
  interface SpecFor {
    JobSpec spec(String name, String table, int rounds);
  }

  /** How a variant of this benchmark trains its bare side: table, rounds, output directory. */
  @FunctionalInterface
  interface BareFit {
    void train(String table, int rounds, String dir);
  }

  /**
   * A variant of this benchmark (B7, B9: another spec, another bare pipeline) on the Higgs table of {@code rows}
   * with the configured rounds, which the size calls {@code roundsNoun}. Its models are named after {@code id},
   * e.g. {@code b7-ROWS-rREP} and {@code bare-b7-ROWS-rREP}, so that no repetition reuses another's.
   */
  static Result variant(Bench bench, String id, String what, long rows, String roundsNoun, String assayHow,
      String bareHow, Target target, SpecFor spec, BareFit bare) {
    String table = bench.tables().higgs(rows);
    int rounds = bench.config().rounds();
    String size = String.format("%s rows, %d %s", Report.rows(rows), rounds, roundsNoun);
    String name = id.toLowerCase(Locale.ROOT) + "-" + rows + "-r";
    return bench.pair(id, what, size, assayHow, bareHow, target,
        rep -> bench.job("train", bench.ledgerRoot(), ctx -> TrainJob.run(ctx, spec.spec(name + rep, table, rounds),
            false)),
        rep -> bare.train(table, rounds, bench.runDir().resolve("bare-" + name + rep).toString()));
  }

  /** A tiny model on each side, so that neither pays class loading and JIT in a timed pass. */
  void warmUp(String table) {
    bench.job("train", bench.ledgerRoot(), ctx -> TrainJob.run(ctx, spec("warmup", table, 3), false));
    bareTrain(table, 3, bench.runDir().resolve("bare-warmup").toString());
  }

  String lastAssayModel() {
    return lastAssayModel;
  }

  String lastBareModel() {
    return lastBareModel;
  }

  /** A model trained by {@code TrainJob} in the bench ledger, loaded, with a context of {@code command} to use it. */
  record Trained(JobSpec spec, JobContext ctx, ModelRecord model, PipelineModel pipeline) {}

  /** Trains {@code name} on {@code table} (the configured rounds) and loads it (B11, B12). */
  Trained trainAndLoad(String name, String table, String command) {
    String ledger = bench.ledgerRoot();
    JobSpec spec = spec(name, table, bench.config().rounds());
    bench.job("train", ledger, ctx -> TrainJob.run(ctx, spec, false));
    JobContext ctx = bench.context(command, ledger);
    ModelRecord model = ctx.ledger().models().get(name, null);
    return new Trained(spec, ctx, model, ModelArtifacts.load(model.artifactUri()));
  }

  JobSpec spec(String name, String table, int rounds) {
    return SpecLoader.parse(specYaml(name, table, rounds, 6, 42, bench.config().numWorkers(), bench.ledgerRoot()),
        "bench spec " + name, List.of());
  }

  static String specYaml(String name, String table, int rounds, int depth, long seed, int workers, String ledger) {
    return String.join("\n",
        "model:",
        "  name: " + name,
        "  task: binary",
        "  params: {num_round: " + rounds + ", max_depth: " + depth + ", eta: 0.1, tree_method: hist, "
            + "objective: \"binary:logistic\"}",
        "  seed: " + seed,
        "  num_workers: " + workers,
        "  device: cpu",
        "features:",
        "  numeric: [" + String.join(", ", HiggsData.featureNames()) + "]",
        "  label: " + HiggsData.LABEL,
        "  id: " + HiggsData.ID,
        "data:",
        "  train: {table: \"" + table + "\"}",
        "ledger: {root: \"" + ledger + "\"}",
        "");
  }

  /** What a user writes without Assay: the same params, workers and threads. */
  void bareTrain(String table, int rounds, String dir) {
    Dataset<Row> data = bench.spark().read().format("delta").load(table);
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(HiggsData.featureNames().toArray(String[]::new)).setOutputCol("features");
    saveFitted(new Pipeline().setStages(new PipelineStage[] {assembler, bareXgboost(bench, rounds)}).fit(data), dir);
  }

  /** The bare XGBoost stage of every bare side: Assay's params, workers, threads and seed, on column features. */
  static XGBoostClassifier bareXgboost(Bench bench, int rounds) {
    XGBoostClassifier xgb = bareXgboost(rounds, bench.spark().sparkContext().getConf().getInt("spark.task.cpus", 1));
    xgb.setNumWorkers(bench.config().numWorkers());
    return xgb;
  }

  /** The same with {@code nthread} threads and one worker (B13's bare process). */
  static XGBoostClassifier bareXgboost(int rounds, int nthread) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("objective", "binary:logistic");
    params.put("num_round", rounds);
    params.put("max_depth", 6);
    params.put("eta", 0.1);
    params.put("tree_method", "hist");
    params.put("verbosity", 0);
    params.put("nthread", nthread);
    XGBoostClassifier xgb = new XGBoostClassifier(JavaConverters.mapAsScalaMapConverter(params).asScala()
        .toMap(Predef.$conforms()));
    xgb.setFeaturesCol("features");
    xgb.setLabelCol(HiggsData.LABEL);
    xgb.setMissing(Float.NaN);
    xgb.setNumWorkers(1);
    xgb.setSeed(42);
    return xgb;
  }

  static void saveFitted(PipelineModel model, String dir) {
    try {
      model.write().overwrite().save(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
