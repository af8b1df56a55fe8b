package dev.assay.jobs;

import dev.assay.usecase.BenchmarkJob;
import dev.assay.run.JobContext;
import dev.assay.run.JobRunner;
import dev.assay.ledger.ModelRef;
import dev.assay.spec.LedgerSpec;
import dev.assay.spec.TableRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code assay benchmark}: scoring throughput and single-row latency, appended to the benchmarks table. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = "Measure a model's scoring throughput (Spark) and single-row latency on a pinned input version.")
final class BenchmarkCommand implements Callable<Integer>, RecordsRuns {
  @ParentCommand
  AssayCli cli;

  @Option(names = "--model", required = true, description = "NAME or NAME:VERSION (default: latest version).")
  String model;

  @Option(names = "--input", required = true, description = "TABLE[@VERSION|@TIMESTAMP] (default: latest, pinned).")
  String input;

  @Option(names = "--rows", description = "Use at most N input rows (default: all; latency uses at most 10000).")
  Long rows;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed passes before measuring (default: 2).")
  int warmup;

  @Option(names = "--repeat", defaultValue = "5", description = "Timed throughput passes; the median counts "
      + "(default: 5).")
  int repeat;

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
    TableRef in = ScoreCommand.tableRef("--input", input);
    JobContext ctx = new JobContext(Session.spark(cli, "benchmark"), Session.warehouse(cli),
        ledger != null ? ledger : LedgerSpec.DEFAULT_ROOT, "benchmark", context);
    ctx.requestGpu(gpu);
    return JobRunner.run(ctx, c -> BenchmarkJob.run(c, ref, in, rows, warmup, repeat, System.out));
  }
}
