package dev.assay.usecase;

import dev.assay.data.RowFilter;
import dev.assay.errors.ModelErrors;
import dev.assay.errors.SpecErrors;
import dev.assay.errors.UsageErrors;
import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.SaveMetrics;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelRef;
import dev.assay.ledger.ModelStage;
import dev.assay.model.EnsembleArtifact;
import dev.assay.model.ModelArtifacts;
import dev.assay.run.Command;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.Algorithm;
import dev.assay.spec.DataSpec;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.JobSpec;
import dev.assay.spec.ModelSpec;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code ensemble}: registers the mean of two or more registered models as a model version of its
 * own (algorithm {@code ensemble_mean}) and evaluates it on a spec's evaluation
 * references with the same metric code as every other model, so it can be ranked, gated,
 * promoted, scored and benchmarked like them.
 *
 * <p>Members must share task and label. The ensemble's feature list is the union of the members'
 * (a column must be numeric in all members or categorical in all); its lineage is the union of
 * the members' training inputs. The same members in the same order under the same name are the
 * same model: a rerun registers nothing and stores only metric cells still missing.
 */
public final class EnsembleJob {
  private EnsembleJob() {}

  public static JobResult run(JobContext ctx, String name, List<ModelRef> refs, JobSpec spec) {
    if (name == null || !ModelSpec.NAME_PATTERN.matcher(name).matches() || name.contains("..")) {
      throw UsageErrors.ensembleNameOption(name);
    }
    if (refs.size() < 2) {
      throw ModelErrors.ensembleTooFewMembers(name, refs.size());
    }
    if (spec.data().eval().isEmpty()) {
      throw SpecErrors.ensembleWithoutEvalSuite();
    }
    List<ModelRecord> members = new ArrayList<>();
    for (ModelRef ref : refs) {
      ModelRecord m = ctx.ledger().models().get(ref.name(), ref.version());
      if (m.modelName().equals(name)) {
        throw ModelErrors.ensembleMemberOwnName(name, m.ref());
      }
      if (m.algorithm() == Algorithm.EXTERNAL || m.algorithm() == Algorithm.ENSEMBLE_MEAN) {
        throw ModelErrors.ensembleMemberNotSpark(name, m.ref(), m.algorithm() == Algorithm.EXTERNAL);
      }
      if (members.stream().anyMatch(o -> o.ref().equals(m.ref()))) {
        throw ModelErrors.ensembleMemberTwice(name, m.ref());
      }
      members.add(m);
    }
    ModelRecord first = members.get(0);
    for (ModelRecord m : members) {
      if (!m.task().equals(first.task()) || !m.label().equals(first.label())) {
        throw ModelErrors.ensembleMembersDisagree(name, first.ref(), first.task(), first.label(), m.ref(), m.task(),
            m.label());
      }
    }

    EnsembleArtifact artifact = new EnsembleArtifact(EnsembleArtifact.MEAN, first.task().code(), members.stream()
        .map(m -> new EnsembleArtifact.Member(m.modelName(), m.modelVersion(), m.algorithm().code(), m.artifactUri(),
            m.modelHash()))
        .toList());
    JobSpec ensembleSpec = ensembleSpec(name, members, spec);
    String canonical = SpecLoader.canonicalJson(ensembleSpec);
    ctx.setSpec(new RecordedSpec.Job(ensembleSpec));
    Map<String, DataVersion> byRole = new LinkedHashMap<>();
    Map<String, DataVersion> evals = new LinkedHashMap<>();
    spec.data().eval().forEach((n, ref) -> evals.put(n, TrainJob.pin(ctx, "eval:" + n, ref, byRole)));
    RunKey runKey = RunKey.of(Command.ENSEMBLE.code(), canonical + "|" + artifact.hash(), Map.of(),
        CodeVersion.current().label(),
        Map.of("spark", ctx.spark().version()));
    ctx.setRunKey(runKey.value());

    Optional<ModelRecord> existing = ctx.ledger().models().list(name, null).stream()
        .filter(m -> m.modelHash().equals(artifact.hash())).findFirst();
    PipelineModel pipeline;
    String dir = null;
    if (existing.isPresent()) {
      pipeline = EvaluateJob.loadVerified(ctx, existing.get());
      ctx.step("ensemble %s of %s exists already", existing.get().ref(), refsOf(members));
    } else {
      dir = ctx.ledger().artifactPath(name, ctx.runId());
      ctx.artifactsWritten(dir);
      artifact.save(ctx.spark(), dir);
      pipeline = ModelArtifacts.load(dir);
      ctx.step("built ensemble of %s (model sha256 %s)", refsOf(members), artifact.hash().substring(0, 16));
    }

    // Any member's training rows leak into the mean: the check runs against all of them.
    TrainOverlap overlap = new TrainOverlap("ensemble " + name, TrainOverlap.trainVersions(ctx,
        members.stream().flatMap(m -> m.trainData().stream()).toList()), ensembleSpec.features());
    overlap.reportSharedTables(ctx, evals);
    Map<String, EvaluateModel.Evaluation> values = new LinkedHashMap<>();
    for (Map.Entry<String, DataVersion> e : evals.entrySet()) {
      TableRef ref = spec.data().eval().get(e.getKey());
      long t0 = System.nanoTime();
      Dataset<Row> data = RowFilter.apply(ctx.inputs().read(e.getValue()), RowFilter.evalKey(e.getKey()),
          ref.filter(), ref.table(), e.getValue());
      EvaluateModel.Evaluation v = overlap.measure(ctx, EvaluateModel.cell(e.getKey(), ref, e.getValue()), data,
          d -> EvaluateModel.evaluate(pipeline, d, ensembleSpec.features(), first.task(), ensembleSpec.metrics(),
              ref.table()));
      values.put(e.getKey(), v);
      ctx.step("evaluated ensemble %s on %s %s v%d in %.1f s: %s", name, e.getKey(), ref.table(),
          e.getValue().version(), (System.nanoTime() - t0) / 1e9, TrainJob.headline(v.overall()));
    }

    ModelRecord model;
    if (existing.isPresent()) {
      model = existing.get();
    } else {
      ctx.modelsWritten();
      model = ctx.ledger().models().register(new ModelRecord(name, 0, ctx.runId(), ctx.runKey(),
          Algorithm.ENSEMBLE_MEAN, first.task(), dir, null, null, artifact.hash(),
          Map.of("members", refsOf(members), "combine", EnsembleArtifact.MEAN), ensembleSpec.features()
              .featureColumns(),
          first.label(), canonical, members.stream().flatMap(m -> m.trainData().stream()).distinct().toList(),
          members.stream().mapToLong(ModelRecord::trainRows).sum(), 0L, 1, ModelStage.CANDIDATE, ctx.engine(),
          CodeVersion.current().label(), LibraryVersions.xgboostVersion(), new Timestamp(System.currentTimeMillis()),
          null));
      ctx.step("registered ensemble %s of %s (artifact %s)", model.ref(), refsOf(members), dir);
    }
    var saved = SaveMetrics.save(ctx, EvaluateModel.rows(ctx, model.id(), EvaluateModel.cells(spec.data().eval(),
        evals),
        values));
    ctx.step("stored %d new metric row(s) for %s, %d already present and identical", saved.inserted(), model.ref(),
        saved.unchanged());
    return saved.inserted() == 0 && !ctx.wroteModels()
        ? JobResult.skipped("ensemble " + model.ref() + " and its metrics already stored")
        : JobResult.succeeded("ensemble " + model.ref() + " of " + refsOf(members));
  }

  /**
   * The spec recorded with the ensemble: the given spec's evaluation references and metric
   * settings, the members' common label, the union of their features, and the member list as params.
   */
  static JobSpec ensembleSpec(String name, List<ModelRecord> members, JobSpec spec) {
    Set<String> numeric = new LinkedHashSet<>();
    Set<String> categorical = new LinkedHashSet<>();
    String id = spec.features().id();
    Set<String> produced = new LinkedHashSet<>();
    for (ModelRecord m : members) {
      FeatureSpec f = SpecLoader.parse(m.spec(), "model " + m.ref(), List.of()).features();
      numeric.addAll(f.numeric());
      categorical.addAll(f.categorical());
      produced.addAll(f.produced());
      id = id != null ? id : f.id();
    }
    // Columns a member's feature stage makes are not in the table: each member makes its own.
    numeric.removeAll(produced);
    categorical.removeAll(produced);
    Set<String> both = numeric.stream().filter(categorical::contains)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (!both.isEmpty()) {
      throw ModelErrors.ensembleFeatureTypes(refsOf(members), both);
    }
    String label = members.get(0).label();
    ModelSpec model = new ModelSpec(name, Algorithm.ENSEMBLE_MEAN, members.get(0).task(),
        Map.of("members", refsOf(members), "combine", EnsembleArtifact.MEAN), ModelSpec.DEFAULT_SEED, 1, "cpu");
    FeatureSpec features = FeatureSpec.of(List.copyOf(numeric), List.copyOf(categorical), label, null, id);
    return new JobSpec(model, features, new DataSpec(null, spec.data().eval()), spec.metrics(), spec.ledger(),
        spec.gate());
  }

  private static String refsOf(List<ModelRecord> members) {
    return members.stream().map(ModelRecord::ref).collect(Collectors.joining(","));
  }
}
