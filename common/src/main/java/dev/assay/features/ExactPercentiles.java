package dev.assay.features;

import static org.apache.spark.sql.functions.expr;

import dev.assay.spec.Names;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact percentiles of numeric columns, with Spark's {@code percentile} definition (linear
 * interpolation between the order statistics at {@code floor} and {@code ceil} of
 * {@code (n - 1) * p}), in two light passes instead of one heavy one.
 *
 * <p>Why not {@code percentile} itself: it counts every distinct value in a hash map per task,
 * ships the maps to one task and sorts them there; on a million distinct doubles that is seconds
 * per column where a scan takes a fraction of one. Here the first pass counts the present values
 * and takes an approximate quantile sketch ({@code percentile_approx}) only to choose, per
 * percentile, a narrow value range that should hold the wanted order statistics; the second pass
 * counts the values below each range and collects the distinct values inside it with their
 * counts. The driver then reads the exact order statistics off those counts. The sketch decides
 * only how much is collected, never the answer: when a range turns out not to hold the wanted
 * ranks (the sketch's guarantee failed), that column falls back to {@code percentile}. So the
 * result is the same bits for every partitioning and row order.
 */
final class ExactPercentiles {
  /** The sketch's accuracy: its rank error is at most n / ACCURACY. */
  private static final int ACCURACY = 10_000;
  /** Each range spans this much of the distribution on either side of the wanted fraction. */
  private static final double MARGIN = 3.0 / ACCURACY;

  private ExactPercentiles() {}

  /**
   * The exact percentiles of each column's present (non-null, non-NaN) values at {@code fractions}:
   * result {@code [column][fraction]}; a column without present values gives nulls.
   */
  static Double[][] of(Dataset<Row> data, List<String> columns, double[] fractions) {
    return of(data, columns, fractions, MARGIN);
  }

  /** {@link #of(Dataset, List, double[])} with ranges of {@code margin} (a test sets 0 to force the fallback). */
  static Double[][] of(Dataset<Row> data, List<String> columns, double[] fractions, double margin) {
    int k = columns.size();
    int m = fractions.length;
    List<Column> firstPass = new ArrayList<>();
    StringBuilder bounds = new StringBuilder();
    for (double p : fractions) {
      bounds.append(bounds.isEmpty() ? "" : ", ").append(Math.max(0, p - margin)).append("D, ")
          .append(Math.min(1, p + margin)).append('D');
    }
    for (String c : columns) {
      firstPass.add(expr("count(" + present(c) + ")"));
      firstPass.add(expr("percentile_approx(" + present(c) + ", array(" + bounds + "), " + ACCURACY + ")"));
    }
    Row r = data.agg(firstPass.get(0), firstPass.subList(1, firstPass.size()).toArray(Column[]::new)).first();
    long[] counts = new long[k];
    double[][] lo = new double[k][m];
    double[][] hi = new double[k][m];
    for (int i = 0; i < k; i++) {
      counts[i] = r.getLong(2 * i);
      if (counts[i] > 0) {
        List<Object> b = r.getList(2 * i + 1);
        for (int j = 0; j < m; j++) {
          lo[i][j] = (Double) b.get(2 * j);
          hi[i][j] = (Double) b.get(2 * j + 1);
        }
      }
    }
    Column[] values = columns.stream().map(c -> expr(present(c))).toArray(Column[]::new);
    Ranges ranges = new Ranges(k, m);
    data.select(values).javaRDD().mapPartitions((Iterator<Row> rows) -> {
      Ranges part = new Ranges(k, m);
      while (rows.hasNext()) {
        part.add(rows.next(), lo, hi);
      }
      return List.of(part).iterator();
    }).collect().forEach(ranges::merge);

    Double[][] out = new Double[k][m];
    List<Integer> fallback = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < m && counts[i] > 0; j++) {
        out[i][j] = ranges.percentile(i, j, counts[i], fractions[j]);
        if (out[i][j] == null) {
          fallback.add(i);
          break;
        }
      }
    }
    if (!fallback.isEmpty()) {
      Double[][] exact = sparkPercentiles(data, fallback.stream().map(columns::get).toList(), fractions);
      for (int f = 0; f < fallback.size(); f++) {
        out[fallback.get(f)] = exact[f];
      }
    }
    return out;
  }

  /** A column's value as a double, NaN as null, -0.0 as 0.0 (one key for zero, as one value it is). */
  private static String present(String column) {
    String x = "CAST(" + Names.quoteIdentifier(column) + " AS DOUBLE)";
    return "(CASE WHEN isnan(" + x + ") THEN NULL ELSE " + x + " + 0.0D END)";
  }

  /** Spark's own exact {@code percentile}: the fallback, and the reference the tests compare with. */
  static Double[][] sparkPercentiles(Dataset<Row> data, List<String> columns, double[] fractions) {
    List<Column> aggs = new ArrayList<>();
    StringBuilder at = new StringBuilder();
    for (double p : fractions) {
      // A D suffix: the literal is a double, not a decimal.
      at.append(at.isEmpty() ? "" : ", ").append(p).append('D');
    }
    for (String c : columns) {
      aggs.add(expr("percentile(" + present(c) + ", array(" + at + "))"));
    }
    Row r = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    Double[][] out = new Double[columns.size()][fractions.length];
    for (int i = 0; i < columns.size(); i++) {
      if (!r.isNullAt(i)) {
        List<Object> values = r.getList(i);
        for (int j = 0; j < fractions.length; j++) {
          out[i][j] = (Double) values.get(j);
        }
      }
    }
    return out;
  }

  /** Per column and percentile: how many values lie below the range, and the range's values counted. */
  private static final class Ranges implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[][] below;
    private final List<List<TreeMap<Double, Long>>> inside = new ArrayList<>();

    Ranges(int k, int m) {
      below = new long[k][m];
      for (int i = 0; i < k; i++) {
        List<TreeMap<Double, Long>> column = new ArrayList<>();
        for (int j = 0; j < m; j++) {
          column.add(new TreeMap<>());
        }
        inside.add(column);
      }
    }

    void add(Row row, double[][] lo, double[][] hi) {
      for (int i = 0; i < below.length; i++) {
        if (row.isNullAt(i)) {
          continue;
        }
        double x = row.getDouble(i);
        for (int j = 0; j < below[i].length; j++) {
          if (x < lo[i][j]) {
            below[i][j]++;
          } else if (x <= hi[i][j]) {
            inside.get(i).get(j).merge(x, 1L, Long::sum);
          }
        }
      }
    }

    Ranges merge(Ranges other) {
      for (int i = 0; i < below.length; i++) {
        for (int j = 0; j < below[i].length; j++) {
          below[i][j] += other.below[i][j];
          TreeMap<Double, Long> mine = inside.get(i).get(j);
          other.inside.get(i).get(j).forEach((x, c) -> mine.merge(x, c, Long::sum));
        }
      }
      return this;
    }

    /** Spark's interpolation at {@code (n - 1) * p}; null when the range misses a wanted rank. */
    Double percentile(int i, int j, long n, double p) {
      double position = (n - 1) * p;
      long lower = (long) Math.floor(position);
      long higher = (long) Math.ceil(position);
      Double lowerValue = at(i, j, lower);
      Double higherValue = at(i, j, higher);
      if (lowerValue == null || higherValue == null) {
        return null;
      }
      if (higher == lower || lowerValue.doubleValue() == higherValue.doubleValue()) {
        return lowerValue;
      }
      return (higher - position) * lowerValue + (position - lower) * higherValue;
    }

    /** The value of 0-based rank {@code rank} among all present values, if it lies in the range. */
    private Double at(int i, int j, long rank) {
      long seen = below[i][j];
      if (rank < seen) {
        return null;
      }
      for (Map.Entry<Double, Long> e : inside.get(i).get(j).entrySet()) {
        seen += e.getValue();
        if (rank < seen) {
          return e.getKey();
        }
      }
      return null;
    }
  }
}
