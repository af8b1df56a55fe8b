package dev.assay.jobs;

import picocli.CommandLine.Mixin;

/**
 * The run options of the commands that score a registered model (evaluate, score, benchmark):
 * where the run is recorded, whether it scores on GPU, and the scheduler's context. One mixin, as
 * the three always take the same set.
 */
final class ScoringOptions {
  @Mixin
  LedgerOption ledger;

  @Mixin
  GpuOption gpu;

  @Mixin
  ContextOption context;

  /** {@code --gpu}: the run must score on GPU. */
  boolean onGpu() {
    return gpu.gpu;
  }
}
