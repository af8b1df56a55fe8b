package dev.assay.evaluation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import dev.assay.errors.Preconditions;
import dev.assay.errors.SpecErrors;
import dev.assay.metrics.MetricResult;
import dev.assay.spark.Columns;
import dev.assay.spec.Task;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Metrics per group of rows — the whole dataset and every value of every slice column — with
 * their bootstrap intervals, in one shuffle of the predictions for all slice columns together.
 *
 * <p>Each row is emitted once per group it belongs to (the whole dataset, if asked, and one
 * value per slice column), the rows are hash-partitioned by group and sorted within partitions
 * (by descending score for binary models), and each task streams its groups one after the other
 * ({@link GroupPass}): per distinct score it forms the integer bin of the point estimate and of
 * every replicate and feeds them to {@code BinaryMetrics} passes; regression and multiclass
 * rows go into exact sums. A group therefore lives in one task, its bins arrive in one fixed
 * order, and its integer counts and exact sums do not depend on row order: every value and
 * interval is bit-identical for any partitioning. Memory per task is O(replicates) for the group
 * being streamed, never O(distinct scores x replicates).
 *
 * <p>A null slice value is the group {@value #NULL_SLICE_VALUE}, so that the stored key stays
 * comparable with {@code =}; values are compared as strings (the column cast to string). The
 * caller validates labels and scores on the whole dataset first: every group is a subset.
 */
public final class GroupedMetrics {
  /** The slice value standing for null. */
  public static final String NULL_SLICE_VALUE = "__null__";

  static final String GROUP = "__assay_group";
  static final String VALUE = "__assay_group_value";
  static final String LABEL = "__assay_label";
  static final String SCORE = "__assay_score";
  static final String HASH = "__assay_row_hash";

  /**
   * What to compute.
   *
   * @param task binary, regression or multiclass
   * @param threshold the binary threshold
   * @param classes K for multiclass, else 0
   * @param includeOverall whether the whole dataset is one of the groups
   * @param sliceColumns the slice columns, in the order of the results
   * @param minSliceRows slices with fewer rows are {@code too_small}; the whole dataset never is
   * @param samples bootstrap replicates, 0 for none
   * @param confidence interval coverage
   * @param seed replicate weight seed
   */
  public record Settings(Task task, double threshold, int classes, boolean includeOverall,
      List<String> sliceColumns, int minSliceRows, int samples, double confidence, long seed) implements Serializable {
    public Settings {
      sliceColumns = List.copyOf(sliceColumns);
      Preconditions.checkArgument(samples >= 0, "Cannot compute grouped metrics: %s replicates", samples);
    }
  }

  private GroupedMetrics() {}

  /**
   * Refuses (exit 2) a slice column with more than {@code maxValues} distinct values, as they would
   * be grouped: cast to string, null as {@value #NULL_SLICE_VALUE}. Why: each value is a group of
   * metric rows, collected on the driver and stored, so an id-like slice column would grow both
   * with the data. One aggregation counts the values of all columns exactly on the executors; the
   * driver gets one count per column. Run it before any metric is computed, so a refused slice
   * costs one scan and leaves nothing behind.
   */
  public static void checkSliceValues(Dataset<Row> predictions, List<String> sliceColumns, int maxValues) {
    if (sliceColumns.isEmpty()) {
      return;
    }
    List<Column> groups = new ArrayList<>();
    for (int i = 0; i < sliceColumns.size(); i++) {
      groups.add(struct(lit(i).as("g"), sliceValue(sliceColumns.get(i)).as("v")));
    }
    List<Row> counts = predictions.select(explode(array(groups.toArray(Column[]::new))).as("grp"))
        .select(col("grp.g").as(GROUP), col("grp.v").as(VALUE))
        .distinct()
        .groupBy(col(GROUP)).count()
        .orderBy(col(GROUP))
        .collectAsList();
    for (Row r : counts) {
      if (r.getLong(1) > maxValues) {
        throw SpecErrors.tooManySliceValues(sliceColumns.get(r.getInt(0)), r.getLong(1), maxValues);
      }
    }
  }

  /** A slice column's value as a group key: the value as a string, null as {@value #NULL_SLICE_VALUE}. */
  private static Column sliceValue(String column) {
    return coalesce(Columns.named(column).cast(DataTypes.StringType), lit(NULL_SLICE_VALUE));
  }

  /**
   * Metric results of every group: the whole dataset first (if included), then each slice column
   * in order with its values sorted as strings; within a group in the metric order of the task.
   *
   * @param predictions rows with the label, the score (binary: probability of class 1,
   *     regression: prediction) or, for multiclass, the probabilities array, the slice columns
   *     and, with replicates, a {@code long} row hash
   */
  public static List<MetricResult> compute(Dataset<Row> predictions, String labelCol, String scoreCol,
      String rowHashCol, Settings settings) {
    boolean binary = settings.task() == Task.BINARY;
    List<Column> groups = new ArrayList<>();
    if (settings.includeOverall()) {
      groups.add(struct(lit(-1).as("g"), lit(null).cast(DataTypes.StringType).as("v")));
    }
    for (int i = 0; i < settings.sliceColumns().size(); i++) {
      groups.add(struct(lit(i).as("g"), sliceValue(settings.sliceColumns().get(i)).as("v")));
    }
    if (groups.isEmpty()) {
      return List.of();
    }
    Column label = settings.task() == Task.MULTICLASS
        ? Columns.named(labelCol).cast(DataTypes.IntegerType) : Columns.named(labelCol).cast(DataTypes.DoubleType);
    Column score = settings.task() == Task.MULTICLASS
        ? Columns.named(scoreCol) : Columns.named(scoreCol).cast(DataTypes.DoubleType);
    Column hash = settings.samples() > 0 ? Columns.named(rowHashCol).cast(DataTypes.LongType) : lit(0L);
    Dataset<Row> exploded = predictions
        .select(explode(array(groups.toArray(Column[]::new))).as("grp"), label.as(LABEL), score.as(SCORE),
            hash.as(HASH))
        .select(col("grp.g").as(GROUP), col("grp.v").as(VALUE), col(LABEL), col(SCORE), col(HASH));
    Dataset<Row> arranged = exploded.repartition(col(GROUP), col(VALUE));
    arranged = binary
        ? arranged.sortWithinPartitions(col(GROUP), col(VALUE), col(SCORE).desc())
        : arranged.sortWithinPartitions(col(GROUP), col(VALUE));
    List<MetricResult> results = new ArrayList<>(arranged.javaRDD()
        .mapPartitions(rows -> new GroupPass(settings, rows).run().iterator())
        .collect());
    // The collect order follows the partitioning; the stored order must not.
    List<String> columns = settings.sliceColumns();
    results.sort(Comparator.<MetricResult>comparingInt(r -> r.sliceColumn() == null ? -1
        : columns.indexOf(r.sliceColumn()))
        .thenComparing(r -> r.sliceValue() == null ? "" : r.sliceValue()));
    return results;
  }

}
