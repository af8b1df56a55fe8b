package dev.assay.evaluation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.assay.errors.EvaluationErrors;
import dev.assay.errors.Preconditions;
import dev.assay.gpu.GpuCheck;
import dev.assay.metrics.BinaryMetrics;
import dev.assay.metrics.MetricValue;
import dev.assay.metrics.RegressionMetrics;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;

/**
 * Computes stored metrics from a predictions {@code Dataset}. Spark only builds summaries whose
 * value cannot depend on partitioning or row order (integer counts per distinct score, exact
 * sums); the metric arithmetic is {@code dev.assay.metrics}'s, run on the executors over
 * partitions of those summaries and merged on the driver. So every result is bit-identical for
 * any partitioning, row order and executor count.
 *
 * <p>Bad input (missing or mistyped columns, labels other than 0/1, null or NaN values, scores
 * outside [0, 1], no rows) raises an {@link dev.assay.errors.AssayException} with
 * {@link dev.assay.errors.ExitCode#INPUT_DATA} and a one-line message naming the column.
 */
public final class ComputeMetrics {
  private static final String BINARY = "binary metrics";
  private static final String REGRESSION = "regression metrics";
  private static final String LABEL = "label";
  private static final String SCORE = "score";
  private static final String ROWS = "rows";
  private static final String POSITIVES = "positives";
  private static final String NEGATIVES = "negatives";
  private static final String MISSING_LABELS = "missing_labels";
  private static final String TALLIED = "tallied";

  private ComputeMetrics() {}

  /**
   * Binary classification metrics ({@link BinaryMetrics}) of {@code scoreCol}, the predicted
   * probability of class 1, against {@code labelCol}, numeric or boolean with values 0 and 1.
   *
   * <p>One grouped aggregation over the input builds the histogram (row counts per distinct
   * score); it is persisted, checked and totalled, and then reduced on the executors per range
   * partition of scores ({@link RangedBinaryPass}): the driver holds O(partitions) states, never the
   * distinct scores. The input is scanned once, plus once more only to quote bad labels in an error.
   */
  public static List<MetricValue> binary(Dataset<Row> predictions, String labelCol, String scoreCol, double threshold) {
    return binary(predictions, labelCol, scoreCol, threshold, 0).values();
  }

  /**
   * {@link #binary(Dataset, String, String, double)}, also counting the rows whose {@code tallyCol}
   * (0 or 1) is 1 in the same scan (the histogram carries the count per score): no second pass over
   * the predictions, which would score the rows again.
   */
  public static Tallied binary(Dataset<Row> predictions, String labelCol, String scoreCol, double threshold,
      String tallyCol) {
    long[] tally = new long[1];
    List<MetricValue> values = binary(predictions, labelCol, scoreCol, threshold, 0, tallyCol, tally).values();
    return new Tallied(values, tally[0]);
  }

  /**
   * {@link #binary(Dataset, String, String, double)} over {@code rangePartitions} range partitions of
   * the histogram (0: one per {@link RangedBinaryPass#MIN_BINS_PER_PARTITION} distinct scores, at most
   * the session's shuffle partitions), with the number of partition passes the driver merged.
   */
  static RangedBinaryPass.Result binary(Dataset<Row> predictions, String labelCol, String scoreCol, double threshold,
      int rangePartitions) {
    return binary(predictions, labelCol, scoreCol, threshold, rangePartitions, null, new long[1]);
  }

  private static RangedBinaryPass.Result binary(Dataset<Row> predictions, String labelCol, String scoreCol,
      double threshold, int rangePartitions, String tallyCol, long[] tally) {
    Preconditions.checkNotNull(predictions, "Cannot compute binary metrics: predictions are null");
    Preconditions.checkArgument(threshold >= 0.0 && threshold <= 1.0,
        "Cannot compute binary metrics: threshold %s is not in [0, 1]", threshold);
    Column label = InputColumns.require(BINARY, predictions, labelCol, "label",
        t -> t instanceof NumericType || t.equals(DataTypes.BooleanType), "numeric or boolean with values 0 and 1");
    Column score = InputColumns.require(BINARY, predictions, scoreCol, "score",
        t -> t instanceof NumericType, "a numeric probability in [0, 1]");

    Dataset<Row> scored = predictions.select(
        label.cast(DataTypes.DoubleType).as(LABEL), score.cast(DataTypes.DoubleType).as(SCORE),
        tallyColumn(tallyCol).as(TALLIED));
    Column y = col(LABEL);
    Dataset<Row> histogram = scored.groupBy(col(SCORE)).agg(
        count(lit(1)).as(ROWS),
        sum(when(y.equalTo(1.0), 1L).otherwise(0L)).as(POSITIVES),
        sum(when(y.equalTo(0.0), 1L).otherwise(0L)).as(NEGATIVES),
        sum(when(y.isNull().or(isnan(y)), 1L).otherwise(0L)).as(MISSING_LABELS),
        sum(col(TALLIED)).as(TALLIED));
    // Used twice (checks and totals, then the ranged pass), so cached, except under RAPIDS: it does not scan
    // Spark's in-memory cache by default (InMemoryTableScanExec is off with AQE on Spark 3.5), so a cached
    // histogram would put both uses on CPU. Uncached, the second use recomputes it from its input on the GPU (in
    // evaluate that includes scoring again); which plan is faster on a GPU cluster is not measured (no GPU here).
    boolean cache = !GpuCheck.rapidsPlans(predictions.sparkSession());
    if (cache) {
      histogram.persist(StorageLevel.MEMORY_AND_DISK());
    }
    try {
      long[] totals = checkBinaryInput(scored, histogram, labelCol, scoreCol);
      tally[0] = totals[3];
      int partitions = rangePartitions > 0 ? rangePartitions : RangedBinaryPass.partitions(totals[2],
          predictions.sparkSession().sessionState().conf().numShufflePartitions());
      return RangedBinaryPass.compute(histogram.select(col(SCORE), col(POSITIVES), col(NEGATIVES)),
          totals[0], totals[1], threshold, partitions);
    } finally {
      if (cache) {
        histogram.unpersist(false);
      }
    }
  }

  /**
   * Regression metrics ({@link RegressionMetrics}) of {@code predictionCol} against
   * {@code labelCol}, both numeric. Exact sums are built per partition and merged, checking
   * every row for null, NaN and infinite values in the same single scan.
   */
  public static List<MetricValue> regression(Dataset<Row> predictions, String labelCol, String predictionCol) {
    return regression(predictions, labelCol, predictionCol, null).values();
  }

  /** {@link #regression(Dataset, String, String)}, also counting the rows whose {@code tallyCol} is 1, same scan. */
  public static Tallied regression(Dataset<Row> predictions, String labelCol, String predictionCol,
      String tallyCol) {
    Preconditions.checkNotNull(predictions, "Cannot compute regression metrics: predictions are null");
    Column label = InputColumns.require(REGRESSION, predictions, labelCol, "label",
        t -> t instanceof NumericType, "numeric");
    Column prediction = InputColumns.require(REGRESSION, predictions, predictionCol, "prediction",
        t -> t instanceof NumericType, "numeric");

    RegressionAccumulator total = predictions
        .select(label.cast(DataTypes.DoubleType), prediction.cast(DataTypes.DoubleType), tallyColumn(tallyCol))
        .javaRDD()
        .treeAggregate(new RegressionAccumulator(), RegressionAccumulator::add, RegressionAccumulator::merge);

    if (total.rows == 0) {
      throw noRows(REGRESSION);
    }
    checkFinite(labelCol, "label", total.badLabels);
    checkFinite(predictionCol, "prediction", total.badPredictions);
    if (total.tooLarge > 0) {
      throw EvaluationErrors.tooLargeToSquare(InputColumns.rowsHold(total.tooLarge), labelCol, predictionCol);
    }
    return new Tallied(RegressionMetrics.compute(total.sums), total.tallied);
  }

  /** The metric values of a pass that also counted the rows of a tally column (0 when it had none). */
  public record Tallied(List<MetricValue> values, long tally) {}

  /** The 0/1 tally column as a long, or a constant 0 without one (selected third, after label and score). */
  static Column tallyColumn(String tallyCol) {
    return tallyCol == null ? lit(0L) : col(tallyCol).cast(DataTypes.LongType);
  }

  /** Validates the histogram and returns {positives, negatives, distinct scores, tallied rows}. */
  private static long[] checkBinaryInput(Dataset<Row> scored, Dataset<Row> histogram, String labelCol,
      String scoreCol) {
    Column s = col(SCORE);
    Column scoreMissing = s.isNull().or(isnan(s));
    // NaN sorts above every number in Spark, so it must be excluded before the range test.
    Column scoreOutside = not(scoreMissing).and(s.lt(0.0).or(s.gt(1.0)));
    Row totals = histogram.agg(
        total(col(ROWS)), total(col(POSITIVES)), total(col(NEGATIVES)), total(col(MISSING_LABELS)),
        total(when(scoreMissing, col(ROWS)).otherwise(0L)),
        total(when(scoreOutside, col(ROWS)).otherwise(0L)), count(lit(1)), total(col(TALLIED))).head();
    long rows = totals.getLong(0);
    long positives = totals.getLong(1);
    long negatives = totals.getLong(2);
    long missingLabels = totals.getLong(3);
    long otherLabels = rows - positives - negatives - missingLabels;
    if (rows == 0) {
      throw noRows(BINARY);
    }
    if (missingLabels > 0 || otherLabels > 0) {
      StringBuilder found = new StringBuilder();
      if (missingLabels > 0) {
        found.append(InputColumns.rowsHold(missingLabels)).append(" null or NaN");
      }
      if (otherLabels > 0) {
        Column y = col(LABEL);
        List<Row> examples = scored
            .filter(y.isNotNull().and(not(isnan(y))).and(y.notEqual(0.0)).and(y.notEqual(1.0)))
            .select(y).distinct().orderBy(y).limit(InputColumns.EXAMPLES + 1).collectAsList();
        found.append(missingLabels > 0 ? " and " : "").append(InputColumns.rowsHold(otherLabels))
            .append(" other values").append(InputColumns.distinctValues(examples));
      }
      throw EvaluationErrors.labelsNotBinary(labelCol, found);
    }
    long missingScores = totals.getLong(4);
    long outsideScores = totals.getLong(5);
    if (missingScores > 0 || outsideScores > 0) {
      StringBuilder found = new StringBuilder();
      if (missingScores > 0) {
        found.append(InputColumns.rowsHold(missingScores)).append(" null or NaN");
      }
      if (outsideScores > 0) {
        // Scores are the histogram's keys: quoting them needs no new scan of the input.
        List<Row> examples = histogram.filter(scoreOutside).select(s).orderBy(s)
            .limit(InputColumns.EXAMPLES + 1).collectAsList();
        found.append(missingScores > 0 ? " and " : "").append(InputColumns.rowsHold(outsideScores))
            .append(" values outside [0, 1]").append(InputColumns.distinctValues(examples));
      }
      throw EvaluationErrors.scoresNotProbabilities(scoreCol, found);
    }
    return new long[] {positives, negatives, totals.getLong(6), totals.getLong(7)};
  }

  private static void checkFinite(String column, String role, long badRows) {
    if (badRows > 0) {
      throw EvaluationErrors.regressionValuesNotFinite(role, column, InputColumns.rowsHold(badRows));
    }
  }

  private static RuntimeException noRows(String task) {
    return EvaluationErrors.noRows(task);
  }

  /** A sum that is 0, not null, over no groups. */
  private static Column total(Column values) {
    return coalesce(sum(values), lit(0L));
  }
}
