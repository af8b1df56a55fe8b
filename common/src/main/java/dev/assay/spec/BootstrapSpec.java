package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Bootstrap confidence intervals of the metrics (YAML {@code metrics.bootstrap}).
 *
 * @param samples the number of Poisson(1) bootstrap replicates; 0 (the default) turns intervals off
 * @param confidence the coverage of the percentile interval, strictly between 0 and 1; default 0.95
 * @param seed the seed of the replicate weights; default 7
 */
public record BootstrapSpec(int samples, double confidence, long seed) {
  public static final int DEFAULT_SAMPLES = 0;
  public static final double DEFAULT_CONFIDENCE = 0.95;
  public static final long DEFAULT_SEED = 7L;
  /** More replicates than this would cost much and change the interval by little. */
  public static final int MAX_SAMPLES = 10_000;

  /** Intervals off. */
  public static final BootstrapSpec OFF = new BootstrapSpec(DEFAULT_SAMPLES, DEFAULT_CONFIDENCE, DEFAULT_SEED);

  @JsonCreator(mode = JsonCreator.Mode.DISABLED)
  public BootstrapSpec {
    if (samples < 0 || samples > MAX_SAMPLES) {
      throw SpecException.invalid("samples", "must be between 0 (off) and " + MAX_SAMPLES + ", got " + samples);
    }
    if (samples == 1) {
      throw SpecException.invalid("samples", "must be 0 (off) or at least 2 replicates, got 1");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw SpecException.invalid("confidence", "must be between 0 and 1 (exclusive), got " + confidence);
    }
  }

  /** Whether intervals are computed. */
  public boolean enabled() {
    return samples > 0;
  }

  /** Binds YAML, where absent or null keys mean their defaults. */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static BootstrapSpec fromSpec(@JsonProperty("samples") Integer samples,
      @JsonProperty("confidence") Double confidence, @JsonProperty("seed") Long seed) {
    return new BootstrapSpec(samples == null ? DEFAULT_SAMPLES : samples,
        confidence == null ? DEFAULT_CONFIDENCE : confidence, seed == null ? DEFAULT_SEED : seed);
  }
}
