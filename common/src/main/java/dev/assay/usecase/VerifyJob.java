package dev.assay.usecase;

import dev.assay.evaluation.EvaluateModel;
import dev.assay.ledger.EvalCell;
import dev.assay.ledger.ModelRef;
import dev.assay.run.Command;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.data.PinnedInputs;
import dev.assay.data.RowFilter;
import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.RunsTable.StoredRun;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.metrics.MetricValue;
import dev.assay.model.ModelArtifacts;
import dev.assay.model.ModelTrainer;
import dev.assay.model.TrainedModel;
import dev.assay.spec.JobSpec;
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
import org.apache.spark.ml.PipelineModel;

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
    StoredRun run = ctx.ledger().runs().get(id).orElseThrow(() -> new AssayException(ExitCode.USAGE,
        "Run '" + id + "' is not in the ledger: list runs with 'assay ledger runs'"));
    if (!run.status().producedResults()) {
      throw new AssayException(ExitCode.USAGE, String.format("Run '%s' (%s) ended %s: only a run that produced "
          + "results can be verified; pick the run that did with 'assay ledger runs'", id, run.command(), run.status()));
    }
    ctx.setSpec("{\"verify\":\"" + id + "\",\"strict\":" + strict + "}");
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
        throw new AssayException(ExitCode.INPUT_DATA, String.format("Table '%s' now has table id %s, but run %s read "
            + "table id %s: the table was recreated and the recorded data is gone; it cannot be verified",
            in.table(), now.tableId(), id, in.version().tableId()));
      }
      byRole.put(in.role(), now);
    }
    ctx.setRunKey(RunKey.of(Command.VERIFY.code(), id, byRole, current, Map.of("strict", Boolean.toString(strict)))
        .value());

    Command command = Command.find(run.command()).orElse(null);
    if (command == Command.TRAIN || command == Command.RETRAIN) {
      verifyTrain(ctx, run, byRole, items);
    } else if (command == Command.EVALUATE) {
      // External predictions are the one evaluate run that pins a predictions version.
      if (run.dataVersions().stream().anyMatch(i -> i.role().equals(ExternalEvaluateJob.PREDICTIONS_ROLE))) {
        throw new AssayException(ExitCode.USAGE, "Run '" + id + "' evaluated external predictions: verify repeats "
            + "train and model evaluate runs; rerun 'assay evaluate --predictions' to recheck its metrics");
      }
      verifyEvaluate(ctx, run, byRole, items);
    } else if (command == Command.ENSEMBLE) {
      verifyEnsemble(ctx, run, byRole, items);
    } else {
      throw new AssayException(ExitCode.USAGE, "Run '" + id + "' is a '" + run.command()
          + "' run: verify repeats train, ensemble and evaluate runs");
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
      throw new AssayException(ExitCode.REPRODUCIBILITY, String.format("Reproducibility violation: %d of %d item(s) "
          + "of run %s did not reproduce bit for bit (listed above)", differ, items.size(), id));
    }
    if (codeDiffers && strict) {
      throw new AssayException(ExitCode.REPRODUCIBILITY, String.format("Run %s reproduced, but with code %s instead "
          + "of the recorded %s, and --strict asks for the same code", id, current, run.codeVersion()));
    }
    return JobResult.succeeded("run " + id + " reproduced: " + items.size() + " item(s) identical");
  }

  private static void verifyTrain(JobContext ctx, StoredRun run, Map<String, DataVersion> byRole, List<Item> items) {
    JobSpec spec = SpecLoader.parse(run.spec(), "run " + run.runId(), List.of());
    // A skipped (up-to-date) training run points at the model its run key produced earlier.
    ModelRecord model = ctx.ledger().models().byRunId(run.runId())
        .or(() -> run.runKey() == null ? java.util.Optional.empty() : ctx.ledger().models().byRunKey(run.runKey()))
        .orElseThrow(() -> new AssayException(ExitCode.INPUT_DATA,
            "Run '" + run.runId() + "' has no registered model (it may have been removed)"));
    ModelTrainer trainer = ModelTrainer.of(model.algorithm());
    String artifact = trainer.artifactHash(ctx.spark(), model.artifactUri());
    items.add(new Item("model " + model.ref() + " artifact booster sha256", artifact.equals(model.modelHash()),
        artifact.equals(model.modelHash()) ? artifact.substring(0, 16)
            : "registered " + model.modelHash() + ", artifact " + artifact));
    DataVersion train = byRole.get("train");
    ctx.step("retraining %s from %s v%d", model.ref(), spec.data().train().table(), train.version());
    TrainedModel again = trainer.train(ctx.spark(), spec.model(), spec.features(), ctx.inputs().read(train),
        spec.data().train().table());
    items.add(new Item("model " + model.ref() + " retrained booster sha256", again.modelHash().equals(model.modelHash()),
        again.modelHash().equals(model.modelHash()) ? model.modelHash().substring(0, 16)
            : "stored " + model.modelHash() + ", retrained " + again.modelHash()));
    Map<String, String> filters = new HashMap<>();
    spec.data().eval().forEach((name, ref) -> {
      if (ref.filter() != null) {
        filters.put(name, ref.filter());
      }
    });
    items.addAll(compareMetrics(ctx, model, again.pipeline(), spec, spec.metrics().threshold(), evalCells(byRole,
        filters)));
  }

  /** An ensemble run: its descriptor, every member artifact (checked on load) and its metrics. */
  private static void verifyEnsemble(JobContext ctx, StoredRun run, Map<String, DataVersion> byRole, List<Item> items) {
    JobSpec spec = SpecLoader.parse(run.spec(), "run " + run.runId(), List.of());
    ModelRecord model = ctx.ledger().models().byRunId(run.runId())
        .or(() -> ctx.ledger().models().list(spec.model().name(), null).stream()
            .filter(m -> m.runKey() != null && m.runKey().equals(run.runKey())).findFirst())
        .orElseThrow(() -> new AssayException(ExitCode.INPUT_DATA,
            "Run '" + run.runId() + "' has no registered ensemble (it may have been removed)"));
    PipelineModel pipeline = ModelArtifacts.load(model.artifactUri());
    String hash = ModelTrainer.of(model.algorithm()).hash(pipeline);
    items.add(new Item("ensemble " + model.ref() + " descriptor and member artifacts sha256",
        hash.equals(model.modelHash()), hash.equals(model.modelHash()) ? hash.substring(0, 16)
            : "registered " + model.modelHash() + ", artifact " + hash));
    Map<String, String> filters = new HashMap<>();
    spec.data().eval().forEach((name, ref) -> {
      if (ref.filter() != null) {
        filters.put(name, ref.filter());
      }
    });
    items.addAll(compareMetrics(ctx, model, pipeline, spec, spec.metrics().threshold(), evalCells(byRole, filters)));
  }

  private static void verifyEvaluate(JobContext ctx, StoredRun run, Map<String, DataVersion> byRole,
      List<Item> items) {
    EvaluateSpec recorded = EvaluateSpec.parse(run.spec());
    ModelRecord model = ctx.ledger().models().get(recorded.modelName(), recorded.modelVersion());
    JobSpec trainSpec = SpecLoader.parse(model.spec(), "model " + model.ref(), List.of());
    ctx.useEngine(model.ref(), model.engine());
    PipelineModel pipeline = ModelArtifacts.load(model.artifactUri());
    String hash = ModelTrainer.of(model.algorithm()).hash(pipeline);
    items.add(new Item("model " + model.ref() + " artifact booster sha256", hash.equals(model.modelHash()),
        hash.equals(model.modelHash()) ? hash.substring(0, 16) : "registered " + model.modelHash() + ", artifact " + hash));
    items.addAll(compareMetrics(ctx, model, pipeline, trainSpec, recorded.threshold(), evalCells(byRole,
        EvaluateSpec.filters(run.spec()))));
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
      EvaluateModel.Evaluation values = EvaluateModel.evaluate(pipeline,
          RowFilter.apply(ctx.inputs().read(v), RowFilter.evalKey(name), cell.filter(), v.path(), v), spec.features(),
          spec.model().task(), spec.metrics().withThreshold(threshold), v.path());
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
