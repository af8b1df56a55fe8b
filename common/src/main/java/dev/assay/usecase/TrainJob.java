package dev.assay.usecase;

import dev.assay.data.PinnedInputs;
import dev.assay.data.RowFilter;
import dev.assay.errors.ModelErrors;
import dev.assay.errors.ReproducibilityErrors;
import dev.assay.errors.SpecErrors;
import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.MatrixPlan.SuiteRef;
import dev.assay.evaluation.SaveMetrics;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelStage;
import dev.assay.ledger.RunStatus;
import dev.assay.ledger.RunsTable;
import dev.assay.metrics.MetricValue;
import dev.assay.model.ModelArtifacts;
import dev.assay.model.ModelTrainer;
import dev.assay.model.TrainStack;
import dev.assay.model.TrainedModel;
import dev.assay.run.Command;
import dev.assay.run.CrashPoint;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.Algorithm;
import dev.assay.spec.JobSpec;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.TableRef;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import dev.assay.version.LibraryVersions;
import dev.assay.version.RunKey;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code train}: pin the training and evaluation versions, fit the pipeline, save it with its
 * portable booster, register a model version and evaluate it on every evaluation reference.
 * A run key that already produced a model returns that model and writes nothing.
 */
public final class TrainJob {
  private TrainJob() {}

  public static JobResult run(JobContext ctx, JobSpec spec, boolean force) {
    TableRef trainRef = spec.data().train();
    if (trainRef == null) {
      throw SpecErrors.trainWithoutTrainTable();
    }
    if (trainRef.filter() != null) {
      throw SpecErrors.trainTableFilter();
    }
    String canonical = SpecLoader.canonicalJson(spec);
    ctx.setSpec(new RecordedSpec.Job(spec));
    RowFilter.validate(ctx.spark(), spec.data().eval());
    boolean xgboost = spec.model().algorithm() == Algorithm.XGBOOST || spec.model().stack() != null && spec.model()
        .stack().base().values().stream().anyMatch(m -> m.algorithm() == Algorithm.XGBOOST);
    if ("cuda".equals(spec.model().device()) && xgboost) {
      // before any data is read: a GPU request Assay cannot honour is exit 2, not a JVM abort
      ctx.useGpu(Algorithm.XGBOOST);
    }
    Map<String, DataVersion> byRole = new LinkedHashMap<>();
    DataVersion train = pin(ctx, "train", trainRef, byRole);
    Map<String, DataVersion> evals = new LinkedHashMap<>();
    spec.data().eval().forEach((name, ref) -> evals.put(name, pin(ctx, "eval:" + name, ref, byRole)));

    TrainOverlap overlap = new TrainOverlap(spec.model().name(), List.of(train), spec.features());
    overlap.reportSharedTables(ctx, evals);
    RunKey runKey = runKey(ctx, canonical, train);
    ctx.setRunKey(runKey.value());
    Optional<ModelRecord> existing = ctx.ledger().models().byRunKey(runKey.value());
    if (existing.isPresent()) {
      requireClosed(ctx, existing.get());
    }
    if (existing.isPresent() && !force) {
      ctx.step("model %s already trained from these inputs (run key %s…); nothing to do",
          existing.get().ref(), runKey.value().substring(0, 12));
      return JobResult.skipped("up to date: " + existing.get().ref());
    }

    ctx.step("training %s on %s v%d (%s)", spec.model().name(), trainRef.table(), train.version(), spec.model()
        .params());
    long t0 = System.nanoTime();
    TrainStack.Trained stack = spec.model().algorithm() == Algorithm.STACK ? TrainStack.fit(ctx.spark(), spec.model(),
        spec.features(), ctx.inputs().read(train), trainRef.table()) : null;
    TrainedModel trained = stack != null ? stack.stack() : ModelTrainer.of(spec.model().algorithm())
        .train(ctx.spark(), spec.model(), spec.features(), ctx.inputs().read(train), trainRef.table());
    ctx.step("trained on %d rows in %.1f s; model sha256 %s", trained.trainRows(), (System.nanoTime() - t0) / 1e9,
        trained.modelHash().substring(0, 16));
    if (existing.isPresent() && !existing.get().modelHash().equals(trained.modelHash())) {
      throw ReproducibilityErrors.retrainedHashDiffers(existing.get().ref(), runKey.value(), trained.modelHash(),
          existing.get().modelHash());
    }

    String dir = ctx.ledger().artifactPath(spec.model().name(), ctx.runId());
    ctx.artifactsWritten(dir);
    ModelArtifacts.save(ctx.spark(), trained, dir);
    CrashPoint.reach("train.artifact-saved");

    Map<String, EvaluateModel.Evaluation> values = evaluate(ctx, trained.pipeline(), spec, evals, overlap);

    ModelRecord model;
    if (existing.isPresent()) {
      // A forced retrain reproduced the booster: keep the registered model and its artifact, and
      // check the recomputed metrics against the stored ones (new cells are added, changed ones fail).
      model = existing.get();
      ModelArtifacts.delete(ctx.spark(), dir);
      ctx.step("retrained %s bit for bit (forced); registered model kept", model.ref());
    } else {
      ctx.modelsWritten();
      model = ctx.ledger().models().register(record(ctx, spec, trained, dir, canonical, ctx.runKey()));
      ctx.step("registered model %s (artifact %s)", model.ref(), dir);
      CrashPoint.reach("train.model-registered");
    }
    if (stack != null) {
      StackBases.register(ctx, spec, stack, dir, train, evals);
    }

    var saved = SaveMetrics.save(ctx, EvaluateModel.rows(ctx, model.id(), EvaluateModel.cells(spec.data().eval(),
        evals),
        values));
    ctx.step("stored %d metric row(s) for %s, %d already present and identical", saved.inserted(), model.ref(),
        saved.unchanged());
    return JobResult.succeeded((existing.isPresent() ? "reproduced model " : "model ") + model.ref());
  }

  /**
   * A model registered by a run that is still RUNNING is not finished: its metrics may be missing.
   * Abandoned runs were closed when this job started (see {@link RecoverAbandonedRuns}), so the
   * other run is alive, and this one must not report "up to date" before it ends.
   */
  private static void requireClosed(JobContext ctx, ModelRecord model) {
    RunStatus status = ctx.ledger().runs().get(model.runId()).map(RunsTable.StoredRun::status)
        .orElse(RunStatus.SUCCEEDED);
    if (status == RunStatus.RUNNING) {
      throw ModelErrors.trainingInProgress(model.modelName(), model.runId(), model.ref());
    }
  }

  /** The run key of training the spec whose canonical JSON is {@code canonical} on {@code train}. */
  static RunKey runKey(JobContext ctx, String canonical, DataVersion train) {
    return RunKey.of(Command.TRAIN.code(), canonical, Map.of("train", train), CodeVersion.current().label(),
        Map.of("xgboost", LibraryVersions.xgboostVersion(), "spark", ctx.spark().version()));
  }

  /**
   * A trained pipeline's metrics on every pinned evaluation reference, with the leakage check of
   * {@code overlap} (no check when it has no training data), one log line each.
   */
  static Map<String, EvaluateModel.Evaluation> evaluate(JobContext ctx, PipelineModel pipeline, JobSpec spec,
      Map<String, DataVersion> evals, TrainOverlap overlap) {
    Map<String, EvaluateModel.Evaluation> values = new LinkedHashMap<>();
    for (Map.Entry<String, DataVersion> e : evals.entrySet()) {
      TableRef ref = spec.data().eval().get(e.getKey());
      long t1 = System.nanoTime();
      Dataset<Row> data = RowFilter.apply(ctx.inputs().read(e.getValue()), RowFilter.evalKey(e.getKey()),
          ref.filter(), ref.table(), e.getValue());
      EvaluateModel.Evaluation v = overlap.measure(ctx, EvaluateModel.cell(e.getKey(), ref, e.getValue()), data,
          d -> EvaluateModel.evaluate(pipeline, d, spec.features(), spec.model().task(), spec.metrics(), ref.table()));
      values.put(e.getKey(), v);
      ctx.step("evaluated %s on %s %s v%d in %.1f s: %s", spec.model().name(), e.getKey(), ref.table(),
          e.getValue().version(), (System.nanoTime() - t1) / 1e9, headline(v.overall()));
    }
    return values;
  }

  static DataVersion pin(JobContext ctx, String role, TableRef ref, Map<String, DataVersion> byRole) {
    DataVersion v = ctx.inputs().pin(role, ref.table(), ref.version(), ref.timestamp());
    byRole.put(role, v);
    ctx.step("pinned %s = %s v%d (table id %s)", role, ref.table(), v.version(), v.tableId().substring(0, 8));
    return v;
  }

  /** Pins every evaluation reference as role {@code eval:NAME}, in the order of {@code refs}. */
  static List<SuiteRef> pinSuite(JobContext ctx, Map<String, TableRef> refs, Map<String, DataVersion> byRole) {
    List<SuiteRef> suite = new ArrayList<>();
    refs.forEach((name, ref) -> suite.add(new SuiteRef(name, ref.table(), pin(ctx, "eval:" + name, ref, byRole),
        ref.filter())));
    return suite;
  }

  static String headline(List<MetricValue> values) {
    List<String> parts = new ArrayList<>();
    for (MetricValue v : values) {
      if (List.of("roc_auc", "pr_auc", "log_loss", "rmse", "mae", "r2", "macro_f1", "n_rows").contains(v.metric())) {
        parts.add(v.metric() + "=" + (v.value() == null ? v.status()
            : v.metric().equals("n_rows") ? String.valueOf(v.value().longValue()) : String.format("%.4f", v.value())));
      }
    }
    return String.join(" ", parts);
  }

  static ModelRecord record(JobContext ctx, JobSpec spec, TrainedModel trained, String dir, String canonical,
      String runKey) {
    List<PinnedInputs.Input> trainData = ctx.inputs().inputs().stream().filter(i -> i.role().equals("train")).toList();
    ModelArtifacts.Portable portable = ModelArtifacts.portable(trained, dir);
    return new ModelRecord(spec.model().name(), 0, ctx.runId(), runKey, spec.model().algorithm(),
        spec.model().task(), dir, portable == null ? null : portable.uri(),
        portable == null ? null : portable.format(), trained.modelHash(), trained.params(),
        trained.features(), spec.features().label(), canonical, trainData, trained.trainRows(), spec.model().seed(),
        spec.model().numWorkers(), ModelStage.CANDIDATE, ctx.engine(), CodeVersion.current().label(),
        LibraryVersions.xgboostVersion(), new Timestamp(System.currentTimeMillis()), trained.featureState());
  }
}
