package dev.assay.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact percentiles of numeric columns with Spark's {@code percentile} definition (linear
 * interpolation between the order statistics at {@code floor} and {@code ceil} of {@code (n - 1) * p};
 * NaN and null left out), computed from ranks so that no task and not the driver holds the distinct
 * values.
 *
 * <p>Why not {@code percentile}: it keeps a hash map of every distinct value of a column in one
 * aggregation buffer and sorts it in one task — memory that grows with the data (100M distinct doubles
 * are gigabytes, and in local mode that task runs in the driver's heap). Here every (column, value) is
 * range-partitioned and sorted by (column, value); a first job returns each partition's count per
 * column; the driver turns the wanted ranks into (partition, offset) pairs; a second job returns the
 * values at those offsets only. Both jobs read one RDD, so the second reuses the shuffle of the first.
 * The driver holds O(partitions x columns) counts and two values per percentile. The order statistics
 * do not depend on partitioning or row order, so neither do the percentiles.
 */
final class RankedDeciles {
  private RankedDeciles() {}

  /**
   * {@code [column][fraction]} percentiles of each column's present values; a column without
   * present values gives an empty array.
   */
  static Map<String, double[]> of(Dataset<Row> data, List<String> columns, double[] fractions, int partitions) {
    Map<String, double[]> out = new HashMap<>();
    if (columns.isEmpty()) {
      return out;
    }
    List<Column> pairs = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      pairs.add(struct(lit(i).as("f"), expr(present(columns.get(i))).as("x")));
    }
    JavaRDD<Row> sorted = data.select(explode(array(pairs.toArray(Column[]::new))).as("p"))
        .select(col("p.f").as("f"), col("p.x").as("x"))
        .where(col("x").isNotNull())
        .repartitionByRange(partitions, col("f"), col("x"))
        .sortWithinPartitions(col("f"), col("x"))
        .javaRDD();
    int k = columns.size();
    List<long[]> counts = sorted.mapPartitions((Iterator<Row> rows) -> {
      long[] c = new long[k];
      while (rows.hasNext()) {
        c[rows.next().getInt(0)]++;
      }
      return List.of(c).iterator();
    }).collect();

    // Per column, the wanted 0-based ranks, and where each one lies: partition -> (column, offset) wanted.
    int parts = counts.size();
    long[] totals = new long[k];
    long[][] before = new long[parts][k];
    for (int p = 0; p < parts; p++) {
      for (int i = 0; i < k; i++) {
        before[p][i] = totals[i];
        totals[i] += counts.get(p)[i];
      }
    }
    Map<Integer, List<long[]>> wanted = new TreeMap<>();
    for (int i = 0; i < k; i++) {
      for (double fr : fractions) {
        double position = (totals[i] - 1) * fr;
        for (long rank : totals[i] == 0 ? new long[0] : new long[] {(long) Math.floor(position),
            (long) Math.ceil(position)}) {
          int p = 0;
          while (rank >= before[p][i] + counts.get(p)[i]) {
            p++;
          }
          wanted.computeIfAbsent(p, x -> new ArrayList<>()).add(new long[] {i, rank - before[p][i]});
        }
      }
    }
    Map<Integer, List<long[]>> asked = Map.copyOf(wanted);
    List<Found> found = sorted.mapPartitionsWithIndex((Integer p, Iterator<Row> rows) -> {
      List<long[]> mine = asked.getOrDefault(p, List.of());
      List<Found> values = new ArrayList<>();
      long[] seen = new long[k];
      while (rows.hasNext() && values.size() < mine.size()) {
        Row r = rows.next();
        int column = r.getInt(0);
        for (long[] w : mine) {
          if (w[0] == column && w[1] == seen[column]) {
            values.add(new Found(column, where(p, w[1]), r.getDouble(1)));
          }
        }
        seen[column]++;
      }
      return values.iterator();
    }, true).collect();

    Map<Long, Double>[] byRank = rankMaps(k, found, before);
    for (int i = 0; i < k; i++) {
      if (totals[i] == 0) {
        out.put(columns.get(i), new double[0]);
        continue;
      }
      double[] q = new double[fractions.length];
      for (int j = 0; j < fractions.length; j++) {
        q[j] = interpolate(totals[i], fractions[j], byRank[i]);
      }
      out.put(columns.get(i), q);
    }
    return out;
  }

  /** A partition and an offset within it, in one long; the driver adds the counts of the partitions above. */
  private static long where(int partition, long offset) {
    return ((long) partition << 40) | offset;
  }

  @SuppressWarnings("unchecked")
  private static Map<Long, Double>[] rankMaps(int k, List<Found> found, long[][] before) {
    Map<Long, Double>[] maps = new Map[k];
    for (int i = 0; i < k; i++) {
      maps[i] = new HashMap<>();
    }
    for (Found f : found) {
      int partition = (int) (f.where() >>> 40);
      long offset = f.where() & ((1L << 40) - 1);
      maps[f.column()].put(before[partition][f.column()] + offset, f.value());
    }
    return maps;
  }

  /** Spark's {@code percentile}: interpolation between the order statistics around {@code (n - 1) * p}. */
  private static double interpolate(long n, double p, Map<Long, Double> byRank) {
    double position = (n - 1) * p;
    long lower = (long) Math.floor(position);
    long higher = (long) Math.ceil(position);
    double lowerValue = byRank.get(lower);
    double higherValue = byRank.get(higher);
    if (higher == lower || lowerValue == higherValue) {
      return lowerValue;
    }
    return (higher - position) * lowerValue + (position - lower) * higherValue;
  }

  /** A column's value as a double, NaN as null, -0.0 as 0.0 (one value, one key). */
  private static String present(String column) {
    String x = "CAST(`" + column.replace("`", "``") + "` AS DOUBLE)";
    return "(CASE WHEN isnan(" + x + ") THEN NULL ELSE " + x + " + 0.0D END)";
  }

  /** A value found at {@code where} (partition and offset within it) of column {@code column}. */
  private record Found(int column, long where, double value) implements Serializable {}
}
