package dev.assay.usecase;

import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.SaveMetrics;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.ModelRecord;
import dev.assay.model.TrainStack;
import dev.assay.model.TrainedModel;
import dev.assay.run.JobContext;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.version.DataVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The refitted base models of a stack, registered as models of their own ({@code <stack>.<key>}) in the
 * stack's run and evaluated on the stack's evaluation suite, so they stand in leaderboards beside it.
 *
 * <p>Each is recorded with the spec that trains it alone (the stack's features and data, the base's
 * algorithm and params) and that spec's own train run key, so {@code train} of that spec finds it up to
 * date; {@code verify} of a base verifies the stack's run, which retrains every part. Their artifacts are
 * the stack's parts and their rows carry the stack's run id, so the stack's rollback on failure removes them.
 */
final class StackBases {
  private StackBases() {}

  static void register(JobContext ctx, JobSpec spec, TrainStack.Trained stack, String dir, DataVersion train,
      Map<String, DataVersion> evals) {
    for (Map.Entry<String, TrainedModel> e : stack.bases().entrySet()) {
      JobSpec baseSpec = new JobSpec(spec.model().member(TrainStack.baseName(spec.model(), e.getKey()),
          spec.model().stack().base().get(e.getKey())), spec.features(), spec.data(), spec.metrics(), spec.ledger());
      String canonical = SpecLoader.canonicalJson(baseSpec);
      String runKey = TrainJob.runKey(ctx, canonical, train).value();
      Optional<ModelRecord> existing = ctx.ledger().models().byRunKey(runKey);
      ModelRecord base;
      if (existing.isPresent()) {
        base = existing.get();
        ctx.step("base model %s of the stack is registered already", base.ref());
      } else {
        ctx.modelsWritten();
        base = ctx.ledger().models().register(TrainJob.record(ctx, baseSpec, e.getValue(), dir + "/members/"
            + e.getKey(), canonical, runKey));
        ctx.step("registered base model %s of stack %s (model sha256 %s)", base.ref(), spec.model().name(),
            base.modelHash().substring(0, 16));
      }
      Map<String, EvaluateModel.Evaluation> values = TrainJob.evaluate(ctx, e.getValue().pipeline(), baseSpec, evals,
          new TrainOverlap(base.ref(), List.of(train), spec.features()));
      var saved = SaveMetrics.save(ctx, EvaluateModel.rows(ctx, base.id(), EvaluateModel.cells(spec.data().eval(),
          evals), values));
      ctx.step("stored %d metric row(s) for %s, %d already present and identical", saved.inserted(), base.ref(),
          saved.unchanged());
    }
  }
}
