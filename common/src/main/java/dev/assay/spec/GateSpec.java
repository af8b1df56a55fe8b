package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The quality gate of {@code assay gate}: the metric that decides, its direction, and optional
 * thresholds. Every threshold left out is not checked.
 *
 * @param metric the stored metric name, e.g. {@code roc_auc}, {@code rmse} or {@code f1@0.5}
 * @param higherIsBetter whether a larger value is better; defaults from the metric name (true for
 *     auc, accuracy, precision, recall, f1 and r2; false for log_loss, brier, rmse and mae)
 * @param min the challenger's value must be at least this
 * @param max the challenger's value must be at most this
 * @param maxDrop the challenger may be worse than the champion by at most this much
 * @param maxRelativeDrop the challenger may be worse than the champion by at most this fraction
 *     of the champion's value
 * @param maxLatencyMs the challenger's p95 prediction latency from the {@code benchmarks} table
 *     must be at most this many milliseconds
 * @param maxTrainOverlap the largest share (0 to 1) of a cell's evaluation rows that may also occur in
 *     the training data of the challenger or of the champion it is compared with
 *     ({@code train_overlap_share}); null means 0: any training row in the suite fails the gate
 */
public record GateSpec(String metric, Boolean higherIsBetter, Double min, Double max, Double maxDrop,
    Double maxRelativeDrop, Double maxLatencyMs, Double maxTrainOverlap) {

  /** Metric names (before any {@code @threshold}) where a larger value is better. */
  public static final List<String> HIGHER_IS_BETTER = List.of("roc_auc", "pr_auc", "auc", "accuracy", "precision",
      "recall", "f1", "r2");

  /** Metric names where a smaller value is better. */
  public static final List<String> LOWER_IS_BETTER = List.of("log_loss", "brier", "rmse", "mae");

  // Not a creator: the YAML binding below fills the direction default.
  @JsonCreator(mode = JsonCreator.Mode.DISABLED)
  public GateSpec {
    metric = Checks.requireText("metric", metric, "metric name");
    if (higherIsBetter == null) {
      String base = metric.contains("@") ? metric.substring(0, metric.indexOf('@')) : metric;
      if (HIGHER_IS_BETTER.contains(base)) {
        higherIsBetter = true;
      } else if (LOWER_IS_BETTER.contains(base)) {
        higherIsBetter = false;
      } else {
        throw SpecException.invalid("higher_is_better", "must be set for metric " + Checks.show(metric)
            + ": its direction is not known (known: " + String.join(", ", HIGHER_IS_BETTER) + " are higher-better; "
            + String.join(", ", LOWER_IS_BETTER) + " are lower-better)");
      }
    }
    nonNegative("max_drop", maxDrop);
    nonNegative("max_relative_drop", maxRelativeDrop);
    nonNegative("max_latency_ms", maxLatencyMs);
    if (maxTrainOverlap != null && !(maxTrainOverlap >= 0 && maxTrainOverlap <= 1)) {
      throw SpecException.invalid("max_train_overlap", "must be a share of evaluation rows from 0 to 1, got "
          + maxTrainOverlap);
    }
    if (min != null && max != null && min > max) {
      throw SpecException.invalid("", "sets min " + min + " above max " + max + ": no value can pass");
    }
  }

  /** Binds YAML; the same as the constructor, named for Jackson. */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static GateSpec fromSpec(@JsonProperty("metric") String metric,
      @JsonProperty("higher_is_better") Boolean higherIsBetter, @JsonProperty("min") Double min,
      @JsonProperty("max") Double max, @JsonProperty("max_drop") Double maxDrop,
      @JsonProperty("max_relative_drop") Double maxRelativeDrop, @JsonProperty("max_latency_ms") Double maxLatencyMs,
      @JsonProperty("max_train_overlap") Double maxTrainOverlap) {
    return new GateSpec(metric, higherIsBetter, min, max, maxDrop, maxRelativeDrop, maxLatencyMs, maxTrainOverlap);
  }

  /** A gate without latency or overlap settings (the overlap limit is then 0). */
  public GateSpec(String metric, Boolean higherIsBetter, Double min, Double max, Double maxDrop,
      Double maxRelativeDrop, Double maxLatencyMs) {
    this(metric, higherIsBetter, min, max, maxDrop, maxRelativeDrop, maxLatencyMs, null);
  }

  /** The overlap limit in force: {@link #maxTrainOverlap()}, or 0 when the spec leaves it out. */
  public double trainOverlapLimit() {
    return maxTrainOverlap == null ? 0.0 : maxTrainOverlap;
  }

  private static void nonNegative(String key, Double value) {
    if (value != null && !(value >= 0 && Double.isFinite(value))) {
      throw SpecException.invalid(key, "must be a finite number >= 0, got " + value);
    }
  }
}
