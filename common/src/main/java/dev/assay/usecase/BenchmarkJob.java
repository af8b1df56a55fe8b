package dev.assay.usecase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.assay.errors.AssayException;
import dev.assay.errors.DataErrors;
import dev.assay.errors.UsageErrors;
import dev.assay.gpu.DeviceModel;
import dev.assay.ledger.BenchmarkRecord;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelRef;
import dev.assay.model.AverageMembers;
import dev.assay.model.EnsembleArtifact;
import dev.assay.model.InputChecks;
import dev.assay.model.ModelArtifacts;
import dev.assay.model.ScoreModel;
import dev.assay.model.SingleRowLatency;
import dev.assay.model.StackArtifact;
import dev.assay.model.StackMembers;
import dev.assay.packaging.PackagedLatency;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.Algorithm;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.TableRef;
import dev.assay.version.DataVersion;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;


/**
 * {@code benchmark}: prediction cost of a model version on a pinned data version. Throughput is
 * rows per second of a full {@link ScoreModel#predict} pass through Spark over the cached input,
 * materialised by a sum of the scores (median of {@code repeat} timed passes after {@code warmup}
 * untimed ones). Latency is single-row p50/p95/p99 ({@link SingleRowLatency}) over at most
 * {@link #MAX_LATENCY_ROWS} rows. Results depend on the machine, so they are appended to the
 * {@code benchmarks} table with the CPU, core count, Java version and master, never to metrics.
 */
public final class BenchmarkJob {
  static final int MAX_LATENCY_ROWS = 10_000;

  private BenchmarkJob() {}

  public static JobResult run(JobContext ctx, ModelRef ref, TableRef input, Long maxRows, int warmup, int repeat,
      PrintStream out) {
    if (warmup < 0 || repeat < 1 || maxRows != null && maxRows < 1) {
      throw UsageErrors.benchmarkOptions(warmup, repeat, maxRows);
    }
    LoadedModel m = LoadedModel.load(ctx, ref.name(), ref.version());
    ModelRecord model = m.record();
    FeatureSpec f = m.trainSpec().features();
    DataVersion in = ctx.inputs().pin("input", input.table(), input.version(), input.timestamp());
    ctx.setSpec(new RecordedSpec.Benchmark(new RecordedSpec.PinnedTable(input.table(), in.version()), model.ref(),
        repeat, maxRows, warmup));

    Dataset<Row> data = ctx.inputs().read(in);
    if (maxRows != null) {
      data = data.limit((int) Math.min(maxRows, Integer.MAX_VALUE));
    }
    // Cached so that the timings measure scoring, not the Delta scan.
    Dataset<Row> cached = data.cache();
    try {
      long rows = cached.count();
      if (rows == 0) {
        throw DataErrors.emptyData(input.table(), "benchmark");
      }
      long[] nanos = new long[repeat];
      for (int i = 0; i < warmup + repeat; i++) {
        long t0 = System.nanoTime();
        ScoreModel.predict(m.pipeline(), cached, f, model.task(), input.table(), false)
            .agg(sum(col(ScoreModel.SCORE))).first();
        if (i >= warmup) {
          nanos[i - warmup] = System.nanoTime() - t0;
        }
      }
      Arrays.sort(nanos);
      double median = nanos[(repeat - 1) / 2] / 1e9;
      double throughput = rows / median;
      ctx.step("throughput %.0f rows/s (median of %d pass(es) over %d rows)", throughput, repeat, rows);

      Dataset<Row> prepared = InputChecks.prepare(m.pipeline(), cached, f, input.table(), false, List.of());
      int latencyRows = (int) Math.min(rows, MAX_LATENCY_ROWS);
      StackMembers stack = StackMembers.of(m.pipeline());
      SingleRowLatency.Result lat = stack == null
          ? SingleRowLatency.measure(latencyParts(ctx, model, m), prepared, latencyRows, warmup)
          : SingleRowLatency.measureStack(stack, stackParts(ctx, model.artifactUri(), stack.descriptor().members(),
              stack.bases()), stackParts(ctx, model.artifactUri(), List.of(stack.descriptor().meta()),
              List.of(stack.meta())).get(0), prepared, latencyRows, warmup);
      BenchmarkRecord.PackagedLatency packaged = packagedLatency(ctx, m, cached, in, input.table(), latencyRows,
          warmup);
      int cores = Runtime.getRuntime().availableProcessors();
      String cpu = cpuModel();
      BenchmarkRecord record = new BenchmarkRecord(model.modelName(), model.modelVersion(), input.table(),
          in.tableId(), in.version(), rows, throughput, lat.p50Ms(), lat.p95Ms(), lat.p99Ms(), lat.rows(),
          lat.method(), warmup, repeat, ctx.engine(), cpu, cores, System.getProperty("java.version"),
          ctx.spark().sparkContext().master(), ctx.runId(), new Timestamp(System.currentTimeMillis()), packaged);
      ctx.ledger().benchmarks().append(record);
      out.printf("benchmark %s on %s v%d: %d rows, %.0f rows/s; single-row p50 %.3f ms, p95 %.3f ms, p99 %.3f ms "
          + "over %d rows (%s; %s, %d cores, %s)%n", model.ref(), input.table(), in.version(), rows, throughput,
          lat.p50Ms(), lat.p95Ms(), lat.p99Ms(), lat.rows(), lat.method(), cpu == null ? "cpu unknown" : cpu, cores,
          ctx.spark().sparkContext().master());
      out.printf("benchmark %s packaged (Spark-free scorer): %s%n", model.ref(), packaged.p50Ms() == null
          ? packaged.method() : String.format("single-row p50 %.3f ms, p95 %.3f ms, p99 %.3f ms", packaged.p50Ms(),
          packaged.p95Ms(), packaged.p99Ms()));
      out.flush();
      return JobResult.succeeded(String.format("benchmark of %s recorded", model.ref()));
    } finally {
      cached.unpersist();
    }
  }

  /**
   * The single-row latency of the model's package in the Spark-free scorer ({@link PackagedLatency}), exported as
   * {@code export} exports it (an ensemble with its members); a model the scorer cannot run is not measured and
   * the record says why.
   */
  private static BenchmarkRecord.PackagedLatency packagedLatency(JobContext ctx, LoadedModel m, Dataset<Row> input,
      DataVersion in, String table, int rows, int warmup) {
    try {
      ExportJob.checkExportable(m, "");
      return PackagedLatency.measure(ExportJob.request(ctx, m, input, in, table, rows, null), rows, warmup);
    } catch (AssayException e) {
      return PackagedLatency.notMeasured(e);
    }
  }

  /** The model itself, or for an ensemble each member with its booster, predicted row by row. */
  private static List<SingleRowLatency.Part> latencyParts(JobContext ctx, ModelRecord model, LoadedModel m) {
    if (m.pipeline().stages()[0] instanceof AverageMembers avg) {
      List<EnsembleArtifact.Member> members = EnsembleArtifact.read(ctx.spark(), model.artifactUri()).members();
      List<SingleRowLatency.Part> parts = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        EnsembleArtifact.Member member = members.get(i);
        byte[] booster = Algorithm.XGBOOST.code().equals(member.algorithm())
            ? ModelArtifacts.readBooster(ctx.spark(), member.artifactUri()) : null;
        parts.add(new SingleRowLatency.Part(avg.members().get(i), booster));
      }
      return parts;
    }
    byte[] booster = model.algorithm() != Algorithm.XGBOOST ? null
        : ModelArtifacts.readBooster(ctx.spark(), model.artifactUri());
    return List.of(new SingleRowLatency.Part(m.pipeline(), booster));
  }

  /** The parts of a stack with their boosters (XGBoost parts), read from the stack's artifact directory. */
  private static List<SingleRowLatency.Part> stackParts(JobContext ctx, String dir, List<StackArtifact.Part> parts,
      List<PipelineModel> pipelines) {
    List<SingleRowLatency.Part> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      byte[] booster = Algorithm.XGBOOST.code().equals(parts.get(i).algorithm())
          ? ModelArtifacts.readBooster(ctx.spark(), dir + "/" + parts.get(i).path()) : null;
      out.add(new SingleRowLatency.Part(pipelines.get(i), booster));
    }
    return out;
  }

  /** The CPU's "model name" from /proc/cpuinfo, or null where that is not readable (not Linux). */
  static String cpuModel() {
    return DeviceModel.cpu();
  }
}
