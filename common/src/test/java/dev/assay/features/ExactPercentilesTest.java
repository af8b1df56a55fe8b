package dev.assay.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-pass percentiles are Spark's exact {@code percentile}, bit for bit, whatever the
 * partitioning and row order, including ties, nulls, NaN and the fallback when a range misses.
 */
class ExactPercentilesTest extends SparkTestBase {
  static final double[] FRACTIONS = {0, 0.1, 0.2, 0.25, 0.5, 0.8, 0.999, 1};
  static final List<String> COLUMNS = List.of("smooth", "ties", "sparse", "small", "none");
  static Dataset<Row> data;

  @BeforeAll
  static void data() {
    // smooth: distinct doubles; ties: 7 values, one of them for half the rows; sparse: mostly null, some
    // NaN; small: an int column of 3 rows' worth of values; none: never present.
    data = spark.range(0, 6_000).select(
        expr("sin(id * 0.37) * 1000 + id / 7.0").as("smooth"),
        expr("CASE WHEN id % 2 = 0 THEN 3.0 ELSE CAST(pmod(hash(id), 7) AS DOUBLE) END").as("ties"),
        expr("CASE WHEN id % 97 = 0 THEN id * 0.5 WHEN id % 89 = 0 THEN double('NaN') ELSE NULL END")
            .as("sparse"),
        expr("CASE WHEN id < 3 THEN CAST(id * 10 AS INT) ELSE NULL END").as("small"),
        expr("CAST(NULL AS DOUBLE)").as("none"),
        col("id")).cache();
  }

  @Test
  void equalSparksPercentileBitForBitForAnyPartitioningAndOrder() {
    Double[][] reference = ExactPercentiles.sparkPercentiles(data, COLUMNS, FRACTIONS);
    assertThat(reference[4]).containsOnlyNulls();
    assertThat(reference[0][4]).isNotNull();
    for (Dataset<Row> layout : List.of(data.repartition(1), data.repartition(16), data.orderBy(expr("hash(id, 11)")))) {
      assertThat(bits(ExactPercentiles.of(layout, COLUMNS, FRACTIONS))).isEqualTo(bits(reference));
    }
  }

  @Test
  void aRangeThatMissesTheRankFallsBackToTheExactAggregate() {
    // With no margin around the sketch's answer, the ranges miss most wanted ranks of the smooth column.
    Double[][] reference = ExactPercentiles.sparkPercentiles(data, COLUMNS, FRACTIONS);
    assertThat(bits(ExactPercentiles.of(data.repartition(3), COLUMNS, FRACTIONS, 0))).isEqualTo(bits(reference));
  }

  @Test
  void theMedianOfAnEvenCountInterpolates() {
    Dataset<Row> four = spark.range(0, 4).select(expr("CAST(id * id AS DOUBLE)").as("x"));
    assertThat(ExactPercentiles.of(four, List.of("x"), new double[] {0.5})[0][0]).isEqualTo(2.5);
  }

  private static List<String> bits(Double[][] values) {
    return Arrays.stream(values).map(row -> Arrays.stream(row)
        .map(v -> v == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(v))).toList().toString()).toList();
  }
}
