package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.metrics.MetricValue;
import dev.assay.spec.Task;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** score, benchmark and external predictions through the CLI, in one JVM (MLlib and ONNX: ModelFamiliesCliTest). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeCliTest extends CliWarehouseTest {
  static final Path SPECS = Path.of("..", "conf", "specs").toAbsolutePath().normalize();
  static final String SPEC = SPECS.resolve("demo-xgb.yaml").toString();

  @BeforeAll
  static void demoDataAndAModel() {
    demoTables();
    ok("train", "--spec", SPEC, "--set", "model.params.num_round=8");
  }

  @Test
  @Order(1)
  void scoreIsIdempotentAndRecordsItsOutputVersion() {
    long evalRows = spark.read().format("delta").option("versionAsOf", 0).load(warehouse.resolve("demo/eval")
        .toString()).count();
    CliRun.Result a = run("score", "--model", "churn-xgb:1", "--input", "demo/eval@0", "--output", "scores/churn");
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(table("scores/churn").count()).isEqualTo(evalRows);
    CliRun.Result again = run("score", "--model", "churn-xgb:1", "--input", "demo/eval@0", "--output", "scores/churn");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(table("scores/churn").count()).isEqualTo(evalRows);
    assertThat(table("scores/churn").select("customer_id").distinct().count()).isEqualTo(evalRows);
    assertThat(table("scores/churn").columns()).containsExactly("customer_id", "prediction", "probability",
        "model_name", "model_version", "input_table_id", "input_version", "run_id", "scored_at");
    assertThat(table("scores/churn").where("probability < 0 or probability > 1 or prediction not in (0, 1)").count())
        .isZero();
    // Partitioned by the slice's key; another input version is a slice of its own, beside the first.
    assertThat(DeltaTable.forPath(spark, warehouse.resolve("scores/churn").toString()).detail()
        .select("partitionColumns").first().getList(0)).containsExactly("model_name", "model_version",
        "input_table_id", "input_version");
    CliRun.Result other = run("score", "--model", "churn-xgb:1", "--input", "demo/eval@1", "--output", "scores/churn");
    assertThat(other.code()).as(other.err()).isZero();
    assertThat(table("scores/churn").groupBy("input_version").count().orderBy("input_version").collectAsList()
        .toString()).isEqualTo("[[0," + evalRows + "], [1," + spark.read().format("delta").option("versionAsOf", 1)
        .load(warehouse.resolve("demo/eval").toString()).count() + "]]");

    CliRun.Result roles = run("sql",
        "select dv.role, dv.table, dv.version from assay.runs lateral view explode(data_versions) "
        + "t as dv where command = 'score' order by started_at, dv.role");
    assertThat(roles.out()).isEqualTo("role,table,version\ninput,demo/eval,0\noutput,scores/churn,0\n"
        + "input,demo/eval,0\noutput,scores/churn,1\ninput,demo/eval,1\noutput,scores/churn,2\n");
  }

  @Test
  @Order(2)
  void scoredPredictionsGiveTheStoredMetricsBitForBit() {
    Dataset<Row> labels = spark.read().format("delta").option("versionAsOf", 0)
        .load(warehouse.resolve("demo/eval").toString()).select(col("customer_id"), col("churned").cast("double"));
    Dataset<Row> joined = table("scores/churn").where("model_version = 1 and input_version = 0")
        .join(labels, "customer_id");
    Map<String, Double> stored = new HashMap<>(stored("churn-xgb", 1, 0));
    // The leakage check compares rows with the training data, not predictions with labels: not recomputable here.
    assertThat(stored.remove(TrainOverlap.ROWS)).isZero();
    assertThat(stored.remove(TrainOverlap.SHARE)).isZero();
    List<MetricValue> recomputed = EvaluateModel.fromPredictions(joined, "churned", "probability", Task.BINARY, 0.5);
    assertThat(recomputed).hasSize(stored.size());
    for (MetricValue v : recomputed) {
      assertThat(v.value()).as(v.metric()).isEqualTo(stored.get(v.metric()));
      assertThat(Double.doubleToRawLongBits(v.value())).isEqualTo(Double.doubleToRawLongBits(stored.get(v.metric())));
    }
  }

  @Test
  @Order(3)
  @Tag("slow") // trains a second model: CI runs it; the default suite keeps score's bad paths of BadInputMatrixTest
  void scoreRefusesAModelWithoutIdAndAForeignOutputTable() {
    CliRun.Result t = run("train", "--spec", SPEC, "--set", "model.name=churn-noid", "--set", "features.id=null",
        "--set", "model.params.num_round=2");
    assertThat(t.code()).as(t.err()).isZero();
    CliRun.Result noId = run("score", "--model", "churn-noid", "--input", "demo/eval@0", "--output", "scores/noid");
    assertThat(noId.code()).isEqualTo(2);
    assertThat(noId.err()).contains("Cannot score with model churn-noid:1: its spec has no features.id, and scored "
        + "rows need an id to be joined back to their data; retrain it with features.id set");
    assertThat(Files.exists(warehouse.resolve("scores/noid"))).isFalse();

    spark.range(3).write().format("delta").save(warehouse.resolve("scores/foreign").toString());
    CliRun.Result foreign = run("score", "--model", "churn-xgb:1", "--input", "demo/eval@0", "--output",
        "scores/foreign");
    assertThat(foreign.code()).isEqualTo(3);
    assertThat(foreign.err()).contains("Table 'scores/foreign' exists with columns [id bigint], which is not a score "
        + "table for model churn-xgb:1");
    assertThat(table("scores/foreign").count()).isEqualTo(3);
  }

  @Test
  @Order(4)
  void benchmarkAppendsOneSaneRow() {
    CliRun.Result b = run("benchmark", "--model", "churn-xgb:1", "--input", "demo/eval@0", "--rows", "300", "--warmup",
        "1",
        "--repeat", "2");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(b.out()).startsWith("benchmark churn-xgb:1 on demo/eval v0: 300 rows, ");
    Row r = table("ledger/benchmarks").first();
    assertThat(table("ledger/benchmarks").count()).isEqualTo(1);
    assertThat(r.<Long>getAs("rows")).isEqualTo(300L);
    assertThat(r.<Double>getAs("throughput_rows_per_s")).isPositive();
    double p50 = r.getAs("p50_ms");
    double p95 = r.getAs("p95_ms");
    double p99 = r.getAs("p99_ms");
    assertThat(p50).isPositive().isLessThanOrEqualTo(p95);
    assertThat(p95).isLessThanOrEqualTo(p99);
    assertThat(r.<String>getAs("latency_method")).startsWith("xgboost4j native Booster.predict");
    assertThat(r.<Integer>getAs("cores")).isPositive();
    assertThat(r.<Integer>getAs("warmup")).isEqualTo(1);
    assertThat(r.<Integer>getAs("repeat")).isEqualTo(2);
    assertThat(r.<String>getAs("java_version")).startsWith("17");
    // What a server sees: the exported package in the Spark-free scorer, one row map at a time.
    double packagedP50 = r.getAs("package_p50_ms");
    assertThat(packagedP50).isPositive().isLessThanOrEqualTo(r.<Double>getAs("package_p95_ms"));
    assertThat(r.<Double>getAs("package_p95_ms")).isLessThanOrEqualTo(r.<Double>getAs("package_p99_ms"));
    assertThat(r.<String>getAs("package_method")).isEqualTo("ModelPackage.predict(row map) in the Spark-free scorer, "
        + "300 rows, 1 warm-up pass(es)");
    assertThat(b.out()).contains("benchmark churn-xgb:1 packaged (Spark-free scorer): single-row p50 ");
  }

  @Test
  @Order(6)
  @Tag("slow") // about 1.5 minutes with the other test JVM busy: CI runs it; the default suite keeps the bad inputs of
  // external predictions (BadInputMatrixTest: duplicate ids, infinite scores)
  void externalPredictionsGiveTheModelsOwnMetricsBitForBit(@TempDir Path tmp) throws Exception {
    // A Python service's output, as CSV: Double.toString writes the shortest decimal that reads back exactly.
    List<Row> scores = table("scores/churn").where("model_name = 'churn-xgb' and input_version = 0")
        .select("customer_id", "probability").orderBy("customer_id").collectAsList();
    List<String> lines = new ArrayList<>(List.of("customer_id,score"));
    for (Row r : scores) {
      lines.add(r.getString(0) + "," + Double.toString(r.getDouble(1)));
    }
    Files.write(tmp.resolve("preds.csv"), lines);
    CliRun.Result ingest = run("ingest", "--source", tmp.resolve("preds.csv").toString(), "--table", "ext/preds");
    assertThat(ingest.code()).as(ingest.err()).isZero();
    Path spec = tmp.resolve("suite.yaml");
    Files.writeString(spec, Files.readString(Path.of(SPEC)).replace("    recent: {table: demo/eval, version: 1}\n",
        ""));

    CliRun.Result ext = run("evaluate", "--predictions", "ext/preds@0", "--name", "churn-ext", "--spec",
        spec.toString());
    assertThat(ext.code()).as(ext.err()).isZero();
    Map<String, Double> own = new HashMap<>(stored("churn-xgb", 1, 0));
    Map<String, Double> external = stored("churn-ext", 1, 0);
    // External predictions have no training data in the ledger: no leakage check (README, Leakage check).
    assertThat(own).containsKeys(TrainOverlap.ROWS, TrainOverlap.SHARE);
    assertThat(external).doesNotContainKeys(TrainOverlap.ROWS, TrainOverlap.SHARE);
    own.keySet().removeAll(List.of(TrainOverlap.ROWS, TrainOverlap.SHARE));
    assertThat(external).hasSize(own.size());
    own.forEach((metric, value) -> assertThat(Double.doubleToRawLongBits(external.get(metric))).as(metric)
        .isEqualTo(Double.doubleToRawLongBits(value)));
    CliRun.Result model = run("sql", "select algorithm, stage, model_hash like '%@v0' as versioned from assay.models "
        + "where model_name = 'churn-ext'");
    assertThat(model.out()).isEqualTo("algorithm,stage,versioned\nexternal,candidate,true\n");

    long models = table("ledger/models").count();
    long metrics = table("ledger/metrics").count();
    CliRun.Result again = run("evaluate", "--predictions", "ext/preds@0", "--name", "churn-ext", "--spec",
        spec.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(table("ledger/models").count()).isEqualTo(models);
    assertThat(table("ledger/metrics").count()).isEqualTo(metrics);

    List<String> dup = new ArrayList<>(lines);
    dup.add(lines.get(1));
    dup.add(lines.get(2));
    Files.write(tmp.resolve("dup.csv"), dup);
    assertThat(run("ingest", "--source", tmp.resolve("dup.csv").toString(), "--table", "ext/dup").code()).isZero();
    CliRun.Result dupEval = run("evaluate", "--predictions", "ext/dup", "--name", "churn-dup", "--spec",
        spec.toString());
    assertThat(dupEval.code()).isEqualTo(3);
    assertThat(dupEval.err()).contains("Table 'ext/dup' has 2 duplicate id(s) in column 'customer_id' (2 extra "
        + "row(s) of 1202): keep one prediction per id");

    List<String> foreign = new ArrayList<>(lines);
    foreign.add("X000000001,0.5");
    Files.write(tmp.resolve("foreign.csv"), foreign);
    assertThat(run("ingest", "--source", tmp.resolve("foreign.csv").toString(), "--table", "ext/foreign").code())
        .isZero();
    CliRun.Result foreignEval = run("evaluate", "--predictions", "ext/foreign", "--name", "churn-foreign", "--spec",
        spec.toString());
    assertThat(foreignEval.code()).isEqualTo(3);
    assertThat(foreignEval.err()).contains("Table 'ext/foreign' has 1 prediction id(s) that are not in 'demo/eval' "
        + "(1200 rows)");
    assertThat(table("ledger/models").count()).isEqualTo(models);
    assertThat(table("ledger/metrics").count()).isEqualTo(metrics);
  }
}
