package dev.assay.evaluation;

import static org.apache.spark.sql.functions.col;

import dev.assay.metrics.BinaryMetrics;
import dev.assay.metrics.MetricValue;
import dev.assay.metrics.ScoreBin;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Binary metrics of a score histogram computed on the executors, with O(partitions) on the driver.
 *
 * <p>Why: the sequential pass of {@link BinaryMetrics#compute} needs the bins in descending score
 * order, and streaming them to the driver ({@code toLocalIterator}) brought every distinct score
 * through it: 100M distinct scores, 100M rows. Instead the histogram is range-partitioned by score,
 * descending, and sorted within partitions, so partition i holds higher scores than partition i + 1.
 * A first job returns each partition's counts and lowest score; the driver adds them up into the
 * counts above each partition; a second job runs one {@link BinaryMetrics#passAfter} per partition,
 * started from those counts, and returns it (a fixed-size state: integer counts and three exact
 * sums). The driver merges the passes in partition order: {@link BinaryMetrics#merge} gives the bits
 * of one sequential pass over all bins, so the result does not depend on the number of partitions.
 *
 * <p>Both jobs use one RDD, so the second reuses the first's shuffle output (the range bounds are
 * fixed once, in its partitioner) and only re-sorts each partition; nothing is cached.
 */
final class RangedBinaryPass {
  /** A partition's share of the rows at least: fewer bins per partition is only scheduling overhead. */
  static final long MIN_BINS_PER_PARTITION = 100_000;

  /** Values and how many partition passes were merged (the driver held that many, not one per score). */
  record Result(List<MetricValue> values, int passes) {}

  /** What the first job learns about one partition. */
  private record Chunk(long positives, long negatives, double lowestScore) implements Serializable {}

  private RangedBinaryPass() {}

  /**
   * The range partitions for {@code distinctScores} bins: one per {@link #MIN_BINS_PER_PARTITION}
   * bins, at least 1 and at most {@code maxPartitions} (the session's shuffle partitions).
   */
  static int partitions(long distinctScores, int maxPartitions) {
    long wanted = (distinctScores + MIN_BINS_PER_PARTITION - 1) / MIN_BINS_PER_PARTITION;
    return (int) Math.max(1, Math.min(wanted, Math.max(1, maxPartitions)));
  }

  /**
   * Binary metrics of {@code bins}, rows (score double, positives long, negatives long) with one
   * row per distinct score (validated: scores in [0, 1], counts adding up to the totals).
   */
  static Result compute(Dataset<Row> bins, long positives, long negatives, double threshold, int partitions) {
    Column score = col(bins.columns()[0]);
    JavaRDD<Row> ranged = bins.repartitionByRange(partitions, score.desc())
        .sortWithinPartitions(score.desc())
        .javaRDD();
    List<Chunk> chunks = ranged.mapPartitions(RangedBinaryPass::chunk).collect();

    int n = chunks.size();
    long[] positivesAbove = new long[n];
    long[] negativesAbove = new long[n];
    double[] lowestAbove = new double[n];
    long p = 0;
    long q = 0;
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      positivesAbove[i] = p;
      negativesAbove[i] = q;
      lowestAbove[i] = lowest;
      Chunk c = chunks.get(i);
      p = Math.addExact(p, c.positives());
      q = Math.addExact(q, c.negatives());
      lowest = Math.min(lowest, c.lowestScore());
    }
    List<BinaryMetrics.Pass> passes = ranged.mapPartitionsWithIndex((Integer i, Iterator<Row> rows) -> {
      BinaryMetrics.Pass pass = BinaryMetrics.passAfter(threshold, positivesAbove[i], negativesAbove[i],
          lowestAbove[i]);
      while (rows.hasNext()) {
        Row r = rows.next();
        pass.accept(new ScoreBin(r.getDouble(0), r.getLong(1), r.getLong(2)));
      }
      return List.of(pass).iterator();
    }, true).collect();
    return new Result(BinaryMetrics.merge(positives, negatives, passes), passes.size());
  }

  /** Counts and lowest score of one sorted partition; +Infinity when it is empty. */
  private static Iterator<Chunk> chunk(Iterator<Row> rows) {
    long positives = 0;
    long negatives = 0;
    double lowest = Double.POSITIVE_INFINITY;
    while (rows.hasNext()) {
      Row r = rows.next();
      positives = Math.addExact(positives, r.getLong(1));
      negatives = Math.addExact(negatives, r.getLong(2));
      // + 0.0: -0.0 is the score 0.0, as ScoreBin stores it, so the merge sees one lowest score.
      lowest = Math.min(lowest, r.getDouble(0) + 0.0);
    }
    return List.of(new Chunk(positives, negatives, lowest)).iterator();
  }
}
