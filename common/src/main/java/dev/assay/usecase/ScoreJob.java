package dev.assay.usecase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import dev.assay.data.DeltaCommits;
import dev.assay.data.SnapshotWarming;
import dev.assay.errors.DataErrors;
import dev.assay.errors.ModelErrors;
import dev.assay.ledger.CommitRetry;
import dev.assay.ledger.InterpretedQueries;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelRef;
import dev.assay.model.ScoreModel;
import dev.assay.run.Command;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spark.Columns;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.TableRef;
import dev.assay.spec.Task;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import dev.assay.version.RunKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructField;
import scala.Option;

/**
 * {@code score}: batch predictions of a registered model version on a pinned input version,
 * written to a Delta table with the id, {@code prediction}, {@code probability} (and for multiclass
 * models {@code probabilities}, see {@link ScoreModel#predictionColumns}) and the provenance columns (model,
 * input table id and version, run id, time).
 *
 * <p>Idempotence: each write is one Delta commit with {@code replaceWhere} on the slice's key
 * (model_name, model_version, input_table_id, input_version), so a retry or a rerun atomically
 * replaces that slice and never duplicates rows. Why not {@code txnAppId}/{@code txnVersion}: a
 * skipped transaction would leave the slice as it is even if someone deleted or edited it since,
 * and the app id would have to encode the whole key; {@code replaceWhere} makes the table's
 * content a function of the key whatever happened before. Other slices (other models, other
 * input versions) in the same table are never touched.
 *
 * <p>Why a new output table is partitioned by the slice's key: replacing a slice then removes its files by
 * partition, where on data columns Delta first scans the slice's files for the rows to keep (none): at 1M
 * rows a rerun's write took 0.4 to 2 s longer that way (docs/performance.md). A table made before, or by
 * hand without partitions, is written the same way, by the same predicate.
 */
public final class ScoreJob {
  /** The key of a slice of an output table: what one score run replaces, and a new table's partitions. */
  static final String[] SLICE_COLUMNS = {"model_name", "model_version", "input_table_id", "input_version"};

  private ScoreJob() {}

  public static JobResult run(JobContext ctx, ModelRef ref, TableRef input, String output) {
    String path = ctx.warehouse().resolve(output);
    // The output's state, which the slice's replaceWhere reads, computed while the model loads and the plan is made.
    SnapshotWarming outputState = SnapshotWarming.start(InterpretedQueries.session(ctx.spark()), path);
    try {
      return score(ctx, ref, input, output, path, outputState);
    } finally {
      outputState.await();
    }
  }

  private static JobResult score(JobContext ctx, ModelRef ref, TableRef input, String output, String path,
      SnapshotWarming outputState) {
    LoadedModel m = LoadedModel.load(ctx, ref.name(), ref.version());
    ModelRecord model = m.record();
    FeatureSpec f = m.trainSpec().features();
    if (f.id() == null) {
      throw ModelErrors.scoreWithoutId(model.ref());
    }
    DataVersion in = ctx.inputs().pin("input", input.table(), input.version(), input.timestamp());
    ctx.step("pinned input = %s v%d (table id %s)", input.table(), in.version(), in.tableId().substring(0, 8));
    ctx.setSpec(new RecordedSpec.Score(input, model.ref(), output));
    ctx.setRunKey(RunKey.of(Command.SCORE.code(), model.modelHash() + "|" + model.ref() + "|" + output,
        Map.of("input", in),
        CodeVersion.current().label(), Map.of("spark", ctx.spark().version())).value());

    Task task = model.task();
    double threshold = m.trainSpec().metrics().threshold();
    Dataset<Row> scored = ScoreModel.predict(m.pipeline(), ctx.inputs().read(in), f, task, input.table(), false);
    List<Column> columns = new ArrayList<>(List.of(Columns.named(f.id())));
    columns.addAll(ScoreModel.predictionColumns(task, threshold));
    columns.addAll(List.of(
        lit(model.modelName()).as("model_name"),
        lit(model.modelVersion()).as("model_version"),
        lit(in.tableId()).as("input_table_id"),
        lit(in.version()).as("input_version"),
        lit(ctx.runId()).as("run_id"),
        current_timestamp().as("scored_at")));
    Dataset<Row> out = scored.select(columns.toArray(Column[]::new));

    Object[] key = {model.modelName(), model.modelVersion(), in.tableId(), in.version()};
    Column sliceRows = col(SLICE_COLUMNS[0]).equalTo(lit(key[0]));
    for (int i = 1; i < SLICE_COLUMNS.length; i++) {
      sliceRows = sliceRows.and(col(SLICE_COLUMNS[i]).equalTo(lit(key[i])));
    }
    // Written out by Spark (Expression.sql() quotes literals), as the ledger's conditions are.
    String slice = sliceRows.expr().sql();
    String marker = "assay score run " + ctx.runId();
    long t0 = System.nanoTime();
    outputState.await();
    CommitRetry.run(path, () -> {
      boolean exists = DeltaLog.forTable(ctx.spark(), path).update(false, Option.empty(), Option.empty())
          .version() >= 0;
      if (exists) {
        requireScoreSchema(ctx.spark(), path, output, out, model);
      }
      DataFrameWriter<Row> write = out.write().format("delta").mode(exists ? "overwrite" : "append");
      if (!exists) {
        write = write.partitionBy(SLICE_COLUMNS);
      }
      write.option("replaceWhere", slice).option("userMetadata", marker).save(path);
      return null;
    });
    DeltaCommits.Commit commit = DeltaCommits.find(ctx.spark(), path, 50, marker).orElseThrow(() ->
        new IllegalStateException("Cannot find the commit of " + marker + " among the last 50 of " + output));
    long version = commit.version();
    String rows = commit.metric("numOutputRows").orElse("?");
    ctx.inputs().pin("output", output, version, null);
    ctx.step("scored %s rows of %s v%d with %s into %s v%d in %.1f s", rows, input.table(),
        in.version(), model.ref(), output, version, (System.nanoTime() - t0) / 1e9);
    return JobResult.succeeded(String.format("%s rows of %s v%d scored by %s in %s v%d", rows,
        input.table(), in.version(), model.ref(), output, version));
  }

  /** An existing output table must have exactly the score columns (the id type may differ per model). */
  private static void requireScoreSchema(SparkSession spark, String path, String output, Dataset<Row> out,
      ModelRecord model) {
    List<String> have = new ArrayList<>();
    for (StructField field : spark.read().format("delta").load(path).schema().fields()) {
      have.add(field.name() + " " + field.dataType().simpleString());
    }
    List<String> want = new ArrayList<>();
    for (StructField field : out.schema().fields()) {
      want.add(field.name() + " " + field.dataType().simpleString());
    }
    if (!have.equals(want)) {
      throw DataErrors.notAScoreTable(output, have, model.ref(), want);
    }
  }
}
