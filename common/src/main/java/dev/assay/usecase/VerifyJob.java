package dev.assay.usecase;

import dev.assay.data.PinnedInputs;
import dev.assay.data.RowFilter;
import dev.assay.errors.DataErrors;
import dev.assay.errors.LedgerErrors;
import dev.assay.errors.ReproducibilityErrors;
import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.EvalCell;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelRef;
import dev.assay.ledger.RunsTable.StoredRun;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.model.ModelArtifacts;
import dev.assay.model.ModelTrainer;
import dev.assay.model.TrainedModel;
import dev.assay.run.Command;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.Algorithm;
import dev.assay.spec.JobSpec;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import dev.assay.version.RunKey;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code verify}: repeats a recorded {@code train} or {@code evaluate} run from its recorded spec
 * and data versions (by time travel) and compares the model hash and every stored metric bit for
 * bit. Exit 0 when everything reproduces, 5 when anything differs, 3 when recorded data is gone.
 */
public final class VerifyJob {
  /** One compared item: what, and whether the recomputation matched the stored value. */
  record Item(String what, boolean identical, String detail) {}

  private VerifyJob() {}

  public static JobResult run(JobContext ctx, String runId, String modelRef, boolean strict, PrintStream out) {
    String target = runId;
    if (modelRef != null) {
      ModelRef ref = ModelRef.parse(modelRef);
      ModelRecord m = ctx.ledger().models().get(ref.name(), ref.version());
      target = m.runId();
    }
    String id = target;
    StoredRun run = ctx.ledger().runs().get(id).orElseThrow(() -> LedgerErrors.runNotFound(id));
    if (!run.status().producedResults()) {
      throw LedgerErrors.runWithoutResults(id, run.command(), run.status());
    }
    ctx.setSpec(new RecordedSpec.Verify(id, strict));
    Map<String, DataVersion> byRole = new LinkedHashMap<>();
    List<Item> items = new ArrayList<>();
    String current = CodeVersion.current().label();
    boolean codeDiffers = !current.equals(run.codeVersion());
    if (codeDiffers) {
      ctx.step("warning: run %s was made by code %s, this is code %s", shortId(id), run.codeVersion(), current);
    }
    for (PinnedInputs.Input in : run.dataVersions()) {
      DataVersion now = ctx.inputs().pin(in.role(), in.table(), in.version().version(), null);
      if (!now.tableId().equals(in.version().tableId())) {
        throw DataErrors.tableRecreated(in.table(), now.tableId(), id, in.version().tableId());
      }
      byRole.put(in.role(), now);
    }
    ctx.setRunKey(RunKey.of(Command.VERIFY.code(), id, byRole, current, Map.of("strict", Boolean.toString(strict)))
        .value());

    Command command = Command.find(run.command()).orElse(null);
    if (!List.of(Command.TRAIN, Command.RETRAIN, Command.EVALUATE, Command.ENSEMBLE, Command.IMPORT_MODEL)
        .contains(command)) {
      throw LedgerErrors.commandNotVerifiable(id, run.command());
    }
    RecordedSpec recorded = RecordedSpec.read(run.command(), run.spec(), "run " + run.runId());
    if (recorded instanceof RecordedSpec.ExternalEvaluate) {
      throw LedgerErrors.externalRunNotVerifiable(id);
    } else if (recorded instanceof RecordedSpec.Evaluate evaluate) {
      verifyEvaluate(ctx, evaluate, byRole, items);
    } else if (command == Command.ENSEMBLE || command == Command.IMPORT_MODEL) {
      verifyRegistered(ctx, run, ((RecordedSpec.Job) recorded).spec(), byRole, items);
    } else {
      verifyTrain(ctx, run, ((RecordedSpec.Job) recorded).spec(), byRole, items);
    }

    long differ = items.stream().filter(i -> !i.identical()).count();
    for (Item i : items) {
      out.printf("%-10s %s%s%n", i.identical() ? "identical" : "DIFFERENT", i.what(),
          i.detail().isEmpty() ? "" : "  (" + i.detail() + ")");
    }
    out.printf("verify %s: %d of %d item(s) identical%s%n", id, items.size() - differ, items.size(),
        codeDiffers ? "; recorded code " + run.codeVersion() + " differs from current " + current : "");
    out.flush();
    if (differ > 0) {
      throw ReproducibilityErrors.notReproduced(differ, items.size(), id);
    }
    if (codeDiffers && strict) {
      throw ReproducibilityErrors.codeDiffers(id, current, run.codeVersion());
    }
    return JobResult.succeeded("run " + id + " reproduced: " + items.size() + " item(s) identical");
  }

  private static void verifyTrain(JobContext ctx, StoredRun run, JobSpec spec, Map<String, DataVersion> byRole,
      List<Item> items) {
    // A skipped (up-to-date) training run points at the model its run key produced earlier.
    // The run key names the model the run trained: a stack's run also registers its base models.
    ModelRecord model = (run.runKey() == null ? Optional.<ModelRecord>empty()
        : ctx.ledger().models().byRunKey(run.runKey()))
        .or(() -> ctx.ledger().models().byRunId(run.runId()))
        .orElseThrow(() -> LedgerErrors.runWithoutModel(run.runId()));
    ModelTrainer trainer = ModelTrainer.of(model.algorithm());
    String artifact = trainer.artifactHash(ctx.spark(), model.artifactUri());
    items.add(new Item("model " + model.ref() + " artifact booster sha256", artifact.equals(model.modelHash()),
        artifact.equals(model.modelHash()) ? artifact.substring(0, 16)
            : "registered " + model.modelHash() + ", artifact " + artifact));
    DataVersion train = byRole.get("train");
    ctx.step("retraining %s from %s v%d", model.ref(), spec.data().train().table(), train.version());
    TrainedModel again = trainer.train(ctx.spark(), spec.model(), spec.features(), ctx.inputs().read(train),
        spec.data().train().table());
    items.add(new Item("model " + model.ref() + " retrained booster sha256", again.modelHash()
        .equals(model.modelHash()),
        again.modelHash().equals(model.modelHash()) ? model.modelHash().substring(0, 16)
            : "stored " + model.modelHash() + ", retrained " + again.modelHash()));
    Map<String, String> filters = RecordedSpec.filters(spec.data().eval());
    items.addAll(compareMetrics(ctx, model, again.pipeline(), spec, spec.metrics().threshold(), evalCells(byRole,
        filters)));
  }

  /**
   * A run that registered a model it did not train (an ensemble, an imported ONNX graph): the artifact (an
   * ensemble's descriptor and every member artifact, an ONNX file) against the registered hash, then every metric
   * recomputed by scoring again.
   */
  private static void verifyRegistered(JobContext ctx, StoredRun run, JobSpec spec, Map<String, DataVersion> byRole,
      List<Item> items) {
    ModelRecord model = ctx.ledger().models().byRunId(run.runId())
        .or(() -> ctx.ledger().models().list(spec.model().name(), null).stream()
            .filter(m -> m.runKey() != null && m.runKey().equals(run.runKey())).findFirst())
        .orElseThrow(() -> LedgerErrors.runWithoutRegisteredModel(run.runId()));
    PipelineModel pipeline = ModelArtifacts.load(model.artifactUri());
    String hash = ModelTrainer.of(model.algorithm()).hash(pipeline);
    String what = model.algorithm() == Algorithm.ENSEMBLE_MEAN
        ? "ensemble " + model.ref() + " descriptor and member artifacts sha256"
        : "model " + model.ref() + " artifact " + model.boosterFormat() + " sha256";
    items.add(new Item(what, hash.equals(model.modelHash()), hash.equals(model.modelHash()) ? hash.substring(0, 16)
        : "registered " + model.modelHash() + ", artifact " + hash));
    Map<String, String> filters = RecordedSpec.filters(spec.data().eval());
    items.addAll(compareMetrics(ctx, model, pipeline, spec, spec.metrics().threshold(), evalCells(byRole, filters)));
  }

  private static void verifyEvaluate(JobContext ctx, RecordedSpec.Evaluate recorded, Map<String, DataVersion> byRole,
      List<Item> items) {
    ModelRecord model = ctx.ledger().models().get(recorded.modelName(), recorded.modelVersion());
    JobSpec trainSpec = SpecLoader.parse(model.spec(), "model " + model.ref(), List.of());
    ctx.useEngine(model.ref(), model.engine(), model.algorithm());
    PipelineModel pipeline = ModelArtifacts.load(model.artifactUri());
    String hash = ModelTrainer.of(model.algorithm()).hash(pipeline);
    items.add(new Item("model " + model.ref() + " artifact booster sha256", hash.equals(model.modelHash()),
        hash.equals(model.modelHash()) ? hash.substring(0, 16) : "registered " + model.modelHash() + ", artifact "
            + hash));
    items.addAll(compareMetrics(ctx, model, pipeline, trainSpec, recorded.threshold(), evalCells(byRole,
        recorded.filters())));
  }

  /**
   * The recorded evaluation inputs ({@code eval:NAME} roles) as cells at the current metric code,
   * labelled by the table path (the recorded run names tables by path).
   */
  private static List<EvalCell> evalCells(Map<String, DataVersion> byRole, Map<String, String> filters) {
    List<EvalCell> cells = new ArrayList<>();
    byRole.forEach((role, v) -> {
      if (role.startsWith("eval:")) {
        String name = role.substring("eval:".length());
        cells.add(new EvalCell(name, v.path(), v, filters.get(name), MetricCodeVersion.current()));
      }
    });
    return cells;
  }

  private static List<Item> compareMetrics(JobContext ctx, ModelRecord model, PipelineModel pipeline, JobSpec spec,
      double threshold, List<EvalCell> cells) {
    Map<MetricKey, MetricRow> stored = new HashMap<>();
    for (MetricRow r : ctx.ledger().metrics().forModel(model.modelName(), model.modelVersion())) {
      stored.put(r.key(), r);
    }
    List<Item> items = new ArrayList<>();
    for (EvalCell cell : cells) {
      String name = cell.evalName();
      DataVersion v = cell.data();
      Dataset<Row> data = RowFilter.apply(ctx.inputs().read(v), RowFilter.evalKey(name), cell.filter(), v.path(), v);
      EvaluateModel.Evaluation values = TrainOverlap.of(ctx, model, spec.features()).measure(ctx, cell, data,
          d -> EvaluateModel.evaluate(pipeline, d, spec.features(), spec.model().task(),
              spec.metrics().withThreshold(threshold), v.path()));
      for (MetricRow now : EvaluateModel.rows(ctx, model.id(), cell, values)) {
        MetricRow old = stored.get(now.key());
        String slice = now.key().sliceColumn() == null ? ""
            : "[" + now.key().sliceColumn() + "=" + now.key().sliceValue() + "]";
        String what = String.format("metric %s%s on %s v%d (metric code %s)", now.key().metric(), slice, name,
            v.version(), MetricCodeVersion.current());
        if (old == null) {
          items.add(new Item(what, false, "not stored for this model and data version"));
        } else {
          items.add(new Item(what, old.sameValue(now), old.sameValue(now) ? String.valueOf(now.value())
              : "stored " + old.value() + ", recomputed " + now.value()));
        }
      }
    }
    return items;
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(8, id.length()));
  }
}
