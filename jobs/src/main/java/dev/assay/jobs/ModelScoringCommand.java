package dev.assay.jobs;

import dev.assay.ledger.ModelRef;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.TableRef;
import java.util.function.Function;
import picocli.CommandLine.Mixin;

/**
 * A command that runs a registered model over a pinned input (score, benchmark): {@code --model},
 * {@code --input} and the scoring options, declared once, and the one order in which they are read
 * (model, input, then the command's own options) before the run starts.
 */
abstract class ModelScoringCommand extends JobCommand {
  @Mixin
  ModelInputOptions target;

  @Mixin
  ScoringOptions scoring;

  @Override
  public final Integer call() {
    ModelRef ref = target.model();
    TableRef in = target.input();
    return run(scoring.onGpu(), job(ref, in));
  }

  /** The job over {@code model} and {@code input}; checks the command's own options first. */
  abstract Function<JobContext, JobResult> job(ModelRef model, TableRef input);
}
