package dev.assay.monitor;

import dev.assay.spec.StoredCode;
import java.util.List;

/**
 * What a strategy made of one point: pass, fail, or not judged for lack of history, with the band
 * it was compared with (null bounds are open) and the earlier points the band came from.
 *
 * @param point the point judged
 * @param status the outcome
 * @param lower the smallest value that passes, or null (no lower bound, or not judged)
 * @param upper the largest value that passes, or null
 * @param used the labels of the earlier points the band was computed from, oldest first
 */
public record Verdict(Point point, Status status, Double lower, Double upper, List<String> used) {
  public Verdict {
    used = List.copyOf(used);
  }

  /** A point's outcome; the code is stored in the {@code alerts} table, so it never changes. */
  public enum Status implements StoredCode {
    PASS,
    FAIL,
    /** Too short a history to judge the point: neither pass nor fail. */
    NOT_ENOUGH_POINTS;

    @Override
    public String toString() {
      return code();
    }
  }

  /** Whether the point is anomalous. */
  public boolean failed() {
    return status == Status.FAIL;
  }
}
