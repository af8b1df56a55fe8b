package dev.assay.jobs;

import dev.assay.ledger.ModelRef;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.TableRef;
import dev.assay.usecase.BenchmarkJob;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assay benchmark}: scoring throughput and single-row latency, appended to the benchmarks table. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = {"Measure a model's scoring throughput (Spark) and single-row latency on a pinned input version.",
        GpuOption.SCORES})
final class BenchmarkCommand extends ModelScoringCommand {
  @Option(names = "--rows", description = "Use at most N input rows (default: all; latency uses at most 10000).")
  Long rows;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed passes before measuring (default: 2).")
  int warmup;

  @Option(names = "--repeat", defaultValue = "5", description = "Timed throughput passes; the median counts "
      + "(default: 5).")
  int repeat;

  @Override
  Function<JobContext, JobResult> job(ModelRef model, TableRef input) {
    return c -> BenchmarkJob.run(c, model, input, rows, warmup, repeat, System.out);
  }
}
