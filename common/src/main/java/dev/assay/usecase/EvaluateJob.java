package dev.assay.usecase;

import dev.assay.data.RowFilter;
import dev.assay.errors.ReproducibilityErrors;
import dev.assay.errors.UsageErrors;
import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.SaveMetrics;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.EvalCell;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelRecord;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.model.ModelArtifacts;
import dev.assay.model.ModelTrainer;
import dev.assay.run.Command;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.JobSpec;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.TableRef;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import dev.assay.version.LibraryVersions;
import dev.assay.version.RunKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code evaluate}: a registered model version on pinned evaluation versions. The model's own
 * training spec supplies features and task; the artifact's booster must still hash to the
 * registered {@code model_hash}, or the evaluation would describe another model.
 */
public final class EvaluateJob {
  private EvaluateJob() {}

  public static JobResult run(JobContext ctx, String modelName, Integer modelVersion, Map<String, TableRef> evalRefs,
      Double thresholdOverride) {
    if (evalRefs.isEmpty()) {
      throw UsageErrors.nothingToEvaluate();
    }
    RowFilter.validate(ctx.spark(), evalRefs);
    ModelRecord model = ctx.ledger().models().get(modelName, modelVersion);
    JobSpec trainSpec = SpecLoader.parse(model.spec(), "model " + model.ref(), List.of());
    double threshold = thresholdOverride != null ? thresholdOverride : trainSpec.metrics().threshold();
    ctx.useEngine(model.ref(), model.engine(), model.algorithm());

    Map<String, DataVersion> evals = new LinkedHashMap<>();
    Map<String, DataVersion> byRole = new LinkedHashMap<>();
    evalRefs.forEach((name, ref) -> evals.put(name, TrainJob.pin(ctx, "eval:" + name, ref, byRole)));
    ctx.setSpec(new RecordedSpec.Evaluate(evalRefs, model.ref(), threshold));
    ctx.setRunKey(RunKey.of(Command.EVALUATE.code(), model.modelHash() + "|" + model.ref() + "|" + threshold, byRole,
        MetricCodeVersion.current(), Map.of("spark", ctx.spark().version())).value());

    PipelineModel pipeline = loadVerified(ctx, model);
    TrainOverlap overlap = TrainOverlap.of(ctx, model, trainSpec.features());
    overlap.reportSharedTables(ctx, evals);

    List<MetricRow> rows = new ArrayList<>();
    for (Map.Entry<String, DataVersion> e : evals.entrySet()) {
      TableRef ref = evalRefs.get(e.getKey());
      long t0 = System.nanoTime();
      // Slices and bootstrap settings are the model's own (its training spec), so verify repeats them.
      Dataset<Row> data = RowFilter.apply(ctx.inputs().read(e.getValue()), RowFilter.evalKey(e.getKey()),
          ref.filter(), ref.table(), e.getValue());
      EvalCell cell = EvaluateModel.cell(e.getKey(), ref, e.getValue());
      EvaluateModel.Evaluation values = overlap.measure(ctx, cell, data, d -> EvaluateModel.evaluate(pipeline, d,
          trainSpec.features(), trainSpec.model().task(), trainSpec.metrics().withThreshold(threshold), ref.table()));
      ctx.step("evaluated %s on %s %s v%d in %.1f s: %s", model.ref(), e.getKey(), ref.table(), e.getValue().version(),
          (System.nanoTime() - t0) / 1e9, TrainJob.headline(values.overall()));
      rows.addAll(EvaluateModel.rows(ctx, model.id(), cell, values));
    }
    var saved = SaveMetrics.save(ctx, rows);
    ctx.step("stored %d new metric row(s), %d already present and identical", saved.inserted(), saved.unchanged());
    return saved.inserted() == 0
        ? JobResult.skipped("all metrics of " + model.ref() + " already stored")
        : JobResult.succeeded(saved.inserted() + " metric rows for " + model.ref());
  }

  /**
   * Loads a registered model's pipeline and checks that its booster still hashes to the registered
   * {@code model_hash} (exit 5 otherwise: the evaluation would describe another model).
   */
  static PipelineModel loadVerified(JobContext ctx, ModelRecord model) {
    PipelineModel pipeline = ModelArtifacts.load(model.artifactUri());
    String hash = ModelTrainer.of(model.algorithm()).hash(pipeline);
    if (!hash.equals(model.modelHash())) {
      throw ReproducibilityErrors.artifactAltered(model.ref(), model.artifactUri(), hash, model.modelHash());
    }
    ctx.step("loaded model %s (booster sha256 %s, code %s)", model.ref(), hash.substring(0, 16), model.codeVersion());
    return pipeline;
  }

  /** Evaluation references from a spec, for {@code evaluate --spec}. */
  public static Map<String, TableRef> fromSpec(JobSpec spec) {
    return new LinkedHashMap<>(spec.data().eval());
  }

  static String code() {
    return CodeVersion.current().label() + "/" + LibraryVersions.xgboostVersion();
  }
}
