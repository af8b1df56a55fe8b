package dev.assay.jobs;

import dev.assay.errors.UsageErrors;
import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.ledger.ModelRef;
import dev.assay.usecase.ScoreJob;
import dev.assay.spec.LedgerSpec;
import dev.assay.spec.TableRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay score}: batch predictions of a registered model on a pinned input, into a Delta table. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Write a registered model's predictions on a pinned input version to a Delta table (idempotent).")
final class ScoreCommand implements Callable<Integer>, RecordsRuns {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--model", required = true, description = "NAME or NAME:VERSION (default: latest version).")
  String model;

  @Option(names = "--input", required = true, description = "TABLE[@VERSION|@TIMESTAMP] (default: latest, pinned).")
  String input;

  @Option(names = "--output", required = true, description = "Delta table for the predictions (created on first use).")
  String output;

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
    ModelRef ref = ModelRef.parse(model);
    TableRef in = tableRef("--input", input);
    dev.assay.spec.Names.checkTable("option --output '" + output + "'", output);
    JobContext ctx = new JobContext(Session.spark(cli, "score"), Session.warehouse(cli),
        ledger != null ? ledger : LedgerSpec.DEFAULT_ROOT, "score", context);
    ctx.requestGpu(gpu);
    return JobRunner.run(ctx, c -> ScoreJob.run(c, ref, in, output));
  }

  /** {@code TABLE[@VERSION|@TIMESTAMP]} as one table reference. */
  static TableRef tableRef(String option, String text) {
    Map<String, TableRef> one = new LinkedHashMap<>();
    try {
      EvaluateCommand.parseEval("x=" + text, one);
    } catch (dev.assay.errors.AssayException e) {
      throw UsageErrors.tableOptionInvalid(option, text, e.getMessage());
    }
    return one.get("x");
  }
}
