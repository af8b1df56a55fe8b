package dev.assay.evaluation;

import dev.assay.metrics.RegressionSums;
import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * One partition's exact regression sums plus counts of the rows that could not enter them, so
 * that validation and summation share a single scan of the input.
 */
final class RegressionAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  final RegressionSums sums = new RegressionSums();
  long rows = 0;
  long badLabels = 0;
  long badPredictions = 0;
  long tooLarge = 0;
  long tallied = 0;

  /** Adds a (label, prediction, tally) row: two doubles, either possibly null, and a 0/1 long. */
  RegressionAccumulator add(Row row) {
    rows += 1;
    tallied += row.getLong(2);
    boolean labelOk = isFinite(row, 0);
    boolean predictionOk = isFinite(row, 1);
    badLabels += labelOk ? 0 : 1;
    badPredictions += predictionOk ? 0 : 1;
    if (labelOk && predictionOk) {
      double label = row.getDouble(0);
      double prediction = row.getDouble(1);
      if (RegressionSums.canAdd(label, prediction)) {
        sums.add(label, prediction);
      } else {
        tooLarge += 1;
      }
    }
    return this;
  }

  RegressionAccumulator merge(RegressionAccumulator other) {
    sums.merge(other.sums);
    rows += other.rows;
    badLabels += other.badLabels;
    badPredictions += other.badPredictions;
    tooLarge += other.tooLarge;
    tallied += other.tallied;
    return this;
  }

  private static boolean isFinite(Row row, int i) {
    return !row.isNullAt(i) && Double.isFinite(row.getDouble(i));
  }
}
