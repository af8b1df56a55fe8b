package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * Binary classification metrics from a score histogram: one {@link ScoreBin} per distinct score,
 * streamed once in strictly descending score order. Counts are exact {@code long}s, so ranking
 * metrics are exact up to their final division; sums of doubles are exact ({@link ExactSum}, rounded
 * once), so every result is a deterministic function of the histogram, which is itself independent
 * of row order and partitioning.
 *
 * <p><b>Chunks.</b> The histogram need not pass through one place: consecutive chunks of the bins
 * (Spark range partitions, say) can each be fed to a {@link #passAfter} that knows only the counts
 * and the lowest score of the bins above it, and the chunks' passes {@link Pass#merge merged} in
 * score order give the bits of one sequential pass. That holds because every piece of the state is
 * either an integer that decomposes over chunks (pair counts, the counts at the threshold) or an
 * exact sum, whose value does not depend on how its terms are grouped; a compensated (Neumaier) sum
 * would not merge bit for bit, which is why the sums are exact.
 *
 * <p>Metrics, in this order: {@value #ROC_AUC}, {@value #PR_AUC}, {@value #LOG_LOSS},
 * {@value #BRIER}, {@value #ACCURACY}, {@value #PRECISION}, {@value #RECALL}, {@value #F1},
 * {@value #POSITIVE_RATE}, {@value #PREDICTED_POSITIVE_RATE}, {@value #N_ROWS}. A row is predicted
 * positive iff {@code score >= threshold}. With P actual positives, N actual negatives, n = P + N,
 * and TP, FP, FN, TN at the threshold:
 * <ul>
 *   <li>roc_auc: the share of (positive, negative) pairs where the positive scores higher, a tie
 *       counting one half; undefined unless P &gt; 0 and N &gt; 0.
 *   <li>pr_auc: average precision, sum over distinct scores s of (recall(s) - recall(previous s))
 *       * precision(s), tied rows entering as one step; undefined if P = 0 (1.0 when N = 0).
 *   <li>log_loss: mean of -ln(p) for positives and -ln(1 - p) for negatives, p clipped to
 *       [1e-15, 1 - 1e-15]; {@link StrictMath} so the bits do not depend on the JVM or CPU.
 *   <li>brier: mean of (score - label)^2.
 *   <li>accuracy (TP + TN) / n; precision TP / (TP + FP), undefined if nothing is predicted
 *       positive; recall TP / P, undefined if P = 0.
 *   <li>f1: 2TP / (2TP + FP + FN), undefined whenever precision or recall is undefined; when both
 *       are defined and TP = 0 it is 0 (the limit of the harmonic mean), not undefined, so a
 *       model that predicts positives and hits none reads as bad, not as missing.
 *   <li>positive_rate P / n; predicted_positive_rate (TP + FP) / n; n_rows n.
 * </ul>
 * With no rows at all every metric but n_rows (0) is undefined. A ratio of two integer counts is
 * one IEEE division, correctly rounded while both counts are below 2^53.
 */
public final class BinaryMetrics {
  public static final String ROC_AUC = "roc_auc";
  public static final String PR_AUC = "pr_auc";
  public static final String LOG_LOSS = "log_loss";
  public static final String BRIER = "brier";
  public static final String ACCURACY = "accuracy";
  public static final String PRECISION = "precision";
  public static final String RECALL = "recall";
  public static final String F1 = "f1";
  public static final String POSITIVE_RATE = "positive_rate";
  public static final String PREDICTED_POSITIVE_RATE = "predicted_positive_rate";
  public static final String N_ROWS = "n_rows";

  /** Metric names in the order {@link #compute} returns them. */
  public static final List<String> NAMES = List.of(ROC_AUC, PR_AUC, LOG_LOSS, BRIER, ACCURACY,
      PRECISION, RECALL, F1, POSITIVE_RATE, PREDICTED_POSITIVE_RATE, N_ROWS);

  /** Probabilities are clipped to [EPSILON, 1 - EPSILON] so one confident mistake stays finite. */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  private BinaryMetrics() {}

  /**
   * Computes all binary metrics in one pass over the bins.
   *
   * @param positives number of rows labelled 1
   * @param negatives number of rows labelled 0
   * @param binsByScoreDescending one bin per distinct score, strictly descending, none empty;
   *     their counts must add up to {@code positives} and {@code negatives}
   * @param threshold rows with {@code score >= threshold} are predicted positive; in [0, 1]
   * @throws IllegalArgumentException if the bins are out of order, empty, or do not add up, or
   *     the threshold is not in [0, 1]
   * @throws ArithmeticException if pair counts overflow a long (beyond ~4e9 rows)
   */
  public static List<MetricValue> compute(
      long positives, long negatives, Iterator<ScoreBin> binsByScoreDescending, double threshold) {
    Preconditions.checkArgument(positives >= 0 && negatives >= 0,
        "Cannot compute binary metrics: negative totals (positives %s, negatives %s)", positives, negatives);
    Preconditions.checkArgument(threshold >= 0.0 && threshold <= 1.0,
        "Cannot compute binary metrics: threshold %s is not in [0, 1]", threshold);
    Preconditions.checkNotNull(binsByScoreDescending, "Cannot compute binary metrics: bins are null");

    Pass pass = new Pass(threshold);
    while (binsByScoreDescending.hasNext()) {
      pass.accept(binsByScoreDescending.next());
      Preconditions.checkArgument(pass.positivesSeen <= positives && pass.negativesSeen <= negatives,
          "Cannot compute binary metrics: bins down to score %s hold %s positives and %s negatives, "
              + "more than the totals %s and %s", pass.previousScore, pass.positivesSeen, pass.negativesSeen,
          positives, negatives);
    }
    return pass.checkedMetrics(positives, negatives);
  }

  /**
   * The metrics of chunk passes merged in descending score order: the same bits as {@link #compute}
   * over all their bins. The first pass starts at the top ({@link #pass}, or {@link #passAfter} with
   * nothing above); each next one starts where the previous ends.
   *
   * @throws IllegalArgumentException if there is no pass, a pass does not start where the previous
   *     one ends, or the bins do not add up to the totals
   */
  public static List<MetricValue> merge(long positives, long negatives, List<Pass> passesByScoreDescending) {
    Preconditions.checkArgument(positives >= 0 && negatives >= 0,
        "Cannot compute binary metrics: negative totals (positives %s, negatives %s)", positives, negatives);
    Preconditions.checkArgument(passesByScoreDescending != null && !passesByScoreDescending.isEmpty(),
        "Cannot compute binary metrics: no passes to merge");
    Pass first = passesByScoreDescending.get(0);
    Pass merged = new Pass(first.threshold, 0, 0, Double.POSITIVE_INFINITY);
    for (Pass p : passesByScoreDescending) {
      merged.merge(p);
    }
    return merged.checkedMetrics(positives, negatives);
  }

  /**
   * A push-style pass, for callers that feed many passes from one stream of bins (bootstrap
   * replicates): {@link #accept} bins in strictly descending score order, then {@link #metrics()}
   * computes the same values {@link #compute} would for these bins, totals being what was fed.
   */
  public static Pass pass(double threshold) {
    Preconditions.checkArgument(threshold >= 0.0 && threshold <= 1.0,
        "Cannot compute binary metrics: threshold %s is not in [0, 1]", threshold);
    return new Pass(threshold);
  }

  /**
   * A pass over one chunk of the bins, the chunk that follows bins holding {@code positivesAbove}
   * positives and {@code negativesAbove} negatives whose lowest score is {@code lowestScoreAbove}
   * ({@code +Infinity} when nothing is above). Merge the chunks' passes in order with
   * {@link Pass#merge} or {@link #merge}.
   */
  public static Pass passAfter(double threshold, long positivesAbove, long negativesAbove, double lowestScoreAbove) {
    Preconditions.checkArgument(threshold >= 0.0 && threshold <= 1.0,
        "Cannot compute binary metrics: threshold %s is not in [0, 1]", threshold);
    Preconditions.checkArgument(positivesAbove >= 0 && negativesAbove >= 0,
        "Cannot compute binary metrics: negative counts above a chunk (positives %s, negatives %s)",
        positivesAbove, negativesAbove);
    Preconditions.checkArgument(!Double.isNaN(lowestScoreAbove) && lowestScoreAbove >= 0.0,
        "Cannot compute binary metrics: lowest score above a chunk %s is not a score or +Infinity",
        lowestScoreAbove);
    return new Pass(threshold, positivesAbove, negativesAbove, lowestScoreAbove);
  }

  /**
   * State of a pass over the bins, or over one chunk of them; see {@link #pass(double)} and
   * {@link #passAfter}. Serializable, so that a Spark task can return its chunk's pass: it holds
   * a fixed number of fields (three exact sums of 68 longs each) whatever the number of bins.
   */
  public static final class Pass implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double threshold;
    // Where this pass starts: the counts and the lowest score of the bins above it.
    private final long positivesAbove;
    private final long negativesAbove;
    private final double scoreAbove;
    private double previousScore;
    private long positivesSeen;
    private long negativesSeen;
    // 2 x (pairs won + half the tied pairs) of this pass's negatives: an integer, so the AUC numerator
    // is exact and the numerators of consecutive chunks add up to that of the whole.
    private long twiceWonPairs = 0;
    // Cumulative counts at the last bin at or above the threshold, if this pass saw one.
    private boolean thresholdSeen = false;
    private long truePositives = 0;
    private long falsePositives = 0;
    private final ExactSum precisionTimesHits = new ExactSum();
    private final ExactSum logLoss = new ExactSum();
    private final ExactSum squaredError = new ExactSum();

    Pass(double threshold) {
      this(threshold, 0, 0, Double.POSITIVE_INFINITY);
    }

    private Pass(double threshold, long positivesAbove, long negativesAbove, double scoreAbove) {
      this.threshold = threshold;
      this.positivesAbove = positivesAbove;
      this.negativesAbove = negativesAbove;
      this.scoreAbove = scoreAbove;
      this.previousScore = scoreAbove;
      this.positivesSeen = positivesAbove;
      this.negativesSeen = negativesAbove;
    }

    /** Adds the next bin; its score must be below every score fed before. */
    public void accept(ScoreBin bin) {
      Preconditions.checkNotNull(bin, "Cannot compute binary metrics: null bin after score %s", previousScore);
      double score = bin.score();
      Preconditions.checkArgument(score < previousScore,
          "Cannot compute binary metrics: bins must be strictly descending by score, got %s after %s",
          score, previousScore);
      Preconditions.checkArgument(bin.rows() > 0, "Cannot compute binary metrics: empty bin at score %s", score);
      previousScore = score;
      long pos = bin.positives();
      long neg = bin.negatives();

      // Each negative here loses to every positive above and ties with each positive here.
      twiceWonPairs = Math.addExact(twiceWonPairs,
          Math.multiplyExact(neg, Math.addExact(Math.multiplyExact(2, positivesSeen), pos)));
      positivesSeen = Math.addExact(positivesSeen, pos);
      negativesSeen = Math.addExact(negativesSeen, neg);

      if (pos > 0) {
        // Recall rises by pos / P at this step; the 1 / P is applied once at the end.
        precisionTimesHits.add(ratio(Math.multiplyExact(pos, positivesSeen), positivesSeen + negativesSeen));
      }
      if (score >= threshold) {
        // Bins arrive descending, so the last one at or above the threshold leaves the totals.
        thresholdSeen = true;
        truePositives = positivesSeen;
        falsePositives = negativesSeen;
      }

      double p = Math.min(Math.max(score, LOG_LOSS_EPSILON), 1.0 - LOG_LOSS_EPSILON);
      logLoss.add(pos * -StrictMath.log(p));
      logLoss.add(neg * -StrictMath.log1p(-p));
      double miss = 1.0 - score;
      squaredError.add(pos * (miss * miss));
      squaredError.add(neg * (score * score));
    }

    /**
     * Appends {@code next}, the pass over the chunk right below this one's bins, as if its bins had
     * been fed here; {@code next} is not changed. Returns this.
     *
     * @throws IllegalArgumentException if {@code next} does not start where this pass ends (other
     *     counts above it, another lowest score above it) or has another threshold
     */
    public Pass merge(Pass next) {
      Preconditions.checkNotNull(next, "Cannot merge binary metric passes: the next pass is null");
      Preconditions.checkArgument(next != this, "Cannot merge a binary metric pass into itself");
      Preconditions.checkArgument(Double.compare(next.threshold, threshold) == 0,
          "Cannot merge binary metric passes: thresholds %s and %s differ", threshold, next.threshold);
      Preconditions.checkArgument(next.positivesAbove == positivesSeen && next.negativesAbove == negativesSeen
              && Double.compare(next.scoreAbove, previousScore) == 0,
          "Cannot merge binary metric passes: the next starts after %s positives, %s negatives and score %s, "
              + "this one ends after %s, %s and %s", next.positivesAbove, next.negativesAbove, next.scoreAbove,
          positivesSeen, negativesSeen, previousScore);
      previousScore = next.previousScore;
      positivesSeen = next.positivesSeen;
      negativesSeen = next.negativesSeen;
      twiceWonPairs = Math.addExact(twiceWonPairs, next.twiceWonPairs);
      if (next.thresholdSeen) {
        thresholdSeen = true;
        truePositives = next.truePositives;
        falsePositives = next.falsePositives;
      }
      precisionTimesHits.merge(next.precisionTimesHits);
      logLoss.merge(next.logLoss);
      squaredError.merge(next.squaredError);
      return this;
    }

    /** Positives in this pass's bins and all bins above them. */
    public long positivesSeen() {
      return positivesSeen;
    }

    /** Negatives in this pass's bins and all bins above them. */
    public long negativesSeen() {
      return negativesSeen;
    }

    /** The lowest score fed so far, or the lowest score above this pass if none was. */
    public double lowestScore() {
      return previousScore;
    }

    /** All metrics over the bins fed so far. */
    public List<MetricValue> metrics() {
      Preconditions.checkArgument(positivesAbove == 0 && negativesAbove == 0,
          "Cannot compute binary metrics of a chunk that starts below %s positives and %s negatives: merge it "
              + "after the passes above it", positivesAbove, negativesAbove);
      return metrics(positivesSeen, negativesSeen);
    }

    private List<MetricValue> checkedMetrics(long positives, long negatives) {
      Preconditions.checkArgument(positivesSeen == positives && negativesSeen == negatives,
          "Cannot compute binary metrics: bins hold %s positives and %s negatives, totals say %s and %s",
          positivesSeen, negativesSeen, positives, negatives);
      return metrics();
    }

    private List<MetricValue> metrics(long positives, long negatives) {
      long n = Math.addExact(positives, negatives);
      if (n == 0) {
        return NAMES.stream()
            .map(name -> name.equals(N_ROWS) ? MetricValue.ok(N_ROWS, 0.0) : MetricValue.undefined(name))
            .toList();
      }
      long predictedPositives = truePositives + falsePositives;
      long falseNegatives = positives - truePositives;
      long trueNegatives = negatives - falsePositives;
      boolean bothClasses = positives > 0 && negatives > 0;
      boolean precisionDefined = predictedPositives > 0;
      boolean recallDefined = positives > 0;
      long allPairsTwice = bothClasses ? Math.multiplyExact(2, Math.multiplyExact(positives, negatives)) : 0;
      long f1Denominator = 2 * truePositives + falsePositives + falseNegatives;
      return List.of(
          bothClasses ? MetricValue.ok(ROC_AUC, ratio(twiceWonPairs, allPairsTwice)) : MetricValue.undefined(ROC_AUC),
          recallDefined ? MetricValue.ok(PR_AUC, precisionTimesHits.value() / positives)
              : MetricValue.undefined(PR_AUC),
          MetricValue.ok(LOG_LOSS, logLoss.value() / n),
          MetricValue.ok(BRIER, squaredError.value() / n),
          MetricValue.ok(ACCURACY, ratio(truePositives + trueNegatives, n)),
          precisionDefined
              ? MetricValue.ok(PRECISION, ratio(truePositives, predictedPositives))
              : MetricValue.undefined(PRECISION),
          recallDefined ? MetricValue.ok(RECALL, ratio(truePositives, positives)) : MetricValue.undefined(RECALL),
          precisionDefined && recallDefined
              ? MetricValue.ok(F1, ratio(2 * truePositives, f1Denominator))
              : MetricValue.undefined(F1),
          MetricValue.ok(POSITIVE_RATE, ratio(positives, n)),
          MetricValue.ok(PREDICTED_POSITIVE_RATE, ratio(predictedPositives, n)),
          MetricValue.ok(N_ROWS, (double) n));
    }
  }

  private static double ratio(long numerator, long denominator) {
    return (double) numerator / (double) denominator;
  }
}
