package dev.assay.bench;

/**
 * A benchmark's target: either Assay's median over bare's median at most {@code limit}, or
 * Assay's median at most {@code limit} seconds; none for rows that only inform.
 */
public record Target(Kind kind, double limit) {
  /** What the limit bounds. */
  public enum Kind { RATIO, SECONDS, NONE }

  public static final Target NONE = new Target(Kind.NONE, 0);

  public static Target ratio(double limit) {
    return new Target(Kind.RATIO, limit);
  }

  public static Target seconds(double limit) {
    return new Target(Kind.SECONDS, limit);
  }

  public String describe() {
    return switch (kind) {
      case RATIO -> "≤ " + limit + "× bare";
      case SECONDS -> "≤ " + limit + " s";
      case NONE -> "";
    };
  }

  /** Whether {@code r} meets the target; null when there is none. */
  public Boolean met(Result r) {
    return switch (kind) {
      case RATIO -> r.ratio() <= limit;
      case SECONDS -> r.assayStats().median() <= limit;
      case NONE -> null;
    };
  }
}
