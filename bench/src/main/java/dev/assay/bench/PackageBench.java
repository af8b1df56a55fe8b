package dev.assay.bench;

import dev.assay.ledger.ModelRecord;
import dev.assay.packaging.ExportPackage;
import dev.assay.run.JobContext;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import dev.assay.version.DataVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * B12: what a server pays per row for an exported package (issue 18). One XGBoost model trained by
 * {@code TrainJob}, exported, and loaded in the Spark-free scorer: {@code ModelPackage.predict} on one row map at a
 * time (input coercion, the pipeline, one 1-row DMatrix) against XGBoost4J's {@code Booster.predict} on a 1-row
 * DMatrix built from the row's ready float vector, the bare library call a hand-written server makes; then against
 * Spark's own {@code PipelineModel.transform} on a one-row DataFrame per row (no target: a reference point).
 */
final class PackageBench {
  /** Rows per timed pass of the scorer and the bare booster. */
  static final int LATENCY_ROWS = 20_000;
  /** Rows per timed pass of the Spark comparison (a Spark job per row). */
  static final int SPARK_ROWS = 200;

  private final Bench bench;

  PackageBench(Bench bench) {
    this.bench = bench;
  }

  List<Result> run(long rows) throws Exception {
    String table = bench.tables().higgs(rows);
    TrainBench.Trained trained = new TrainBench(bench).trainAndLoad("b12-" + rows, table, "export");
    JobContext ctx = trained.ctx();
    ModelRecord model = trained.model();
    PipelineModel pipeline = trained.pipeline();
    DataVersion pinned = ctx.inputs().pin("golden", table, null, null);
    Dataset<Row> data = ctx.inputs().read(pinned);
    Path dir = Path.of(bench.ledgerRoot()).resolveSibling("b12-package-" + rows);
    ExportPackage.deleteQuietly(dir);
    ExportPackage.export(new ExportPackage.Request(model, trained.spec(), pipeline, data.schema(), data, pinned, table,
        200, dir, List.of()));

    try (ModelPackage p = ModelPackage.load(dir)) {
      List<String> inputs = p.manifest().inputs().stream().map(Manifest.Input::name).toList();
      List<Row> sample = data.limit(LATENCY_ROWS).collectAsList();
      List<Map<String, Object>> maps = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (Row r : sample) {
        Map<String, Object> m = new LinkedHashMap<>();
        float[] v = new float[inputs.size()];
        for (int j = 0; j < inputs.size(); j++) {
          Object x = r.getAs(inputs.get(j));
          m.put(inputs.get(j), x);
          v[j] = x == null ? Float.NaN : (float) ((Number) x).doubleValue();
        }
        maps.add(m);
        vectors.add(v);
      }
      if (!p.manifest().features().vector().equals(inputs)) {
        throw new IllegalStateException("B12: the bench table's features are not its inputs in order");
      }
      Booster booster = XGBoost.loadModel(dir.resolve("model/booster.json").toString());
      String size = String.format("%s single-row predictions, %d rounds, %d features", Report.rows(maps.size()),
          bench.config().rounds(), inputs.size());
      List<Result> results = new ArrayList<>();
      results.add(bench.pair("B12", "packaged scorer, single-row latency", size,
          "ModelPackage.predict(row map), Spark-free", "Booster.predict(1-row DMatrix of the ready float vector)",
          Target.ratio(1.2),
          rep -> maps.forEach(p::predict),
          rep -> {
            for (float[] v : vectors) {
              DMatrix m = new DMatrix(v, 1, v.length, Float.NaN);
              booster.predict(m);
              m.dispose();
            }
          }));
      List<Map<String, Object>> few = maps.subList(0, Math.min(SPARK_ROWS, maps.size()));
      results.add(bench.pair("B12", "packaged scorer vs Spark transform per row", String.format("%d single-row "
          + "predictions", few.size()), "ModelPackage.predict(row map), Spark-free",
          "PipelineModel.transform(1-row DataFrame).collect() per row (Spark)", Target.NONE,
          rep -> few.forEach(p::predict),
          rep -> {
            for (Row r : sample.subList(0, few.size())) {
              pipeline.transform(bench.spark().createDataFrame(List.of(r), data.schema())).collectAsList();
            }
          }));
      booster.dispose();
      return results;
    } finally {
      ExportPackage.deleteQuietly(dir);
    }
  }
}
