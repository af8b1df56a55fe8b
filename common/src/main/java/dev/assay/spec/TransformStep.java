package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One entry of {@code features.transforms}: exactly one of its keys is set, and it names the
 * transform. Transforms run in list order after {@code features.derive}; each one reads the
 * columns as the transforms before it left them. What each fits on the pinned training version:
 * <ul>
 *   <li>{@code impute}: the fill value of each column (exact mean or exact median of its non-null,
 *       non-NaN values, or the constant given); nulls and NaN become that value.
 *   <li>{@code bucketize}: interior split points, from exact quantiles ({@code quantiles: K}) or
 *       given ({@code splits}); the output is the bucket index 0..n, missing stays missing.
 *   <li>{@code one_hot}: the sorted vocabulary of a categorical feature, which becomes one dense
 *       0/1 column per category (an unseen or null value is all zeros) instead of an index.
 *   <li>{@code scale}: {@code standard}: exact mean and sample standard deviation, (x - mean) /
 *       sd; {@code minmax}: min and max, (x - min) / (max - min); a constant column becomes 0.
 *   <li>{@code log1p} (nothing fitted): log(1 + x); x &lt;= -1 becomes missing.
 *   <li>{@code clip} (nothing fitted): x limited to [min, max]; missing stays missing.
 * </ul>
 */
public record TransformStep(Impute impute, Bucketize bucketize, List<String> oneHot, Scale scale, List<String> log1p,
    Clip clip) {

  /** The transform names, in the order messages list them. */
  public static final List<String> KINDS = List.of("impute", "bucketize", "one_hot", "scale", "log1p", "clip");

  public TransformStep {
    oneHot = oneHot == null ? null : nonEmpty("one_hot", Checks.names("one_hot", oneHot, "column name"));
    log1p = log1p == null ? null : nonEmpty("log1p", Checks.names("log1p", log1p, "column name"));
    long set = Stream.of(impute, bucketize, oneHot, scale, log1p, clip).filter(v -> v != null).count();
    if (set != 1) {
      throw SpecException.invalid("", (set == 0 ? "names no transform" : "names " + set + " transforms")
          + ": give each list entry exactly one of " + String.join(", ", KINDS));
    }
  }

  /** The transform's name, e.g. {@code impute}. */
  public String kind() {
    return impute != null ? "impute" : bucketize != null ? "bucketize" : oneHot != null ? "one_hot"
        : scale != null ? "scale" : log1p != null ? "log1p" : "clip";
  }

  /** The columns this transform reads. */
  public List<String> inputs() {
    return impute != null ? impute.columns() : bucketize != null ? List.of(bucketize.column())
        : oneHot != null ? oneHot : scale != null ? scale.columns() : log1p != null ? log1p : List.of(clip.column());
  }

  /** The column this transform adds ({@code bucketize}'s output), or null: the others rewrite their inputs. */
  public String output() {
    return bucketize == null ? null : bucketize.output();
  }

  private static List<String> nonEmpty(String key, List<String> columns) {
    if (columns.isEmpty()) {
      throw SpecException.invalid(key, "lists no columns: name at least one");
    }
    return columns;
  }

  /** How {@code impute} chooses each column's fill value. */
  public enum ImputeStrategy implements StoredCode {
    MEAN,
    MEDIAN,
    CONSTANT;

    @JsonValue
    @Override
    public String toString() {
      return code();
    }
  }

  /** {@code impute: {columns: [...], strategy: mean|median|constant, value: V}}; value only with constant. */
  public record Impute(List<String> columns, ImputeStrategy strategy, Double value) {
    public Impute {
      columns = nonEmpty("columns", Checks.names("columns", columns, "column name"));
      if (strategy == null) {
        throw SpecException.missing("strategy");
      }
      if ((strategy == ImputeStrategy.CONSTANT) != (value != null)) {
        throw SpecException.invalid("value", strategy == ImputeStrategy.CONSTANT
            ? "is required with strategy constant: give the fill value" : "is only read with strategy constant: "
            + "remove it or use strategy constant");
      }
      if (value != null && !Double.isFinite(value)) {
        throw SpecException.invalid("value", "must be a finite number, got " + value);
      }
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Impute fromSpec(@JsonProperty("columns") List<String> columns, @JsonProperty("strategy") String strategy,
        @JsonProperty("value") Double value) {
      return new Impute(columns, Checks.oneOfConstants("strategy", strategy, List.of(ImputeStrategy.values()),
          null), value);
    }
  }

  /** {@code bucketize: {column, output, quantiles: K}} or {@code {column, output, splits: [...]}}. */
  public record Bucketize(String column, String output, Integer quantiles, List<Double> splits) {
    /** The most buckets a quantile bucketing may ask for. */
    public static final int MAX_QUANTILES = 1000;

    public Bucketize {
      column = Checks.requireText("column", column, "column name");
      output = Checks.requireText("output", output, "column name");
      if (output.equals(column)) {
        throw SpecException.invalid("output", "is the input column " + Checks.show(column)
            + ": name a new column for the bucket index");
      }
      if ((quantiles == null) == (splits == null)) {
        throw SpecException.invalid("", "must give exactly one of {0} or {1}", "quantiles", "splits");
      }
      if (quantiles != null && (quantiles < 2 || quantiles > MAX_QUANTILES)) {
        throw SpecException.invalid("quantiles", "must be between 2 and " + MAX_QUANTILES + ", got " + quantiles);
      }
      if (splits != null) {
        splits = checkSplits(splits);
      }
    }

    private static List<Double> checkSplits(List<Double> splits) {
      if (splits.isEmpty()) {
        throw SpecException.invalid("splits", "lists no split points: give at least one");
      }
      List<Double> copy = new ArrayList<>(splits.size());
      for (int i = 0; i < splits.size(); i++) {
        Double s = splits.get(i);
        if (s == null || !Double.isFinite(s)) {
          throw SpecException.invalid("splits[" + i + "]", "must be a finite number, got " + Checks.show(s));
        }
        if (i > 0 && s <= copy.get(i - 1)) {
          throw SpecException.invalid("splits", "must be strictly increasing, but " + s + " follows "
              + copy.get(i - 1));
        }
        copy.add(s);
      }
      return List.copyOf(copy);
    }
  }

  /** How {@code scale} maps a column. */
  public enum ScaleMethod implements StoredCode {
    STANDARD,
    MINMAX;

    @JsonValue
    @Override
    public String toString() {
      return code();
    }
  }

  /** {@code scale: {columns: [...], method: standard|minmax}} (default standard). */
  public record Scale(List<String> columns, ScaleMethod method) {
    public Scale {
      columns = nonEmpty("columns", Checks.names("columns", columns, "column name"));
      method = method == null ? ScaleMethod.STANDARD : method;
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Scale fromSpec(@JsonProperty("columns") List<String> columns, @JsonProperty("method") String method) {
      return new Scale(columns, Checks.oneOfConstants("method", method, List.of(ScaleMethod.values()), null));
    }
  }

  /** {@code clip: {column, min, max}}: at least one bound. */
  public record Clip(String column, Double min, Double max) {
    public Clip {
      column = Checks.requireText("column", column, "column name");
      if (min == null && max == null) {
        throw SpecException.invalid("", "must give {0}, {1} or both", "min", "max");
      }
      if (min != null && !Double.isFinite(min) || max != null && !Double.isFinite(max)) {
        throw SpecException.invalid(min != null && !Double.isFinite(min) ? "min" : "max", "must be a finite number");
      }
      if (min != null && max != null && min > max) {
        throw SpecException.invalid("min", "is above {0} (" + min + " > " + max + "): swap them", "max");
      }
    }
  }
}
