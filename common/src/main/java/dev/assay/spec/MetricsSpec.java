package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Metric settings of a job.
 *
 * @param threshold the probability at or above which a binary prediction counts as positive,
 *     strictly between 0 and 1; default 0.5
 * @param slices columns of the evaluation table to slice by: every metric is also computed per
 *     distinct value of each column; default none
 * @param minSliceRows slices with fewer rows get status {@code too_small} instead of a value
 *     (YAML key {@code min_slice_rows}), at least 1; default 100
 * @param maxSliceValues the most distinct values a slice column may hold (YAML key
 *     {@code max_slice_values}), at least 1; default 1000. Why a cap: every value becomes a group of
 *     metric rows brought to the driver and stored, so an id-like column would turn an evaluation
 *     into millions of rows; beyond the cap the evaluation fails (exit 2) naming the column
 * @param bootstrap bootstrap confidence intervals; default off (with {@code samples: 0} the other
 *     bootstrap keys change nothing and are normalized to their defaults)
 *
 * <p>Slices, {@code min_slice_rows}, {@code max_slice_values} and {@code bootstrap} at their defaults
 * are left out of the written spec (canonical JSON, YAML): they change no stored number then, and
 * specs written before these keys existed keep their run keys.
 */
public record MetricsSpec(
    double threshold,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> slices,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DefaultMinSliceRows.class) int minSliceRows,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DefaultMaxSliceValues.class) int maxSliceValues,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = BootstrapOff.class) BootstrapSpec bootstrap) {
  public static final double DEFAULT_THRESHOLD = 0.5;
  public static final int DEFAULT_MIN_SLICE_ROWS = 100;
  public static final int DEFAULT_MAX_SLICE_VALUES = 1000;

  /** All defaults. */
  public static final MetricsSpec DEFAULT = new MetricsSpec(DEFAULT_THRESHOLD);

  // Not a creator: Jackson would otherwise also accept a bare number as 'metrics: 0.3'.
  @JsonCreator(mode = JsonCreator.Mode.DISABLED)
  public MetricsSpec {
    if (!(threshold > 0 && threshold < 1)) {
      throw SpecException.invalid("threshold", "must be between 0 and 1 (exclusive), got " + threshold);
    }
    slices = Checks.names("slices", slices, "column name");
    Set<String> seen = new HashSet<>();
    for (String s : slices) {
      if (!seen.add(s)) {
        throw SpecException.invalid("slices", "lists column " + Checks.show(s) + " twice: list each column once");
      }
    }
    if (minSliceRows < 1) {
      throw SpecException.invalid("min_slice_rows", "must be at least 1, got " + minSliceRows);
    }
    if (maxSliceValues < 1) {
      throw SpecException.invalid("max_slice_values", "must be at least 1, got " + maxSliceValues);
    }
    bootstrap = Objects.requireNonNullElse(bootstrap, BootstrapSpec.OFF);
    if (!bootstrap.enabled()) {
      bootstrap = BootstrapSpec.OFF;
    }
  }

  /** Only a threshold; no slices, no intervals. */
  @JsonCreator(mode = JsonCreator.Mode.DISABLED)
  public MetricsSpec(double threshold) {
    this(threshold, List.of(), DEFAULT_MIN_SLICE_ROWS, DEFAULT_MAX_SLICE_VALUES, BootstrapSpec.OFF);
  }

  /** These settings with another threshold. */
  public MetricsSpec withThreshold(double newThreshold) {
    return new MetricsSpec(newThreshold, slices, minSliceRows, maxSliceValues, bootstrap);
  }

  /** Whether anything beyond whole-dataset point values is asked for. */
  @JsonIgnore
  public boolean needsGroupedPass() {
    return !slices.isEmpty() || bootstrap.enabled();
  }

  /** Binds YAML, where absent or null keys mean their defaults. */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static MetricsSpec fromSpec(@JsonProperty("threshold") Double threshold,
      @JsonProperty("slices") List<String> slices, @JsonProperty("min_slice_rows") Integer minSliceRows,
      @JsonProperty("max_slice_values") Integer maxSliceValues, @JsonProperty("bootstrap") BootstrapSpec bootstrap) {
    return new MetricsSpec(threshold == null ? DEFAULT_THRESHOLD : threshold, slices,
        minSliceRows == null ? DEFAULT_MIN_SLICE_ROWS : minSliceRows,
        maxSliceValues == null ? DEFAULT_MAX_SLICE_VALUES : maxSliceValues, bootstrap);
  }

  /** Jackson value filter: true (leave out) for the default {@code min_slice_rows}. */
  static final class DefaultMinSliceRows {
    @Override
    public boolean equals(Object value) {
      return value instanceof Integer i && i == DEFAULT_MIN_SLICE_ROWS;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  /** Jackson value filter: true (leave out) for the default {@code max_slice_values}. */
  static final class DefaultMaxSliceValues {
    @Override
    public boolean equals(Object value) {
      return value instanceof Integer i && i == DEFAULT_MAX_SLICE_VALUES;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  /** Jackson value filter: true (leave out) when the bootstrap is off. */
  static final class BootstrapOff {
    @Override
    public boolean equals(Object value) {
      return value instanceof BootstrapSpec b && !b.enabled();
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
