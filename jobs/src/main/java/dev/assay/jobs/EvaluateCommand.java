package dev.assay.jobs;

import dev.assay.errors.AssayException;
import dev.assay.errors.UsageErrors;
import dev.assay.usecase.EvaluateJob;
import dev.assay.usecase.ExternalEvaluateJob;
import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.ledger.ModelRef;
import dev.assay.spec.JobSpec;
import dev.assay.spec.LedgerSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.TableRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay evaluate --model NAME[:VERSION]}: metrics of a registered model on pinned data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a registered model version on pinned evaluation data versions.")
final class EvaluateCommand implements Callable<Integer>, RecordsRuns {
  @ParentCommand
  AssayCli cli;

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

  @Option(names = "--spec", description = "Take the evaluation references (data.eval) from this spec.")
  Path spec;

  @Option(names = "--set", description = "Override a spec key: a.b.c=value (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--threshold", description = "Decision threshold (default: the model's training spec).")
  Double threshold;

  @Option(names = "--ledger", description = "Ledger root, relative to the warehouse (default: ledger).")
  String ledger;

  @Option(names = "--gpu", description = "Score on GPU (a GPU-trained model; GPU models always score on GPU); exit 2 when GPUs are missing.")
  boolean gpu;

  @Option(names = "--context", description = "Scheduler context key=value recorded on the run (repeatable).")
  Map<String, String> context = new LinkedHashMap<>();

  @Override
  public String ledgerRoot() {
    return ledger != null ? ledger : dev.assay.spec.LedgerSpec.DEFAULT_ROOT;
  }

  @Override
  public Integer call() {
    if ((model == null) == (predictions == null)) {
      throw UsageErrors.modelOrPredictions();
    }
    if (predictions != null) {
      if (gpu) {
        throw UsageErrors.gpuWithPredictions();
      }
      return external();
    }
    Map<String, TableRef> refs = new LinkedHashMap<>();
    String ledgerRoot = ledger != null ? ledger : LedgerSpec.DEFAULT_ROOT;
    if (spec != null) {
      JobSpec job = SpecLoader.load(spec, overrides);
      refs.putAll(EvaluateJob.fromSpec(job));
      ledgerRoot = ledger != null ? ledger : job.ledger().root();
    }
    for (String e : evals) {
      parseEval(e, refs);
    }
    ModelRef ref = ModelRef.parse(model);
    JobContext ctx = new JobContext(Session.spark(cli, "evaluate"), Session.warehouse(cli), ledgerRoot, "evaluate",
        context);
    ctx.requestGpu(gpu);
    return JobRunner.run(ctx, c -> EvaluateJob.run(c, ref.name(), ref.version(), refs, threshold));
  }

  private Integer external() {
    if (spec == null || name == null || !evals.isEmpty()) {
      throw UsageErrors.predictionsWithoutNameOrSpec();
    }
    JobSpec job = SpecLoader.load(spec, overrides);
    TableRef ref = ScoreCommand.tableRef("--predictions", predictions);
    JobContext ctx = new JobContext(Session.spark(cli, "evaluate"), Session.warehouse(cli),
        ledger != null ? ledger : job.ledger().root(), "evaluate", context);
    return JobRunner.run(ctx, c -> ExternalEvaluateJob.run(c, ref, name, job, scoreCol));
  }

  static void parseEval(String text, Map<String, TableRef> refs) {
    int eq = text.indexOf('=');
    String name = eq > 0 ? text.substring(0, eq) : null;
    String rest = eq > 0 ? text.substring(eq + 1) : text;
    int at = rest.lastIndexOf('@');
    String table = at > 0 ? rest.substring(0, at) : rest;
    String when = at > 0 ? rest.substring(at + 1) : null;
    Long version = null;
    String timestamp = null;
    if (when != null) {
      if (when.matches("v?\\d+")) {
        version = Long.parseLong(when.startsWith("v") ? when.substring(1) : when);
      } else {
        timestamp = when;
      }
    }
    if (table.isBlank()) {
      throw UsageErrors.evalOptionForm(text);
    }
    if (name == null) {
      name = table.substring(table.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    }
    try {
      refs.put(name, new TableRef(table, version, timestamp));
    } catch (AssayException e) {
      throw UsageErrors.evalOptionInvalid(text, e.getMessage());
    }
  }
}
