package dev.assay.usecase;

import dev.assay.data.PinnedInputs;
import dev.assay.drift.FeatureDrift;
import dev.assay.drift.MeasureDrift;
import dev.assay.drift.TableDrift;
import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.errors.SpecErrors;
import dev.assay.ledger.DriftRecord;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelStage;
import dev.assay.ledger.RunStatus;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.DataSpec;
import dev.assay.spec.JobSpec;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.TableRef;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code retrain}: trains only when the training data moved. It compares the latest version of
 * the spec's training table with the version behind the champion (or, with no champion, the last
 * version of the model name); unchanged is a SKIPPED run. Changed data is measured first (row
 * counts, schema, per-feature PSI into {@code data_drift}); {@code --min-new-rows} and
 * {@code --min-drift} can hold training back. Otherwise it trains and evaluates like {@code train}
 * and, when asked, gates and promotes in the same run.
 */
public final class RetrainJob {
  /** The role under which the baseline model's training version is pinned (read for drift only). */
  static final String BASELINE_ROLE = "baseline:train";

  private RetrainJob() {}

  public static JobResult run(JobContext ctx, JobSpec spec, RetrainOptions opts, PrintStream out) {
    TableRef ref = spec.data().train();
    if (ref == null) {
      throw SpecErrors.retrainWithoutTrainTable();
    }
    if (ref.filter() != null) {
      throw SpecErrors.trainTableFilter();
    }
    if (opts.gates() && spec.gate() == null) {
      throw SpecErrors.gateOptionWithoutGateSection(opts.promote());
    }
    if (ref.version() != null || ref.timestamp() != null) {
      ctx.step("data.train pins %s %s; retrain always reads its latest version", ref.table(),
          ref.version() != null ? "v" + ref.version() : "at " + ref.timestamp());
    }
    JobSpec latest = new JobSpec(spec.model(), spec.features(),
        new DataSpec(TableRef.latest(ref.table()), spec.data().eval()), spec.metrics(), spec.ledger(), spec.gate());
    ctx.setSpec(new RecordedSpec.Job(latest));
    DataVersion now = TrainJob.pin(ctx, "train", latest.data().train(), new LinkedHashMap<>());

    String name = spec.model().name();
    Optional<ModelRecord> baseline = baseline(ctx, name);
    if (baseline.isEmpty()) {
      ctx.step("no model named %s yet: training the first one", name);
      return train(ctx, latest, opts, out);
    }
    ModelRecord base = baseline.get();
    String which = base.ref() + (base.stage() == ModelStage.CHAMPION ? " (champion)" : " (last version, no champion)");
    Optional<PinnedInputs.Input> before = base.trainData().stream().filter(i -> i.role().equals("train")).findFirst();
    if (before.isEmpty() || !before.get().version().tableId().equals(now.tableId())) {
      ctx.step("%s was trained on another table than %s (table id %s): training", which, ref.table(),
          now.tableId().substring(0, 8));
      return train(ctx, latest, opts, out);
    }
    long from = before.get().version().version();
    if (from == now.version()) {
      return skip(ctx, opts, out, String.format("up to date: %s was trained on %s v%d, the latest version; nothing "
          + "to train", which, ref.table(), from));
    }
    Optional<TableDrift> drift = drift(ctx, latest, ref.table(), from, now);
    if (drift.isPresent()) {
      List<String> held = holdBack(drift.get(), opts);
      if (!held.isEmpty()) {
        return skip(ctx, opts, out, String.format("held back: %s (%s v%d -> v%d since %s)", String.join("; ", held),
            ref.table(), from, now.version(), which));
      }
    }
    ctx.step("%s changed since %s (v%d -> v%d): training", ref.table(), which, from, now.version());
    return train(ctx, latest, opts, out);
  }

  /** The champion of the name, else its last registered version, else none. */
  static Optional<ModelRecord> baseline(JobContext ctx, String name) {
    Optional<ModelRecord> champion = ctx.ledger().models().champion(name);
    if (champion.isPresent()) {
      return champion;
    }
    List<ModelRecord> all = ctx.ledger().models().list(name, null);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Reasons the thresholds give for not training yet; empty when every set threshold is met. */
  static List<String> holdBack(TableDrift drift, RetrainOptions opts) {
    List<String> reasons = new ArrayList<>();
    long newRows = drift.toRows() - drift.fromRows();
    if (opts.minNewRows() != null && newRows < opts.minNewRows()) {
      reasons.add(String.format(Locale.ROOT, "%d new row(s) < --min-new-rows %d", newRows, opts.minNewRows()));
    }
    boolean schemaMoved = drift.features().stream()
        .anyMatch(f -> f.schemaChange() != null && !f.schemaChange().equals("not comparable"));
    if (opts.minDrift() != null && !schemaMoved) {
      Optional<FeatureDrift> top = drift.largest();
      if (top.isEmpty() || top.get().psi() < opts.minDrift()) {
        reasons.add(top.map(f -> String.format(Locale.ROOT, "largest PSI %.4f (%s) < --min-drift %s", f.psi(),
            f.feature(), opts.minDrift())).orElse("no feature PSI could be computed, --min-drift " + opts.minDrift()));
      }
    }
    return reasons;
  }

  /**
   * Drift from the baseline's version: read from {@code data_drift} when an earlier run measured
   * this version pair for every feature of the spec (the first stored value is kept anyway), else
   * measured and stored. Empty when the baseline version can no longer be read.
   */
  private static Optional<TableDrift> drift(JobContext ctx, JobSpec spec, String table, long from, DataVersion now) {
    List<DriftRecord> stored = ctx.ledger().dataDrift().stored(now.tableId(), from, now.version());
    Optional<TableDrift> known = fromStored(stored, spec.features().featureColumns());
    if (known.isPresent()) {
      ctx.step("drift %s v%d -> v%d already measured by run %s", table, from, now.version(),
          stored.get(0).runId().substring(0, 8));
      log(ctx, table, from, now.version(), known.get());
      return known;
    }
    DataVersion old;
    try {
      old = ctx.inputs().pin(BASELINE_ROLE, table, from, null);
    } catch (AssayException e) {
      if (e.exitCode() != ExitCode.INPUT_DATA) {
        throw e;
      }
      ctx.step("cannot measure drift from %s v%d (%s): thresholds not applied", table, from, e.getMessage());
      return Optional.empty();
    }
    long t0 = System.nanoTime();
    TableDrift drift = MeasureDrift.measure(ctx.inputs().read(old), ctx.inputs().read(now),
        spec.features().numeric(), spec.features().categorical());
    ctx.onFailure(() -> ctx.ledger().dataDrift().deleteRun(ctx.runId()));
    var saved = ctx.ledger().dataDrift().save(records(ctx, table, now.tableId(), from, now.version(), drift));
    ctx.step("measured drift %s v%d -> v%d in %.1f s; stored %d data_drift row(s), %d already present", table, from,
        now.version(), (System.nanoTime() - t0) / 1e9, saved.inserted(), saved.present());
    log(ctx, table, from, now.version(), drift);
    return Optional.of(drift);
  }

  private static void log(JobContext ctx, String table, long from, long to, TableDrift drift) {
    ctx.step("drift %s v%d -> v%d: %d -> %d rows, largest PSI %s, schema %s", table, from, to, drift.fromRows(),
        drift.toRows(), drift.largest().map(f -> String.format(Locale.ROOT, "%.4f (%s)", f.psi(), f.feature()))
            .orElse("none"), drift.schemaChange() == null ? "unchanged" : drift.schemaChange());
  }

  /** The stored drift of a version pair, when it has the table row and a row for every feature. */
  static Optional<TableDrift> fromStored(List<DriftRecord> stored, List<String> features) {
    Optional<DriftRecord> whole = stored.stream().filter(r -> r.feature().equals(DriftRecord.TABLE)).findFirst();
    Map<String, DriftRecord> byFeature = new HashMap<>();
    stored.forEach(r -> byFeature.put(r.feature(), r));
    if (whole.isEmpty() || !byFeature.keySet().containsAll(features)) {
      return Optional.empty();
    }
    List<FeatureDrift> list = features.stream().map(byFeature::get).map(r -> new FeatureDrift(r.feature(), r.kind(),
        r.psi(), r.bins(), r.fromMissing(), r.toMissing(), r.schemaChange())).toList();
    return Optional.of(new TableDrift(whole.get().fromRows(), whole.get().toRows(), whole.get().schemaChange(), list));
  }

  static List<DriftRecord> records(JobContext ctx, String table, String tableId, long from, long to, TableDrift d) {
    String code = CodeVersion.current().label();
    Timestamp at = new Timestamp(System.currentTimeMillis());
    List<DriftRecord> rows = new ArrayList<>();
    rows.add(new DriftRecord(table, tableId, from, to, DriftRecord.TABLE, "table", null, null, d.fromRows(), d.toRows(),
        null, null, d.schemaChange(), MeasureDrift.METHOD, ctx.runId(), code, at));
    for (FeatureDrift f : d.features()) {
      rows.add(new DriftRecord(table, tableId, from, to, f.feature(), f.kind(), f.psi(), f.bins(), d.fromRows(),
          d.toRows(), f.fromMissing(), f.toMissing(), f.schemaChange(), MeasureDrift.METHOD, ctx.runId(), code, at));
    }
    return rows;
  }

  private static JobResult skip(JobContext ctx, RetrainOptions opts, PrintStream out, String why) {
    ctx.step("%s", why);
    out.println(why);
    out.flush();
    return JobResult.skipped(why).withNote(why).withProcessCode(opts.skipExitCode());
  }

  /**
   * Trains through {@link TrainJob} (which also evaluates on the suite), then gates through
   * {@link GateJob}. A failed gate keeps the new model as a candidate: the run is FAILED with exit 4
   * and the gate's reason, but the model and its metrics stay, so people can see why it lost.
   */
  private static JobResult train(JobContext ctx, JobSpec spec, RetrainOptions opts, PrintStream out) {
    JobResult trained = TrainJob.run(ctx, spec, false);
    RecordedSpec trainSpec = ctx.recordedSpec();
    String trainKey = ctx.runKey();
    ModelRecord model = ctx.ledger().models().byRunKey(trainKey).orElseThrow(() -> new IllegalStateException(
        "No model registered for run key " + trainKey + " after training"));
    if (!opts.gates()) {
      out.println(model.ref());
      out.flush();
      return JobResult.succeeded("trained " + model.ref() + " (" + trained.message() + ")");
    }
    String name = model.modelName();
    try {
      // The gate compares identical cells only: give the champion (and an already registered
      // challenger) the suite's current data versions first.
      if (ctx.ledger().models().champion(name).isPresent()) {
        ReevaluateJob.run(ctx, spec, ModelSelection.of(name, ModelStage.CHAMPION), out);
      }
      if (trained.status() == RunStatus.SKIPPED && model.stage() != ModelStage.CHAMPION) {
        ReevaluateJob.run(ctx, spec, ModelSelection.of(name, model.stage()), out);
      }
      JobResult gated = GateJob.run(ctx, spec, model.ref(), null, opts.promote(), out);
      out.println(model.ref());
      out.flush();
      return JobResult.succeeded("trained " + model.ref() + "; " + gated.message());
    } catch (AssayException e) {
      if (e.exitCode() != ExitCode.GATE_FAILED) {
        throw e;
      }
      out.println(model.ref());
      out.flush();
      ctx.step("%s; %s stays a candidate", e.getMessage(), model.ref());
      return new JobResult(RunStatus.FAILED, ExitCode.GATE_FAILED, e.getMessage()).withNote(e.getMessage());
    } finally {
      // The run row describes the training: its spec and run key, not the gate's.
      ctx.setSpec(trainSpec);
      ctx.setRunKey(trainKey);
    }
  }
}
