package dev.assay.evaluation;

import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;

import dev.assay.errors.EvaluationErrors;
import dev.assay.errors.Preconditions;
import dev.assay.metrics.MetricValue;
import dev.assay.metrics.MulticlassMetrics;
import dev.assay.metrics.MulticlassSums;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Multiclass metrics ({@link MulticlassMetrics}) of a probabilities column ({@code array<double>},
 * one probability per class 0..K-1) against integer class labels 0..K-1, with the same
 * partition-independence as {@link ComputeMetrics}: an integer confusion matrix and an exact
 * log-loss sum, built per partition and merged. Bad input is an INPUT_DATA error naming the column.
 */
public final class ComputeMulticlass {
  private static final String TASK = "multiclass metrics";

  /**
   * The metric values, the number of classes K they were computed for, and the rows whose tally
   * column was 1 (0 without one).
   */
  public record Result(List<MetricValue> values, int classes, long tally) {}

  private ComputeMulticlass() {}

  /** Validates the input and computes the whole-dataset metrics; K is the probability array length. */
  public static Result compute(Dataset<Row> predictions, String labelCol, String probabilitiesCol) {
    return compute(predictions, labelCol, probabilitiesCol, null);
  }

  /** {@link #compute(Dataset, String, String)}, also counting the rows whose {@code tallyCol} is 1 (same pass). */
  public static Result compute(Dataset<Row> predictions, String labelCol, String probabilitiesCol, String tallyCol) {
    Preconditions.checkNotNull(predictions, "Cannot compute multiclass metrics: predictions are null");
    Column label = InputColumns.require(TASK, predictions, labelCol, "label", t -> t instanceof NumericType,
        "numeric with class indexes 0..K-1");
    Column probabilities = InputColumns.require(TASK, predictions, probabilitiesCol, "probabilities",
        t -> t instanceof ArrayType a && a.elementType() instanceof NumericType,
        "an array of class probabilities");
    Row sizes = predictions.agg(min(size(probabilities)), max(size(probabilities))).head();
    if (sizes.isNullAt(0)) {
      throw EvaluationErrors.noRows(TASK);
    }
    int classes = sizes.getInt(1);
    if (sizes.getInt(0) != classes || classes < 2) {
      throw EvaluationErrors.probabilityArraysRagged(TASK, probabilitiesCol, sizes.getInt(0), classes);
    }
    Accumulator total = predictions
        .select(label.cast(DataTypes.DoubleType), probabilities.cast(DataTypes.createArrayType(DataTypes.DoubleType)),
            ComputeMetrics.tallyColumn(tallyCol))
        .javaRDD()
        .treeAggregate(new Accumulator(classes), Accumulator::add, Accumulator::merge);
    if (total.badLabels > 0) {
      throw EvaluationErrors.labelsNotClassIndexes(TASK, labelCol, classes - 1, InputColumns.rowsHold(total.badLabels));
    }
    if (total.badProbabilities > 0) {
      throw EvaluationErrors.probabilitiesOutOfRange(TASK, probabilitiesCol,
          InputColumns.rowsHold(total.badProbabilities));
    }
    return new Result(MulticlassMetrics.compute(total.sums), classes, total.tallied);
  }

  /** One partition's sums plus counts of rows that could not enter them. */
  private static final class Accumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    final MulticlassSums sums;
    final int classes;
    long badLabels = 0;
    long badProbabilities = 0;
    long tallied = 0;

    Accumulator(int classes) {
      this.classes = classes;
      this.sums = new MulticlassSums(classes);
    }

    Accumulator add(Row row) {
      tallied += row.getLong(2);
      boolean labelOk = false;
      int label = -1;
      if (!row.isNullAt(0)) {
        double y = row.getDouble(0);
        labelOk = y >= 0 && y < classes && y == Math.floor(y);
        label = (int) y;
      }
      double[] p = row.isNullAt(1) ? null : toArray(row.getSeq(1));
      boolean probabilitiesOk = p != null && p.length == classes;
      if (probabilitiesOk) {
        for (double x : p) {
          probabilitiesOk &= x >= 0.0 && x <= 1.0;
        }
      }
      badLabels += labelOk ? 0 : 1;
      badProbabilities += probabilitiesOk ? 0 : 1;
      if (labelOk && probabilitiesOk) {
        sums.add(label, p);
      }
      return this;
    }

    Accumulator merge(Accumulator other) {
      sums.merge(other.sums);
      badLabels += other.badLabels;
      badProbabilities += other.badProbabilities;
      tallied += other.tallied;
      return this;
    }

    private static double[] toArray(Seq<Object> seq) {
      List<Object> list = JavaConverters.seqAsJavaList(seq);
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        Object o = list.get(i);
        out[i] = o == null ? Double.NaN : (Double) o;
      }
      return out;
    }
  }
}
