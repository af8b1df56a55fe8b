package dev.assay.usecase;

import static org.apache.spark.sql.functions.col;

import dev.assay.data.RowFilter;
import dev.assay.errors.SpecErrors;
import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.MatrixPlan.Cell;
import dev.assay.evaluation.MatrixPlan.CellKey;
import dev.assay.evaluation.MatrixPlan.DataKey;
import dev.assay.evaluation.MatrixPlan.SuiteRef;
import dev.assay.evaluation.MatrixPlan;
import dev.assay.evaluation.SaveMetrics;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelId;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelStage;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.run.Command;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.JobSpec;
import dev.assay.spec.MetricsSpec;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.TableRef;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import dev.assay.version.RunKey;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code reevaluate}: fills the missing cells of (registered models) × (the spec's evaluation
 * suite) × (the current metric code version). The plan needs only the ledger and the Delta logs;
 * then each missing data version is read once, cached, and scored by every model that lacks it.
 */
public final class ReevaluateJob {
  /** The pinned suite, the models it covers and the plan; what both the dry run and the run start from. */
  public record Planned(List<SuiteRef> suite, Map<ModelId, ModelRecord> models, MatrixPlan plan) {}

  private ReevaluateJob() {}

  /**
   * Pins the suite (recorded on the context), lists the models in {@code selection}, reads the
   * stored cells and prints the plan. The stage is checked here so that a wrong one is a recorded,
   * failed run.
   */
  public static Planned plan(JobContext ctx, JobSpec spec, ModelSelection selection, PrintStream out) {
    ModelStage selected = selection.stageOrNone().orElse(null);
    Map<String, TableRef> refs = spec.data().eval();
    if (refs.isEmpty()) {
      throw SpecErrors.reevaluateWithoutEvalSuite();
    }
    RowFilter.validate(ctx.spark(), refs);
    String metricCode = MetricCodeVersion.current();
    ctx.setSpec(new RecordedSpec.Reevaluate(refs, metricCode, selection.modelName(),
        selection.stage()));
    Map<String, DataVersion> byRole = new LinkedHashMap<>();
    List<SuiteRef> suite = TrainJob.pinSuite(ctx, refs, byRole);
    ctx.setRunKey(RunKey.of(Command.REEVALUATE.code(), ctx.spec(), byRole, CodeVersion.current().label(),
        Map.of("metric_code", metricCode, "spark", ctx.spark().version())).value());

    Map<ModelId, ModelRecord> models = new LinkedHashMap<>();
    for (ModelRecord m : ctx.ledger().models().list(selection.modelName(), selected)) {
      models.put(m.id(), m);
    }
    MatrixPlan plan = MatrixPlan.of(new ArrayList<>(models.keySet()), suite, metricCode,
        models.isEmpty() ? Set.of() : storedCells(ctx, suite, metricCode));
    plan.lines().forEach(out::println);
    out.flush();
    return new Planned(suite, models, plan);
  }

  /** Plans, then computes and stores every missing cell; nothing missing is a SKIPPED run. */
  public static JobResult run(JobContext ctx, JobSpec spec, ModelSelection selection, PrintStream out) {
    Planned planned = plan(ctx, spec, selection, out);
    MatrixPlan plan = planned.plan();
    if (plan.missing().isEmpty()) {
      out.println("nothing to do");
      out.flush();
      return JobResult.skipped("nothing to do: " + plan.summary());
    }
    // Spark analyses a filter eagerly: an unknown column fails here, before any data is scanned.
    for (Cell cell : plan.missing()) {
      RowFilter.apply(ctx.inputs().read(cell.ref().version()), RowFilter.evalKey(cell.ref().evalName()),
          cell.ref().filter(), cell.ref().table(), cell.ref().version());
    }
    Map<ModelId, Loaded> loaded = new HashMap<>();
    List<MetricRow> rows = new ArrayList<>();
    for (Map.Entry<DataKey, List<Cell>> group : plan.missingByData().entrySet()) {
      SuiteRef first = group.getValue().get(0).ref();
      DataVersion version = first.version();
      // One read per data version: every model that lacks it scores the same cached rows.
      Dataset<Row> data = ctx.inputs().read(version).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long n = data.count();
        ctx.step("read %s v%d once (%d rows) for %d cell(s)", first.table(), version.version(), n,
            group.getValue().size());
        for (Cell cell : group.getValue()) {
          Loaded m = loaded.computeIfAbsent(cell.model(), k -> load(ctx, planned.models().get(k)));
          SuiteRef ref = cell.ref();
          long t0 = System.nanoTime();
          Dataset<Row> cellData = RowFilter.apply(data, RowFilter.evalKey(ref.evalName()), ref.filter(), ref.table(),
              version);
          EvaluateModel.Evaluation values = TrainOverlap.of(ctx, m.record(), m.trainSpec().features()).measure(ctx,
              cell.eval(), cellData, d -> EvaluateModel.evaluate(m.pipeline(), d, m.trainSpec().features(),
                  m.trainSpec().model().task(), new MetricsSpec(m.trainSpec().metrics().threshold()), ref.table()));
          ctx.step("evaluated %s on %s in %.1f s: %s", cell.model(), ref, (System.nanoTime() - t0) / 1e9,
              TrainJob.headline(values.overall()));
          ctx.setEngine(m.record().engine());
          rows.addAll(EvaluateModel.rows(ctx, cell.model(), cell.eval(), values));
        }
      } finally {
        data.unpersist();
      }
    }
    var saved = SaveMetrics.save(ctx, rows);
    ctx.step("stored %d new metric row(s) for %d cell(s), %d already present and identical", saved.inserted(),
        plan.missing().size(), saved.unchanged());
    return JobResult.succeeded(plan.missing().size() + " cell(s) computed, " + saved.inserted() + " metric rows");
  }

  private record Loaded(ModelRecord record, PipelineModel pipeline, JobSpec trainSpec) {}

  private static Loaded load(JobContext ctx, ModelRecord model) {
    ctx.useEngine(model.ref(), model.engine(), model.algorithm());
    JobSpec trainSpec = SpecLoader.parse(model.spec(), "model " + model.ref(), List.of());
    return new Loaded(model, EvaluateJob.loadVerified(ctx, model), trainSpec);
  }

  /** Cells with whole-dataset rows among the suite's data versions at {@code metricCode}. */
  static Set<CellKey> storedCells(JobContext ctx, List<SuiteRef> suite, String metricCode) {
    ctx.ledger().metrics();
    Set<String> tableIds = new HashSet<>();
    suite.forEach(r -> tableIds.add(r.version().tableId()));
    List<Row> rows = ctx.ledger().query(() -> ctx.spark().read().format("delta")
        .load(ctx.ledger().path(LedgerTableName.METRICS))
        .where(col("slice_column").isNull().and(col("metric_code_version").equalTo(metricCode))
            .and(col("eval_table_id").isin(tableIds.toArray())))
        .select("model_name", "model_version", "eval_table_id", "eval_version", "eval_filter", "metric_code_version")
        .distinct().collectAsList());
    Set<CellKey> keys = new HashSet<>();
    for (Row r : rows) {
      keys.add(new CellKey(new ModelId(r.getString(0), r.getInt(1)), new DataKey(r.getString(2), r.getLong(3)),
          r.isNullAt(4) ? null : r.getString(4), r.getString(5)));
    }
    return keys;
  }
}
