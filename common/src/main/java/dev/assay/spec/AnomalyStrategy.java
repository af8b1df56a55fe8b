package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a monitoring check decides that a point of a series is anomalous: {@code monitor.checks[].strategy}.
 * One flat record, so the YAML reads {@code {type: online_normal, k: 3, warmup: 5, direction: down}};
 * each type takes its own keys and refuses the others', so a misspelt strategy never runs silently
 * with defaults.
 *
 * @param type the strategy
 * @param direction which way a move is anomalous; default both
 * @param maxChange {@code absolute_change}: the largest move from the previous point
 * @param maxRate {@code relative_change}: the largest move from the previous point as a share of it
 * @param lower {@code bounds}: the smallest value allowed (either bound may be left out, not both)
 * @param upper {@code bounds}: the largest value allowed
 * @param k {@code online_normal}: the band is the mean ± k standard deviations of the earlier points
 * @param warmup {@code online_normal}: earlier points needed before a point is judged (at least 2)
 */
public record AnomalyStrategy(Type type, Direction direction, Double maxChange, Double maxRate, Double lower,
    Double upper, Double k, Integer warmup) {

  /** The strategies. Their codes are stored in the {@code alerts} table, so they never change. */
  public enum Type implements StoredCode {
    /** The value may move at most {@code max_change} from the previous point. */
    ABSOLUTE_CHANGE,
    /** The value may move at most {@code max_rate} times the previous point's magnitude. */
    RELATIVE_CHANGE,
    /** The value must stay within fixed {@code lower} and {@code upper} bounds. */
    BOUNDS,
    /**
     * The value must stay within the mean ± k·σ of the earlier points that were not anomalous, once
     * {@code warmup} of them exist: an anomaly does not widen the band for the points after it.
     */
    ONLINE_NORMAL;

    @JsonValue
    @Override
    public String toString() {
      return code();
    }
  }

  /** Which moves count: up (only rises), down (only falls) or both. */
  public enum Direction implements StoredCode {
    UP,
    DOWN,
    BOTH;

    @JsonValue
    @Override
    public String toString() {
      return code();
    }

    /** Whether a value below the band is anomalous. */
    public boolean checksFalls() {
      return this != UP;
    }

    /** Whether a value above the band is anomalous. */
    public boolean checksRises() {
      return this != DOWN;
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DISABLED)
  public AnomalyStrategy {
    if (type == null) {
      throw SpecException.missing("type");
    }
    direction = Objects.requireNonNullElse(direction, Direction.BOTH);
    List<String> own = switch (type) {
      case ABSOLUTE_CHANGE -> List.of("max_change");
      case RELATIVE_CHANGE -> List.of("max_rate");
      case BOUNDS -> List.of("lower", "upper");
      case ONLINE_NORMAL -> List.of("k", "warmup");
    };
    Checks.onlySettings(own, "strategy " + type, "max_change", maxChange, "max_rate", maxRate, "lower", lower,
        "upper", upper, "k", k, "warmup", warmup);
    switch (type) {
      case ABSOLUTE_CHANGE -> requireNonNegative("max_change", maxChange);
      case RELATIVE_CHANGE -> requireNonNegative("max_rate", maxRate);
      case BOUNDS -> {
        if (lower == null && upper == null) {
          throw SpecException.invalid("", "sets neither lower nor upper: a bounds strategy needs at least one");
        }
        finite("lower", lower);
        finite("upper", upper);
        if (lower != null && upper != null && lower > upper) {
          throw SpecException.invalid("", "sets lower " + lower + " above upper " + upper + ": no value can pass");
        }
      }
      case ONLINE_NORMAL -> {
        k = Objects.requireNonNullElse(k, 3.0);
        requireNonNegative("k", k);
        warmup = Objects.requireNonNullElse(warmup, 5);
        if (warmup < 2) {
          throw SpecException.invalid("warmup", "must be at least 2 (a standard deviation needs two points), got "
              + warmup);
        }
      }
      default -> throw new IllegalStateException("Cannot validate strategy " + type);
    }
  }

  /** Binds YAML: the type and direction texts become constants (an unknown text is an error naming its key). */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static AnomalyStrategy fromSpec(@JsonProperty("type") String type, @JsonProperty("direction") String direction,
      @JsonProperty("max_change") Double maxChange, @JsonProperty("max_rate") Double maxRate,
      @JsonProperty("lower") Double lower, @JsonProperty("upper") Double upper, @JsonProperty("k") Double k,
      @JsonProperty("warmup") Integer warmup) {
    if (type == null) {
      throw SpecException.missing("type");
    }
    return new AnomalyStrategy(Checks.oneOfConstants("type", type, List.of(Type.values()), null),
        Checks.oneOfConstants("direction", direction, List.of(Direction.values()), null), maxChange, maxRate, lower,
        upper, k, warmup);
  }

  /** The settings of this strategy by their spec keys, in spec order (the {@code alerts} table's parameters). */
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("direction", direction.code());
    switch (type) {
      case ABSOLUTE_CHANGE -> p.put("max_change", Double.toString(maxChange));
      case RELATIVE_CHANGE -> p.put("max_rate", Double.toString(maxRate));
      case BOUNDS -> {
        if (lower != null) {
          p.put("lower", Double.toString(lower));
        }
        if (upper != null) {
          p.put("upper", Double.toString(upper));
        }
      }
      case ONLINE_NORMAL -> {
        p.put("k", Double.toString(k));
        p.put("warmup", Integer.toString(warmup));
      }
      default -> throw new IllegalStateException("Cannot list the settings of strategy " + type);
    }
    return p;
  }

  private static void requireNonNegative(String key, Double value) {
    if (value == null) {
      throw SpecException.missing(key);
    }
    if (!(value >= 0) || value.isInfinite()) {
      throw SpecException.invalid(key, "must be a finite number of at least 0, got " + value);
    }
  }

  private static void finite(String key, Double value) {
    if (value != null && !Double.isFinite(value)) {
      throw SpecException.invalid(key, "must be a finite number, got " + value);
    }
  }
}
