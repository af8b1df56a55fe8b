package dev.assay.usecase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.assay.data.RowFilter;
import dev.assay.errors.DataErrors;
import dev.assay.errors.ModelErrors;
import dev.assay.errors.SpecErrors;
import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.SaveMetrics;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelStage;
import dev.assay.ledger.Where;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.metrics.MetricValue;
import dev.assay.run.Command;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spark.Columns;
import dev.assay.spec.Algorithm;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.JobSpec;
import dev.assay.spec.Names;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.TableRef;
import dev.assay.spec.Task;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import dev.assay.version.RunKey;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.NumericType;
import scala.collection.JavaConverters;
import scala.collection.Seq;


/**
 * {@code evaluate --predictions}: metrics of predictions made outside Assay (a Python service, R,
 * another system), joined by id with the labels of each evaluation reference of a spec and
 * computed by the same metric code as Assay's own models.
 *
 * <p>The predictions version is registered as a model row of algorithm {@code external}
 * ({@code artifact_uri} the predictions table, {@code model_hash} {@code <table_id>@v<version>}),
 * so its metrics have a real model version and appear in leaderboards beside trained models.
 * The same predictions version under the same name reuses that row, and the insert-only metrics
 * MERGE makes a second evaluation write nothing.
 *
 * <p>Every prediction id must be in the evaluation version and every evaluation row must have a
 * prediction, once: metrics stored under an evaluation version describe that whole version, or
 * they would not be comparable with the other models' metrics on it.
 */
public final class ExternalEvaluateJob {
  /** The role of the pinned predictions version among a run's inputs. */
  public static final String PREDICTIONS_ROLE = "predictions";
  private static final String SCORE = "__assay_score";
  private static final String LABEL = "__assay_label";

  private ExternalEvaluateJob() {}

  public static JobResult run(JobContext ctx, TableRef predictions, String name, JobSpec spec, String scoreCol) {
    Names.checkModelName("option --name", name);
    FeatureSpec f = spec.features();
    if (f.id() == null) {
      throw SpecErrors.externalWithoutId();
    }
    if (spec.data().eval().isEmpty()) {
      throw SpecErrors.externalWithoutEvalSuite();
    }
    Task task = spec.model().task();
    double threshold = spec.metrics().threshold();
    Map<String, DataVersion> byRole = new LinkedHashMap<>();
    DataVersion pv = TrainJob.pin(ctx, PREDICTIONS_ROLE, predictions, byRole);
    Map<String, DataVersion> evals = new LinkedHashMap<>();
    spec.data().eval().forEach((n, ref) -> evals.put(n, TrainJob.pin(ctx, "eval:" + n, ref, byRole)));
    String hash = pv.tableId() + "@v" + pv.version();
    String canonical = SpecLoader.canonicalJson(spec);
    ctx.setSpec(new RecordedSpec.ExternalEvaluate(name, new RecordedSpec.PinnedTable(predictions.table(), pv.version()),
        scoreCol, spec));
    ctx.setRunKey(RunKey.of(Command.EVALUATE.code(), "external|" + name + "|" + scoreCol + "|" + canonical, byRole,
        MetricCodeVersion.current(), Map.of("spark", ctx.spark().version())).value());

    Dataset<Row> preds = predictionsFrame(ctx.inputs().read(pv), f.id(), scoreCol, predictions.table());
    Map<String, List<MetricValue>> values = new LinkedHashMap<>();
    for (Map.Entry<String, DataVersion> e : evals.entrySet()) {
      TableRef ref = spec.data().eval().get(e.getKey());
      Dataset<Row> eval = RowFilter.apply(ctx.inputs().read(e.getValue()), RowFilter.evalKey(e.getKey()), ref.filter(),
          ref.table(), e.getValue());
      Dataset<Row> joined = join(preds, eval, f, predictions.table(), ref.table());
      List<MetricValue> v = EvaluateModel.fromPredictions(joined, LABEL, SCORE, task, threshold);
      values.put(e.getKey(), v);
      ctx.step("evaluated %s v%d predictions on %s %s v%d: %s", predictions.table(), pv.version(), e.getKey(),
          ref.table(), e.getValue().version(), TrainJob.headline(v));
    }

    ModelRecord model = existing(ctx, name, hash).orElse(null);
    if (model == null) {
      ctx.modelsWritten();
      model = ctx.ledger().models().register(new ModelRecord(name, 0, ctx.runId(), ctx.runKey(), Algorithm.EXTERNAL,
          task,
          pv.path(), null, null, hash, Map.of("score_col", scoreCol), List.of(), f.label(), canonical,
          ctx.inputs().inputs().stream().filter(i -> i.role().equals(PREDICTIONS_ROLE)).toList(), 0L,
          spec.model().seed(), 0, ModelStage.CANDIDATE, ctx.engine(), CodeVersion.current().label(), null,
          new Timestamp(System.currentTimeMillis()), null));
      ctx.step("registered external predictions %s v%d as model %s", predictions.table(), pv.version(), model.ref());
    } else {
      ctx.step("external predictions %s v%d are model %s already", predictions.table(), pv.version(), model.ref());
    }
    List<MetricRow> rows = new ArrayList<>();
    for (Map.Entry<String, DataVersion> e : evals.entrySet()) {
      rows.addAll(EvaluateModel.rows(ctx, model.id(), EvaluateModel.cell(e.getKey(), spec.data().eval().get(e.getKey()),
          e.getValue()), EvaluateModel.Evaluation.overallOnly(values.get(e.getKey()))));
    }
    var saved = SaveMetrics.save(ctx, rows);
    ctx.step("stored %d new metric row(s), %d already present and identical", saved.inserted(), saved.unchanged());
    return saved.inserted() == 0 && !ctx.wroteModels()
        ? JobResult.skipped("all metrics of " + model.ref() + " already stored")
        : JobResult.succeeded(saved.inserted() + " metric rows for " + model.ref());
  }

  private static Optional<ModelRecord> existing(JobContext ctx, String name, String hash) {
    List<Row> same = ctx.ledger().models().rows(Where.equal("model_name", name), "algorithm", "model_hash",
        "model_version");
    for (Row r : same) {
      if (!Algorithm.EXTERNAL.code().equals(r.getString(0))) {
        throw ModelErrors.externalNameTaken(name, r.getString(0));
      }
    }
    return same.stream().filter(r -> hash.equals(r.getString(1))).findFirst()
        .map(r -> ctx.ledger().models().get(name, r.getInt(2)));
  }

  /** The id and the score as a double; null, duplicate or missing ids are refused with counts. */
  static Dataset<Row> predictionsFrame(Dataset<Row> data, String id, String scoreCol, String table) {
    List<String> have = Arrays.asList(data.schema().fieldNames());
    List<String> missing = new ArrayList<>();
    for (String c : List.of(id, scoreCol)) {
      if (!have.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw DataErrors.missingColumns(table, missing, have);
    }
    var type = data.schema().apply(scoreCol).dataType();
    if (!(type instanceof NumericType || type instanceof BooleanType)) {
      throw DataErrors.wrongColumnType(table, scoreCol, type.simpleString(), "the prediction score (a number)");
    }
    Dataset<Row> preds = data.select(Columns.named(id).as(id), Columns.named(scoreCol).cast("double").as(SCORE));
    Column infinite = col(SCORE).isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    Row c = preds.groupBy(Columns.named(id)).agg(count(lit(1)).as("n"), sum(when(infinite, 1L).otherwise(0L)).as("inf"))
        .agg(sum(col("n")), sum(when(col(id).isNull(), col("n")).otherwise(0L)),
            sum(when(col(id).isNotNull().and(col("n").gt(1)), 1L).otherwise(0L)),
            sum(when(col(id).isNotNull().and(col("n").gt(1)), col("n").minus(1)).otherwise(0L)), sum(col("inf")))
        .first();
    long rows = c.isNullAt(0) ? 0 : c.getLong(0);
    if (rows == 0) {
      throw DataErrors.emptyData(table, "external predictions");
    }
    if (c.getLong(1) > 0) {
      throw DataErrors.predictionsWithoutId(table, c.getLong(1), rows, id);
    }
    if (c.getLong(2) > 0) {
      throw DataErrors.duplicatePredictionIds(table, c.getLong(2), id, c.getLong(3), rows);
    }
    if (c.getLong(4) > 0) {
      throw DataErrors.scoresInfinite(table, scoreCol, c.getLong(4), rows);
    }
    return preds;
  }

  /** Predictions inner-joined with the labels by id, after checking that they cover each other exactly. */
  static Dataset<Row> join(Dataset<Row> preds, Dataset<Row> eval, FeatureSpec f, String predTable, String evalTable) {
    List<String> have = Arrays.asList(eval.schema().fieldNames());
    List<String> missing = new ArrayList<>();
    for (String c : List.of(f.id(), f.label())) {
      if (!have.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw DataErrors.missingColumns(evalTable, missing, have);
    }
    var type = eval.schema().apply(f.label()).dataType();
    if (!(type instanceof NumericType || type instanceof BooleanType)) {
      throw DataErrors.wrongColumnType(evalTable, f.label(), type.simpleString(), "the label (a number or boolean)");
    }
    Dataset<Row> labels = eval.select(Columns.named(f.id()).as(f.id()),
        Columns.named(f.label()).cast("double").as(LABEL));
    Row c = preds.select(Columns.named(f.id()), lit(1L).as("__p")).join(
            labels.groupBy(Columns.named(f.id())).agg(count(lit(1)).as("__e")), using(f.id()), "full_outer")
        .agg(sum(when(col("__e").isNull(), 1L).otherwise(0L)), sum(when(col("__p").isNull(), col("__e"))
            .otherwise(0L)), sum(when(col("__e").gt(1), 1L).otherwise(0L)), sum(col("__e")))
        .first();
    long notInEval = c.isNullAt(0) ? 0 : c.getLong(0);
    long noPrediction = c.isNullAt(1) ? 0 : c.getLong(1);
    long evalRows = c.isNullAt(3) ? 0 : c.getLong(3);
    if (!c.isNullAt(2) && c.getLong(2) > 0) {
      throw DataErrors.duplicateEvaluationIds(evalTable, c.getLong(2), f.id());
    }
    if (notInEval > 0) {
      throw DataErrors.predictionsForOtherData(predTable, notInEval, evalTable, evalRows);
    }
    if (noPrediction > 0) {
      throw DataErrors.rowsWithoutPrediction(evalTable, noPrediction, evalRows, predTable);
    }
    return preds.join(labels, f.id());
  }

  private static Seq<String> using(String column) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(List.of(column))).toSeq();
  }
}
