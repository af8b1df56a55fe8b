package dev.assay.usecase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.assay.data.RowFilter;
import dev.assay.errors.GateErrors;
import dev.assay.errors.SpecErrors;
import dev.assay.errors.UsageErrors;
import dev.assay.evaluation.MatrixPlan.SuiteRef;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.EvalCell;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelStage;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.run.Command;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.GateSpec;
import dev.assay.spec.JobSpec;
import dev.assay.spec.Names;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.TableRef;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import dev.assay.version.RunKey;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;


/**
 * {@code gate}: a challenger against the champion of its name on the spec's evaluation suite.
 * Values are compared only on identical cells (data version, filter, metric code version); a
 * champion evaluated on other data is refused (exit 2) rather than compared. A failed gate is
 * exit 4; a passed one with {@code promote} swaps the stages in one Delta commit.
 */
public final class GateJob {
  private GateJob() {}

  public static JobResult run(JobContext ctx, JobSpec spec, String challengerRef, String championRef,
      boolean promote, PrintStream out) {
    GateSpec gate = spec.gate();
    if (gate == null) {
      throw SpecErrors.gateWithoutGateSection();
    }
    Map<String, TableRef> refs = spec.data().eval();
    if (refs.isEmpty()) {
      throw SpecErrors.gateWithoutEvalSuite();
    }
    RowFilter.validate(ctx.spark(), refs);
    ModelRecord challenger = model(ctx, "--challenger", challengerRef);
    Optional<ModelRecord> champion = championRef != null ? Optional.of(model(ctx, "--champion", championRef))
        : ctx.ledger().models().champion(challenger.modelName());
    if (champion.isPresent() && champion.get().ref().equals(challenger.ref())) {
      throw GateErrors.alreadyChampion(challenger.ref());
    }
    if (promote && champion.isPresent() && !champion.get().modelName().equals(challenger.modelName())) {
      throw GateErrors.promoteAcrossNames(challenger.ref(), champion.get().ref());
    }
    if (promote && championRef != null && champion.get().stage() != ModelStage.CHAMPION) {
      // Promotion replaces the champion; over another version it would be refused as "changed" on every retry.
      throw GateErrors.promoteOverNonChampion(challenger.ref(), champion.get().ref(), champion.get().stage(),
          ctx.ledger().models().champion(challenger.modelName()).map(ModelRecord::ref).orElse(null));
    }
    String metricCode = MetricCodeVersion.current();
    ctx.setSpec(new RecordedSpec.Gate(refs, metricCode, challenger.ref(), champion.map(ModelRecord::ref).orElse(null),
        gate, promote));
    Map<String, DataVersion> byRole = new LinkedHashMap<>();
    List<SuiteRef> suite = TrainJob.pinSuite(ctx, refs, byRole);
    ctx.setRunKey(RunKey.of(Command.GATE.code(), ctx.spec(), byRole, CodeVersion.current().label(),
        Map.of("metric_code", metricCode)).value());
    ctx.step("gate %s against %s on %d reference(s), metric %s", challenger.ref(),
        champion.map(ModelRecord::ref).orElse("no champion"), suite.size(), gate.metric());

    List<GateChecks.Check> checks = new ArrayList<>();
    List<MetricRow> chall = ctx.ledger().metrics().forModel(challenger.modelName(), challenger.modelVersion());
    List<MetricRow> champ = champion.map(c -> ctx.ledger().metrics().forModel(c.modelName(), c.modelVersion()))
        .orElse(List.of());
    List<String> differences = new ArrayList<>();
    for (SuiteRef ref : suite) {
      EvalCell cell = ref.cell(metricCode);
      Optional<MetricRow> a = find(chall, cell, gate.metric());
      Optional<MetricRow> b = champion.isPresent() ? find(champ, cell, gate.metric()) : Optional.empty();
      if (a.isEmpty()) {
        differences.add(missing(challenger, "challenger", cell, gate.metric(), chall));
      }
      if (champion.isPresent() && b.isEmpty()) {
        differences.add(missing(champion.get(), "champion", cell, gate.metric(), champ));
      }
      if (a.isPresent() && (champion.isEmpty() || b.isPresent())) {
        String reference = ref.evalName() + " = " + ref.table();
        String version = "v" + ref.version().version() + (ref.filter() == null ? "" : " where " + ref.filter());
        checks.addAll(GateChecks.compare(gate, reference, version, champion.isPresent(),
            b.map(MetricRow::value).orElse(null), a.get().value()));
        GateChecks.overlap(gate, reference, version,
            find(champ, cell, TrainOverlap.SHARE).map(MetricRow::value).orElse(null),
            find(chall, cell, TrainOverlap.SHARE).map(MetricRow::value).orElse(null)).ifPresent(checks::add);
      }
    }
    if (!differences.isEmpty()) {
      throw GateErrors.cellsDiffer(challenger.ref(), metricCode, differences);
    }
    if (gate.maxLatencyMs() != null) {
      Double p95 = p95(ctx, challenger).orElseThrow(() -> GateErrors.noBenchmark(challenger.ref()));
      checks.add(GateChecks.latency(gate, champion.flatMap(c -> p95(ctx, c)).orElse(null), p95));
    }
    GateChecks.table(checks).forEach(out::println);
    boolean pass = checks.stream().allMatch(GateChecks.Check::pass);
    out.println("gate " + (pass ? "PASSED" : "FAILED") + ": " + challenger.ref() + " vs "
        + champion.map(ModelRecord::ref).orElse("no champion") + " on " + gate.metric() + " ("
        + checks.stream().filter(GateChecks.Check::pass).count() + " of " + checks.size() + " check(s) passed)");
    out.flush();
    if (!pass) {
      throw GateErrors.gateFailed(challenger.ref(), champion.map(ModelRecord::ref).orElse(null),
          GateChecks.summary(checks));
    }
    if (promote) {
      ctx.ledger().models().promote(challenger, champion.orElse(null));
      ctx.step("promoted %s to champion%s", challenger.ref(),
          champion.map(c -> ", archived " + c.ref()).orElse(" (first champion)"));
      return JobResult.succeeded("gate passed; " + challenger.ref() + " is champion");
    }
    return JobResult.succeeded("gate passed for " + challenger.ref());
  }

  private static ModelRecord model(JobContext ctx, String option, String ref) {
    String[] nv = ref.split(":", 2);
    if (nv.length != 2 || !nv[1].matches("\\d+")) {
      throw UsageErrors.modelVersionOptionForm(option, ref);
    }
    Names.checkModelName("option " + option + " '" + ref + "'", nv[0]);
    return ctx.ledger().models().get(nv[0], Integer.valueOf(nv[1]));
  }

  /** The whole-dataset row of {@code metric} on the cell, if stored; the model is the rows' own. */
  private static Optional<MetricRow> find(List<MetricRow> rows, EvalCell cell, String metric) {
    return rows.stream().filter(r -> {
      MetricKey k = r.key();
      return k.equals(cell.key(k.model(), null, null, metric));
    }).findFirst();
  }

  /** Names the missing cell and what the model was evaluated on instead for that table. */
  private static String missing(ModelRecord m, String role, EvalCell cell, String metric, List<MetricRow> rows) {
    List<String> instead = rows.stream().filter(r -> r.key().sliceColumn() == null && r.key().metric().equals(metric)
            && r.key().evalTableId().equals(cell.data().tableId()))
        .map(r -> "v" + r.key().evalVersion() + (r.key().evalFilter() == null ? "" : " where " + r.key().evalFilter())
            + " (metric code " + r.key().metricCodeVersion() + ")")
        .distinct().sorted().toList();
    return String.format("%s %s has no %s on %s (metric code %s)%s", role, m.ref(), metric, cell,
        cell.metricCodeVersion(), instead.isEmpty() ? "" : ", only on " + String.join(", ", instead));
  }

  /** The model's p95 latency from the benchmarks table (the largest when benchmarked more than once). */
  static Optional<Double> p95(JobContext ctx, ModelRecord m) {
    String path = ctx.ledger().path(LedgerTableName.BENCHMARKS);
    if (DeltaLog.forTable(ctx.spark(), path).update(false, Option.empty(), Option.empty()).version() < 0) {
      return Optional.empty();
    }
    Row r = ctx.ledger().query(() -> ctx.spark().read().format("delta").load(path)
        .where(col("model_name").equalTo(lit(m.modelName())).and(col("model_version").equalTo(lit(m.modelVersion()))))
        .agg(max(col("p95_ms").cast("double"))).first());
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getDouble(0));
  }
}
