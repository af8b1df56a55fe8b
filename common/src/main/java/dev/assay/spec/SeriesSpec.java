package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The history a monitoring check reads from the ledger ({@code monitor.checks[].series}): exactly
 * one of {@code metric}, {@code drift} and {@code latency}.
 *
 * <ul>
 *   <li>{@code metric} and {@code table}: the metric's whole-dataset value (no filter, no slice,
 *       the current metric code) of one model on every stored version of the evaluation table,
 *       oldest first. The model is {@code model: NAME:VERSION}, {@code model: NAME} (its latest
 *       version) or {@code champion: NAME} (the champion when the check runs).
 *   <li>{@code metric}, {@code table} and {@code version} with {@code model: NAME}: the metric of
 *       every version of the model on that one evaluation version, oldest model first.
 *   <li>{@code drift: TABLE}: the PSI of each feature (or of {@code feature} only) between
 *       consecutive versions of the table, from {@code data_drift}, one series per feature.
 *   <li>{@code latency: NAME:VERSION}: the p95 latency in ms of the model's benchmarks, oldest first.
 * </ul>
 *
 * @param metric the stored metric name, e.g. {@code roc_auc} or {@code f1@0.5}
 * @param model the model: {@code NAME:VERSION} or {@code NAME}
 * @param champion instead of {@code model}: the champion of this name
 * @param table the evaluation table, as the specs name it
 * @param version with a metric: the evaluation version the model versions are compared on
 * @param drift the table whose drift history is read
 * @param feature with {@code drift}: one feature only
 * @param latency the model whose benchmark latencies are read, {@code NAME:VERSION} or {@code NAME}
 */
public record SeriesSpec(String metric, String model, String champion, String table, Long version, String drift,
    String feature, String latency) {

  /** What a series runs over. */
  public enum Kind {
    /** A metric of one model across the versions of an evaluation table. */
    METRIC_BY_EVAL_VERSION,
    /** A metric of the versions of a model on one evaluation version. */
    METRIC_BY_MODEL_VERSION,
    /** PSI per feature across the versions of a table. */
    DRIFT,
    /** p95 latency across the benchmarks of a model. */
    LATENCY
  }

  public SeriesSpec {
    metric = Checks.optionalText("metric", metric, "metric name");
    model = Checks.optionalText("model", model, "model (NAME or NAME:VERSION)");
    champion = Checks.optionalText("champion", champion, "model name");
    table = Checks.optionalText("table", table, "table");
    drift = Checks.optionalText("drift", drift, "table");
    feature = Checks.optionalText("feature", feature, "column name");
    latency = Checks.optionalText("latency", latency, "model (NAME or NAME:VERSION)");
    long kinds = Stream.of(metric, drift, latency).filter(Objects::nonNull).count();
    if (kinds != 1) {
      throw SpecException.invalid("", (kinds == 0 ? "names no series" : "names several series")
          + ": set exactly one of {0} (with {1}), {2} or {3}", "metric", "table", "drift", "latency");
    }
    List<String> allowed = metric != null ? List.of("model", "champion", "table", "version")
        : drift != null ? List.of("feature") : List.of();
    String kind = metric != null ? "metric" : drift != null ? "drift" : "latency";
    Checks.onlySettings(allowed, "a " + kind + " series", "model", model, "champion", champion, "table", table,
        "version", version, "feature", feature);
    if (metric != null) {
      if (table == null) {
        throw SpecException.missing("table");
      }
      if ((model == null) == (champion == null)) {
        throw SpecException.invalid("", "must set exactly one of {0} and {1} for a metric series", "model",
            "champion");
      }
      if (version != null && (model == null || model.contains(":"))) {
        throw SpecException.invalid("version", "compares the versions of one model on one evaluation version: "
            + "set {0} to a model name without a version", "model");
      }
      if (version != null && version < 0) {
        throw SpecException.invalid("version", "must be a Delta table version (0 or more), got " + version);
      }
    }
  }

  /** Binds YAML; the same as the constructor, named for Jackson. */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static SeriesSpec fromSpec(@JsonProperty("metric") String metric, @JsonProperty("model") String model,
      @JsonProperty("champion") String champion, @JsonProperty("table") String table,
      @JsonProperty("version") Long version, @JsonProperty("drift") String drift,
      @JsonProperty("feature") String feature, @JsonProperty("latency") String latency) {
    return new SeriesSpec(metric, model, champion, table, version, drift, feature, latency);
  }

  /** What this series runs over. */
  public Kind kind() {
    if (drift != null) {
      return Kind.DRIFT;
    }
    if (latency != null) {
      return Kind.LATENCY;
    }
    return version != null ? Kind.METRIC_BY_MODEL_VERSION : Kind.METRIC_BY_EVAL_VERSION;
  }
}
