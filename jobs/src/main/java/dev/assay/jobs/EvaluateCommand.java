package dev.assay.jobs;

import dev.assay.errors.UsageErrors;
import dev.assay.ledger.ModelRef;
import dev.assay.spec.JobSpec;
import dev.assay.spec.TableRef;
import dev.assay.usecase.EvaluateJob;
import dev.assay.usecase.ExternalEvaluateJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay evaluate --model NAME[:VERSION]}: metrics of a registered model on pinned data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluate a registered model version on pinned evaluation data versions.",
        "--spec takes the evaluation references (data.eval) from a spec.", GpuOption.SCORES})
final class EvaluateCommand extends JobCommand {
  @Option(names = "--model", description = "NAME or NAME:VERSION (default: latest version).")
  String model;

  @Option(names = "--predictions", description = "External predictions TABLE[@VERSION] (id and score columns), "
      + "evaluated on the --spec's data.eval references instead of a model.")
  String predictions;

  @Option(names = "--name", description = "With --predictions: the model name its metrics are stored under.")
  String name;

  @Option(names = "--score-col", defaultValue = "score", description = "With --predictions: the score column "
      + "(default: score).")
  String scoreCol;

  @Option(names = "--eval", description = "NAME=TABLE[@VERSION|@TIMESTAMP] (repeatable).")
  List<String> evals = new ArrayList<>();

  @Mixin
  SpecOptions spec;

  @Option(names = "--threshold", description = "Decision threshold (default: the model's training spec).")
  Double threshold;

  @Mixin
  ScoringOptions scoring;

  @Override
  public Integer call() {
    if ((model == null) == (predictions == null)) {
      throw UsageErrors.modelOrPredictions();
    }
    if (predictions != null) {
      if (scoring.onGpu()) {
        throw UsageErrors.gpuWithPredictions();
      }
      return external();
    }
    Map<String, TableRef> refs = new LinkedHashMap<>();
    if (spec.given()) {
      refs.putAll(EvaluateJob.fromSpec(spec.load()));
    }
    for (String e : evals) {
      OptionValues.eval(e, refs);
    }
    ModelRef ref = ModelRef.parse(model);
    return run(scoring.onGpu(), c -> EvaluateJob.run(c, ref.name(), ref.version(), refs, threshold));
  }

  private Integer external() {
    if (!spec.given() || name == null || !evals.isEmpty()) {
      throw UsageErrors.predictionsWithoutNameOrSpec();
    }
    JobSpec job = spec.load();
    TableRef ref = OptionValues.table("--predictions", predictions);
    return run(c -> ExternalEvaluateJob.run(c, ref, name, job, scoreCol));
  }
}
