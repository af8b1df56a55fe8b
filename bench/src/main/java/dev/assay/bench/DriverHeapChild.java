package dev.assay.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.assay.evaluation.ComputeMetrics;
import dev.assay.metrics.BinaryMetrics;
import dev.assay.metrics.MetricValue;
import dev.assay.metrics.ScoreBin;
import dev.assay.spark.AssaySpark;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The process B10 starts with a small driver heap ({@code -Xmx1g}): binary metrics of N generated
 * predictions with (nearly) distinct scores, in a {@code local[2]} session, so that executors share
 * the driver's heap and any O(distinct scores) state on the driver shows as an out-of-memory error.
 *
 * <p>{@code DriverHeapChild ROWS ranged} times {@link ComputeMetrics#binary} (what {@code evaluate}
 * runs); {@code DriverHeapChild ROWS streamed} times the path it replaced — the same histogram
 * streamed to the driver in score order with {@code toLocalIterator} into {@link BinaryMetrics#compute}
 * — for a comparison at sizes where that path still fits. Prints one line
 * {@code B10 seconds=S cpu=C peak_heap_mb=M roc_auc=A}; the pass is timed by {@link Measure} (a full GC
 * first, heap sampled every 20 ms), without JVM and session start-up.
 */
public final class DriverHeapChild {
  /** 2^53: scores are multiples of 2^-53 in [0, 1). */
  private static final long UNITS = 1L << 53;

  private DriverHeapChild() {}

  public static void main(String[] args) {
    long rows = Long.parseLong(args[0]);
    boolean streamed = args.length > 1 && args[1].equals("streamed");
    SparkSession spark = AssaySpark.getOrCreate("assay bench B10", "local[2]", Map.of());
    // Warm-up (untimed): planning and code generation of both paths on a small input.
    run(predictions(spark, 10_000), streamed);
    double[] auc = new double[1];
    Sample s = Measure.time(() -> auc[0] = run(predictions(spark, rows), streamed));
    System.out.println(String.format(Locale.ROOT, "B10 seconds=%.2f cpu=%.2f peak_heap_mb=%d roc_auc=%.12f",
        s.seconds(), s.cpuSeconds(), s.peakHeapBytes() >> 20, auc[0]));
    spark.stop();
    System.exit(0);
  }

  /**
   * {@code rows} predictions: score a hash of the row number scaled to [0, 1) (distinct up to rare
   * 53-bit collisions), label 1 with probability score (another hash), so the AUC is about 5/6.
   */
  static Dataset<Row> predictions(SparkSession spark, long rows) {
    Column score = pmod(xxhash64(col("id")), lit(UNITS)).cast("double").divide(lit((double) UNITS));
    Column draw = pmod(xxhash64(col("id"), lit(7)), lit(UNITS)).cast("double").divide(lit((double) UNITS));
    return spark.range(rows).select(score.as("score"), draw.as("draw"))
        .select(col("score"), when(col("draw").lt(col("score")), 1).otherwise(0).as("label"));
  }

  private static double run(Dataset<Row> predictions, boolean streamed) {
    List<MetricValue> values = streamed ? streamed(predictions) : ComputeMetrics.binary(predictions, "label",
        "score", MetricsBench.THRESHOLD);
    return values.get(0).value();
  }

  /** The replaced path: the histogram through the driver, one partition at a time, in descending score order. */
  private static List<MetricValue> streamed(Dataset<Row> predictions) {
    Dataset<Row> histogram = predictions.groupBy(col("score")).agg(
        functions.sum(col("label")).cast("long").as("positives"),
        functions.sum(lit(1L).minus(col("label"))).cast("long").as("negatives"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Row totals = histogram.agg(functions.sum("positives"), functions.sum("negatives")).head();
    Iterator<Row> rows = histogram.orderBy(col("score").desc()).toLocalIterator();
    Iterator<ScoreBin> bins = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ScoreBin next() {
        Row r = rows.next();
        return new ScoreBin(r.getDouble(0), r.getLong(1), r.getLong(2));
      }
    };
    try {
      return BinaryMetrics.compute(totals.getLong(0), totals.getLong(1), bins, MetricsBench.THRESHOLD);
    } finally {
      histogram.unpersist(false);
    }
  }
}
