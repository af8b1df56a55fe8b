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
}
