package dev.assay.bench;

import static org.apache.spark.sql.functions.col;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.assay.ledger.ModelRef;
import dev.assay.model.InputChecks;
import dev.assay.model.ModelArtifacts;
import dev.assay.model.ScoreModel;
import dev.assay.model.SingleRowLatency;
import dev.assay.model.SingleRowPredictors;
import dev.assay.onnx.OnnxSessions;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.TableRef;
import dev.assay.spec.Task;
import dev.assay.usecase.ImportModelJob;
import dev.assay.usecase.ScoreJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * B8: imported ONNX models scored by Assay against ONNX Runtime called directly in a plain Java loop over the same
 * rows, already in memory as one float32 array: batches of 512 rows (throughput) and one row per call (single-row
 * latency). Two graphs over the HIGGS-like features, both made by scripts/make-onnx-fixtures with random weights:
 * a small PyTorch MLP 28-64-64-1 (6k multiply-adds per row: the bare loop is nearly free, so the ratio is the cost
 * of reading and feeding rows), and the deep network published for the HIGGS data, 28-300x5-1 (369k per row: the
 * graph's own cost dominates, as it does for the models teams serve). For throughput the bare loop's session has
 * ONNX Runtime's default threads (one per core) and Assay's tasks run one per core with one intra-op thread each;
 * for single-row latency both sides have one thread. Two floor pairs say what no Spark path can go below: the Delta
 * read of the features into rows, and the scan's own column batches with every value read and no row made.
 */
final class OnnxBench {
  static final String MODEL_RESOURCE = "/onnx/higgs-mlp.onnx";
  static final String DEEP_RESOURCE = "/onnx/higgs-dnn.onnx";
  private static final int BATCH = 512;

  private final Bench bench;

  OnnxBench(Bench bench) {
    this.bench = bench;
  }

  /** One imported graph: its bytes, spec and loaded pipeline. */
  private record Imported(String label, byte[] graph, JobSpec spec, PipelineModel pipeline) {}

  List<Result> run(long rows) throws IOException, OrtException {
    String table = bench.tables().higgs(rows);
    bench.profileAs("B8");
    Dataset<Row> input = bench.spark().read().format("delta").load(table);
    float[] x = features(input);
    int n = x.length / HiggsData.FEATURES;
    List<Result> out = new ArrayList<>();
    Imported mlp = importModel(MODEL_RESOURCE, "b8-onnx-" + rows, "MLP 28-64-64-1", table);
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(mlp.graph(),
        new OrtSession.SessionOptions())) {
      out.add(throughput(mlp, input, table, rows, session, x, n));
      Column[] featureColumns = HiggsData.featureNames().stream().map(c -> col(c)).toArray(Column[]::new);
      out.add(bench.pair("B8", "the floor of any Spark path: reading the features", Report.rows(rows) + " rows",
          "Spark alone: the Delta read of the 28 feature columns, noop sink (no model)", "the same bare loop",
          Target.NONE, rep -> input.select(featureColumns).write().format("noop").mode("overwrite").save(),
          rep -> loop(session, x, n, BATCH)));
      out.add(bench.pair("B8", "the floor under any row: the columnar scan of the features", Report.rows(rows)
          + " rows", "Spark alone: the Delta scan's column batches of the 28 features, every value read, no row made",
          "the same bare loop", Target.NONE, rep -> columnarScan(input.select(featureColumns)),
          rep -> loop(session, x, n, BATCH)));
      String name = mlp.spec().model().name();
      out.add(bench.pair("B8", "`assay score` of an ONNX model", Report.rows(rows) + " rows",
          "ScoreJob in-process (load, hash check, score, Delta write, ledger)", "the same bare loop", Target.NONE,
          rep -> bench.job("score", bench.ledgerRoot(), ctx -> ScoreJob.run(ctx, new ModelRef(name, null),
              new TableRef(table, null, null), bench.runDir().resolve("scores-onnx").toString())),
          rep -> loop(session, x, n, BATCH)));
    }
    out.add(singleRow(mlp, input, table, x, n));
    Imported dnn = importModel(DEEP_RESOURCE, "b8-onnx-dnn-" + rows, "DNN 28-300x5-1", table);
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(dnn.graph(),
        new OrtSession.SessionOptions())) {
      out.add(throughput(dnn, input, table, rows, session, x, n));
    }
    out.add(singleRow(dnn, input, table, x, n));
    return out;
  }

  /** Imports the graph on the classpath at {@code resource} as model {@code name}, as `assay import-model` does. */
  private Imported importModel(String resource, String name, String label, String table) throws IOException {
    byte[] graph = graph(resource);
    Path file = bench.runDir().resolve(name + ".onnx");
    Files.write(file, graph);
    JobSpec spec = SpecLoader.parse(specYaml(name, table, bench.ledgerRoot()), "bench spec " + name, List.of());
    bench.job("import-model", bench.ledgerRoot(), ctx -> ImportModelJob.run(ctx, spec, file.toString()));
    String artifact = bench.spark().read().format("delta").load(bench.ledgerRoot() + "/models")
        .where(col("model_name").equalTo(name)).select("artifact_uri").first().getString(0);
    return new Imported(label, graph, spec, ModelArtifacts.load(artifact));
  }

  private Result throughput(Imported m, Dataset<Row> input, String table, long rows, OrtSession session, float[] x,
      int n) {
    return bench.pair("B8", "ONNX scoring throughput, " + m.label(), Report.rows(rows) + " rows",
        "the imported model's pipeline through Spark (Delta read, dense features, ORT per partition; noop sink)",
        "ORT session.run over the rows in memory, 512 per call", Target.ratio(1.2),
        rep -> ScoreModel.predict(m.pipeline(), input, m.spec().features(), Task.BINARY, table, false).write()
            .format("noop").mode("overwrite").save(),
        rep -> loop(session, x, n, BATCH));
  }

  /**
   * As `assay benchmark` times it: the sample, the compiled per-row feature chain and the session made once,
   * untimed; timed, every row's features computed from its columns and one 1-row ORT call. Both sides' sessions
   * have one intra-op thread (a serving process runs one request per thread), so the ratio is Assay's per-row work
   * and not a thread count: with ORT's default of one thread per core, the deep graph's single call runs on both
   * cores.
   */
  private Result singleRow(Imported m, Dataset<Row> input, String table, float[] x, int n) throws OrtException {
    int single = (int) Math.min(n, bench.config().quick() ? 2_000 : 20_000);
    try (SingleRowPredictors perRow = SingleRowLatency.predictors(m.pipeline(), null,
        InputChecks.prepare(m.pipeline(), input, m.spec().features(), table, false, List.of()), single);
        OrtSession session = OnnxSessions.open(m.graph(), 1, -1)) {
      return bench.pair("B8", "ONNX single-row latency, " + m.label(), single + " rows one at a time",
          "SingleRowLatency's predictors (as `assay benchmark`: features per row, one 1-row tensor per call)",
          "ORT session.run with one 1-row tensor per call, one intra-op thread as Assay's", Target.ratio(1.2),
          // One untimed pass before each timed one, on both sides: a serving process is warm.
          rep -> perRow.predictAll(), rep -> perRow.predictAll(),
          rep -> loop(session, x, single, 1), rep -> loop(session, x, single, 1));
    }
  }

  /**
   * Every value of {@code columns}' Delta scan read from the scan's own column batches, as a scorer fed from column
   * vectors would read them: no row, no projection, no vector column. What no Spark path can go below.
   */
  static long columnarScan(Dataset<Row> columns) {
    SparkPlan scan = columns.queryExecution().executedPlan();
    while (!(scan instanceof FileSourceScanExec) && scan.children().nonEmpty()) {
      scan = scan.children().head();
    }
    if (!(scan instanceof FileSourceScanExec) || !scan.supportsColumnar()) {
      throw new IllegalStateException("Cannot time the columnar scan: the plan has no vectorized file scan: "
          + columns.queryExecution().executedPlan());
    }
    return scan.executeColumnar().toJavaRDD().map(OnnxBench::readAll).reduce(Long::sum);
  }

  /** The batch's row count, after reading every double of it (the sum feeds the result: no read is dropped). */
  private static long readAll(ColumnarBatch batch) {
    double sum = 0;
    for (int c = 0; c < batch.numCols(); c++) {
      ColumnVector v = batch.column(c);
      for (int i = 0; i < batch.numRows(); i++) {
        sum += v.getDouble(i);
      }
    }
    return batch.numRows() + (sum == Double.MIN_VALUE ? 1 : 0);
  }

  /** The bare loop: every row of {@code x} through {@code session}, {@code batch} rows per call. */
  static double loop(OrtSession session, float[] x, int n, int batch) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double sink = 0;
    int f = HiggsData.FEATURES;
    for (int start = 0; start < n; start += batch) {
      int rows = Math.min(batch, n - start);
      try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, start * f, rows * f).slice(),
          new long[] {rows, f}); OrtSession.Result r = session.run(Map.of("features", t))) {
        FloatBuffer p = ((OnnxTensor) r.get(0)).getFloatBuffer();
        sink += p.get(0);
      }
    }
    return sink;
  }

  /** The table's features in id order as one row-major float32 array, nulls as NaN (as Assay feeds them). */
  private static float[] features(Dataset<Row> input) {
    List<Row> rows = input.orderBy(HiggsData.ID).select(HiggsData.featureNames().stream().map(c -> col(c))
        .toArray(Column[]::new)).collectAsList();
    int f = HiggsData.FEATURES;
    float[] x = new float[rows.size() * f];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      for (int j = 0; j < f; j++) {
        x[i * f + j] = r.isNullAt(j) ? Float.NaN : (float) r.getDouble(j);
      }
    }
    return x;
  }

  private static byte[] graph(String resource) {
    try (InputStream in = OnnxBench.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find " + resource + " on the classpath: run "
            + "scripts/make-onnx-fixtures");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String specYaml(String name, String table, String ledger) {
    return String.join("\n",
        "model:",
        "  name: " + name,
        "  algorithm: onnx",
        "  task: binary",
        "  onnx: {input: features, output: probability}",
        "features:",
        "  numeric: [" + String.join(", ", HiggsData.featureNames()) + "]",
        "  label: " + HiggsData.LABEL,
        "  id: " + HiggsData.ID,
        "data:",
        "  eval: {holdout: {table: \"" + table + "\"}}",
        "ledger: {root: \"" + ledger + "\"}",
        "");
  }
}
