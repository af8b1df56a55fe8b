package dev.assay.features;

import static org.apache.spark.sql.functions.col;

import dev.assay.metrics.ExactSum;
import dev.assay.spec.Names;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Statistics of numeric columns that are the same bits for every partitioning and row order: counts,
 * exact sums ({@link ExactSum}), minimum and maximum of the present (non-null, non-NaN) values (exact percentiles:
 * {@link ExactPercentiles}). This is why the feature stage does not use {@code Imputer} or
 * {@code StandardScaler}: their double sums depend on the order in which tasks finish.
 */
final class ExactMoments implements Serializable {
  private static final long serialVersionUID = 1L;

  final long[] count;
  final ExactSum[] sum;
  final double[] min;
  final double[] max;

  private ExactMoments(int n) {
    count = new long[n];
    sum = new ExactSum[n];
    min = new double[n];
    max = new double[n];
    for (int i = 0; i < n; i++) {
      sum[i] = new ExactSum();
    }
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  /**
   * One pass over {@code columns} of {@code data}; with {@code centres} (one per column), the sums
   * are of the squared deviations {@code (x - centre)^2} instead of the values.
   */
  static ExactMoments of(Dataset<Row> data, List<String> columns, double[] centres) {
    Column[] cols = columns.stream().map(c -> col(Names.quoteIdentifier(c)).cast("double")).toArray(Column[]::new);
    int n = cols.length;
    List<ExactMoments> parts = data.select(cols).javaRDD().mapPartitions((Iterator<Row> rows) -> {
      ExactMoments m = new ExactMoments(n);
      while (rows.hasNext()) {
        Row r = rows.next();
        for (int i = 0; i < n; i++) {
          if (!r.isNullAt(i)) {
            m.add(i, r.getDouble(i), centres);
          }
        }
      }
      return List.of(m).iterator();
    }).collect();
    ExactMoments all = new ExactMoments(n);
    parts.forEach(all::merge);
    return all;
  }

  private void add(int i, double x, double[] centres) {
    if (Double.isNaN(x)) {
      return;
    }
    count[i]++;
    double d = centres == null ? x : x - centres[i];
    sum[i].add(centres == null ? x : d * d);
    min[i] = Math.min(min[i], x);
    max[i] = Math.max(max[i], x);
  }

  private void merge(ExactMoments other) {
    for (int i = 0; i < count.length; i++) {
      count[i] += other.count[i];
      sum[i].merge(other.sum[i]);
      min[i] = Math.min(min[i], other.min[i]);
      max[i] = Math.max(max[i], other.max[i]);
    }
  }

  /** The exact sum of column {@code i} divided by {@code divisor}, rounded once more to a double. */
  double quotient(int i, long divisor) {
    return sum[i].exact().divide(BigDecimal.valueOf(divisor), MathContext.DECIMAL128).doubleValue();
  }
}
