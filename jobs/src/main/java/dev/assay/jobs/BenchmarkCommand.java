package dev.assay.jobs;

import dev.assay.ledger.ModelRef;
import dev.assay.spec.TableRef;
import dev.assay.usecase.BenchmarkJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay benchmark}: scoring throughput and single-row latency, appended to the benchmarks table. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = {"Measure a model's scoring throughput (Spark) and single-row latency on a pinned input version.",
        GpuOption.SCORES})
final class BenchmarkCommand extends JobCommand {
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

  @Mixin
  LedgerOption ledger;

  @Mixin
  GpuOption gpu;

  @Mixin
  ContextOption context;

  @Override
  public Integer call() {
    ModelRef ref = ModelRef.parse(model);
    TableRef in = OptionValues.table("--input", input);
    return run(gpu.gpu, c -> BenchmarkJob.run(c, ref, in, rows, warmup, repeat, System.out));
  }
}
