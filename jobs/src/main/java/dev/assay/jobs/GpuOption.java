package dev.assay.jobs;

import picocli.CommandLine.Option;

/**
 * {@code --gpu}, one declaration. It means two things: training on GPU ({@code train}) and scoring
 * on GPU (evaluate, score, benchmark); the option says what they share and each command adds the
 * sentence for its meaning to its description, from the constants here so each meaning is written
 * once.
 */
final class GpuOption {
  /** The sentence {@code train} adds: what --gpu does when training. */
  static final String TRAINS =
      "--gpu trains on GPU: the same as --set model.device=cuda (XGBoost device=cuda, RAPIDS).";

  /** The sentence the scoring commands add: what --gpu does when scoring. */
  static final String SCORES = "--gpu scores on GPU (a GPU-trained model; GPU models always score on GPU).";

  @Option(names = "--gpu", description = "Run on GPU (see the description above); exit 2 when GPUs are missing.")
  boolean gpu;
}
