package dev.assay.metrics;

import dev.assay.errors.Preconditions;

/**
 * All rows of an evaluation set that share one distinct score: how many are actual positives and
 * how many actual negatives. Binary metrics need nothing finer, and counts are exact.
 *
 * <p>{@code -0.0} is stored as {@code 0.0}: they are the same score, and two bins for one score
 * would break the strictly-descending order {@link BinaryMetrics} relies on.
 */
public record ScoreBin(double score, long positives, long negatives) {
  public ScoreBin {
    Preconditions.checkArgument(score >= 0.0 && score <= 1.0,
        "Cannot create score bin: score %s is not a probability in [0, 1]", score);
    Preconditions.checkArgument(positives >= 0 && negatives >= 0,
        "Cannot create score bin: negative count (positives %s, negatives %s)", positives, negatives);
    score = score + 0.0;
  }

  /** Rows in this bin. */
  public long rows() {
    return Math.addExact(positives, negatives);
  }
}
