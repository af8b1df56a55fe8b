package dev.assay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.ledger.CommitTag;
import dev.assay.ledger.DataDriftTable;
import dev.assay.ledger.DriftRecord;
import dev.assay.ledger.Ledger;
import dev.assay.spark.SparkTestBase;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift measured by Spark on small tables whose PSI is worked out by hand, and its insert-only ledger table. */
class MeasureDriftTest extends SparkTestBase {
  @TempDir
  Path dir;

  /** from: x = 1..10 (int), c = 5 a + 5 b, gone = a column the new version drops. */
  static Dataset<Row> from() {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(RowFactory.create(i, i <= 5 ? "a" : "b", (double) i));
    }
    return spark.createDataFrame(rows, new StructType().add("x", "int").add("c", "string").add("gone", "double"));
  }

  /** to: x = 1,1,2,2,3,3,4,4,5,null (now double), c = 2 a + 8 b, and a new column. */
  static Dataset<Row> to() {
    Double[] xs = {1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, null};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create(xs[i], i < 2 ? "a" : "b", "new"));
    }
    return spark.createDataFrame(rows, new StructType().add("x", "double").add("c", "string").add("extra", "string"));
  }

  @Test
  void psiOfNumericDecilesAndCategorySharesMatchesTheHandComputedValues() {
    TableDrift d = MeasureDrift.measure(from(), to(), List.of("x", "gone"), List.of("c"));
    assertThat(d.fromRows()).isEqualTo(10);
    assertThat(d.toRows()).isEqualTo(10);
    assertThat(d.schemaChange()).isEqualTo("extra added (string), gone removed, x type int -> double");

    // Exact deciles of 1..10 are 1.9, 2.8, ..., 9.1: each value of the reference has a bin of its own (0.1).
    // The new version fills bins 0-3 with 0.2, bin 4 with 0.1, bins 5-9 with nothing (0.0001), missing with 0.1:
    // 4 * 0.1 ln 2 + 0 + 5 * (0.0001 - 0.1) ln(0.0001 / 0.1) + (0.1 - 0.0001) ln(0.1 / 0.0001)
    FeatureDrift x = d.features().get(0);
    assertThat(x.feature()).isEqualTo("x");
    assertThat(x.kind()).isEqualTo("numeric");
    assertThat(x.psi()).isCloseTo(4.417767386445871, within(1e-12));
    assertThat(x.bins()).isEqualTo(11);
    assertThat(x.fromMissing()).isZero();
    assertThat(x.toMissing()).isEqualTo(1);
    assertThat(x.schemaChange()).isEqualTo("type int -> double");

    assertThat(d.features().get(1)).isEqualTo(new FeatureDrift("gone", "numeric", null, null, null, null, "removed"));

    // (0.2 - 0.5) ln(0.2 / 0.5) + (0.8 - 0.5) ln(0.8 / 0.5)
    FeatureDrift c = d.features().get(2);
    assertThat(c.psi()).isCloseTo(0.41588830833596724, within(1e-12));
    assertThat(c.bins()).isEqualTo(2);
    assertThat(c.schemaChange()).isNull();
    assertThat(d.largest()).contains(x);

    assertThat(MeasureDrift.measure(from(), from(), List.of("x"), List.of("c")).features())
        .extracting(FeatureDrift::psi).containsExactly(0.0, 0.0);
  }

  @Test
  void theLedgerTableIsInsertOnlyByTableVersionsAndFeature() {
    DataDriftTable table = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"))
        .dataDrift();
    Timestamp at = new Timestamp(0);
    List<DriftRecord> first = List.of(
        new DriftRecord("t", "id-1", 1, 2, DriftRecord.TABLE, "table", null, null, 10, 12, null, null, null, "m",
            "run-a",
            "code", at),
        new DriftRecord("t", "id-1", 1, 2, "x", "numeric", 0.5, 10, 10, 12, 0L, 1L, null, "m", "run-a", "code", at));
    assertThat(table.save(first)).isEqualTo(new DataDriftTable.SaveResult(2, 0));

    List<DriftRecord> again = List.of(
        new DriftRecord("t", "id-1", 1, 2, "x", "numeric", 0.7, 10, 10, 12, 0L, 1L, null, "m", "run-b", "code", at),
        new DriftRecord("t", "id-1", 1, 2, "y", "categorical", 0.1, 3, 10, 12, 0L, 0L, null, "m", "run-b", "code", at));
    assertThat(table.save(again)).isEqualTo(new DataDriftTable.SaveResult(1, 1));
    assertThat(table.stored("id-1", 1, 2)).extracting(r -> r.feature() + "=" + r.psi() + " by " + r.runId())
        .containsExactlyInAnyOrder("__table__=null by run-a", "x=0.5 by run-a", "y=0.1 by run-b");

    table.deleteRun("run-b");
    assertThat(table.stored("id-1", 1, 2)).hasSize(2);
  }

  /**
   * The deciles from ranks equal Spark's exact {@code percentile} bit for bit (ties, negatives, -0.0,
   * NaN and null left out, a column without values), whatever the number of range partitions.
   */
  @Test
  void rankedDecilesEqualSparksPercentileBitForBit() {
    Random random = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double v = i % 3 == 0 ? random.nextInt(20) - 10 : random.nextGaussian() * 1e3;
      Double w = i % 7 == 0 ? null : i % 11 == 0 ? Double.NaN : i % 13 == 0 ? -0.0 : random.nextDouble();
      rows.add(RowFactory.create(v, w, (Integer) null, i % 500));
    }
    Dataset<Row> data = spark.createDataFrame(rows, new StructType().add("v", "double").add("w", "double")
        .add("none", "int").add("small", "int"));
    List<String> columns = List.of("v", "w", "none", "small");
    double[] fractions = PopulationStability.cutProbabilities();
    StringBuilder at = new StringBuilder();
    for (double p : fractions) {
      at.append(at.isEmpty() ? "" : ", ").append(p).append('D');
    }
    Row percentiles = data.selectExpr(columns.stream().map(c -> "percentile(CASE WHEN isnan(CAST(" + c + " AS DOUBLE)) "
        + "THEN NULL ELSE CAST(" + c + " AS DOUBLE) + 0.0D END, array(" + at + "))").toArray(String[]::new)).first();
    for (int partitions : new int[] {1, 5}) {
      Map<String, double[]> ranked = RankedDeciles.of(data.repartition(partitions), columns, fractions, partitions);
      for (int i = 0; i < columns.size(); i++) {
        double[] expected = percentiles.isNullAt(i) ? new double[0]
            : percentiles.<Double>getList(i).stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(ranked.get(columns.get(i))).as("%s in %s partitions", columns.get(i), partitions)
            .isEqualTo(expected);
      }
    }
  }

  /**
   * An id-like categorical column: the reference's 999 most frequent categories (null first) are
   * compared one by one and the rest folded into __other__, so the driver holds 1000 counts, not
   * one per id; identical versions still have PSI 0, and a shift of the bulk still shows.
   */
  @Test
  void aHighCardinalityCategoricalKeepsTheMostFrequentCategoriesAndFoldsTheRest() {
    StructType schema = new StructType().add("c", "string");
    List<Row> wide = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      wide.add(RowFactory.create(i % 4 == 0 ? "common" : i % 9 == 0 ? null : "id-" + i));
    }
    Dataset<Row> from = spark.createDataFrame(wide, schema).repartition(3);
    TableDrift same = MeasureDrift.measure(from, from, List.of(), List.of("c"));
    assertThat(same.features()).singleElement().satisfies(f -> {
      assertThat(f.bins()).isEqualTo(MeasureDrift.MAX_CATEGORIES);
      assertThat(f.psi()).isEqualTo(0.0);
      assertThat(f.fromMissing()).isEqualTo(f.toMissing()).isEqualTo(wide.stream().filter(r -> r.isNullAt(0)).count());
    });
    List<Row> shifted = new ArrayList<>(wide);
    for (int i = 0; i < 3000; i++) {
      shifted.add(RowFactory.create("common"));
    }
    FeatureDrift moved = MeasureDrift.measure(from, spark.createDataFrame(shifted, schema), List.of(), List.of("c"))
        .features().get(0);
    assertThat(moved.bins()).isEqualTo(MeasureDrift.MAX_CATEGORIES);
    assertThat(moved.psi()).isGreaterThan(0.25);
    assertThat(MeasureDrift.METHOD).contains("beyond 1000 categories the least frequent in the reference folded "
        + "into __other__");
  }
}
