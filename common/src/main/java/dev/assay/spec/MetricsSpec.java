package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Metric settings of a job.
 *
 * @param threshold the probability at or above which a binary prediction counts as positive,
 *     strictly between 0 and 1; default 0.5
 */
public record MetricsSpec(double threshold) {
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** All defaults. */
  public static final MetricsSpec DEFAULT = new MetricsSpec(DEFAULT_THRESHOLD);

  // Not a creator: Jackson would otherwise also accept a bare number as 'metrics: 0.3'.
  @JsonCreator(mode = JsonCreator.Mode.DISABLED)
  public MetricsSpec {
    if (!(threshold > 0 && threshold < 1)) {
      throw SpecException.invalid("threshold", "must be between 0 and 1 (exclusive), got " + threshold);
    }
  }

  /** Binds YAML, where an absent or null {@code threshold} means the default. */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static MetricsSpec fromSpec(@JsonProperty("threshold") Double threshold) {
    return new MetricsSpec(threshold == null ? DEFAULT_THRESHOLD : threshold);
  }
}
