package dev.assay.demo;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest extends SparkTestBase {
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("customer_id", "string"), Map.entry("tenure_months", "int"),
      Map.entry("monthly_charges", "double"), Map.entry("total_charges", "double"),
      Map.entry("support_calls", "int"), Map.entry("age", "int"), Map.entry("usage_gb", "double"),
      Map.entry("plan", "string"), Map.entry("region", "string"), Map.entry("payment_method", "string"),
      Map.entry("churned", "int"));

  @Test
  void sameSeedGivesSameRowsWhateverThePartitioning() {
    List<Row> one = sorted(DemoData.generate(spark, 1, 600, 42, 0.3, 1));
    List<Row> five = sorted(DemoData.generate(spark, 1, 600, 42, 0.3, 5));
    List<Row> otherSeed = sorted(DemoData.generate(spark, 1, 600, 43, 0.3, 5));

    assertThat(five).hasSize(600).isEqualTo(one);
    assertThat(otherSeed).isNotEqualTo(one);
  }

  @Test
  void idsStartAtFirstIdAndLookLikeCustomerNumbers() {
    List<Row> rows = sorted(DemoData.generate(spark, 123, 3, 1, 0.0));

    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("C000000123", "C000000124", "C000000125");
  }

  @Test
  void generatedColumnsHaveTheDocumentedNamesAndTypes() {
    Dataset<Row> df = DemoData.generate(spark, 1, 10, 1, 0.0);

    assertThat(df.columns()).containsExactlyElementsOf(DemoData.columns());
    for (StructField f : df.schema().fields()) {
      assertThat(f.dataType().simpleString()).as(f.name()).isEqualTo(TYPES.get(f.name()));
    }
  }

  @Test
  void outOfRangeArgumentsAreUsageErrors() {
    assertThatThrownBy(() -> DemoData.generate(spark, 1, 10, 1, 1.5))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("drift");
  }

  @Test
  void writesTwoVersionsOfTrainAndEvalWithDisjointIds(@TempDir Path warehouse) {
    DemoTables tables = DemoData.write(spark, warehouse.toString(), 7, 2000, 1000, false);

    assertThat(tables.trainPath()).isEqualTo(warehouse + "/demo/train");
    assertThat(tables.evalPath()).isEqualTo(warehouse + "/demo/eval");
    assertThat(tables.trainVersion()).isEqualTo(1);
    assertThat(tables.evalVersion()).isEqualTo(1);
    assertThat(version(tables.trainPath(), 0).count()).isEqualTo(2000);
    assertThat(version(tables.trainPath(), 1).count()).isEqualTo(3000);
    assertThat(version(tables.evalPath(), 0).count()).isEqualTo(1000);
    assertThat(version(tables.evalPath(), 1).count()).isEqualTo(1500);

    Dataset<Row> train = version(tables.trainPath(), 1);
    Dataset<Row> eval = version(tables.evalPath(), 1);
    assertThat(train.select("customer_id").distinct().count()).isEqualTo(3000);
    assertThat(train.join(eval, "customer_id").count()).isZero();
    assertThat(train.columns()).containsExactlyElementsOf(DemoData.columns());

    Row stats = train.agg(avg("churned"), avg(col("total_charges").isNull().cast("int")),
        avg(col("age").isNull().cast("int")), avg(col("payment_method").isNull().cast("int")),
        avg(col("usage_gb").equalTo(0.0).cast("int"))).head();
    assertThat(stats.getDouble(0)).as("churn rate").isBetween(0.17, 0.33);
    assertThat(stats.getDouble(1)).as("total_charges nulls").isBetween(0.005, 0.05);
    assertThat(stats.getDouble(2)).as("age nulls").isBetween(0.01, 0.06);
    assertThat(stats.getDouble(3)).as("payment_method nulls").isBetween(0.001, 0.03);
    assertThat(stats.getDouble(4)).as("usage zeros").isGreaterThan(0.0);
    Row ranges = train.agg(min("tenure_months"), max("tenure_months"), min("age"), max("age")).head();
    assertThat(ranges.getInt(0)).isGreaterThanOrEqualTo(0);
    assertThat(ranges.getInt(1)).isLessThanOrEqualTo(72);
    assertThat(ranges.getInt(2)).isGreaterThanOrEqualTo(18);
    assertThat(ranges.getInt(3)).isLessThanOrEqualTo(90);
  }

  @Test
  void existingTablesAreRefusedUnlessResetWhichRecreatesThemIdentically(@TempDir Path warehouse) {
    String wh = warehouse.toString();
    DemoTables first = DemoData.write(spark, wh, 11, 300, 200, false);
    List<Row> before = sorted(version(first.trainPath(), 1));

    assertThatThrownBy(() -> DemoData.write(spark, wh, 11, 300, 200, false))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("exists").hasMessageContaining("--reset");

    DemoTables again = DemoData.write(spark, wh, 11, 300, 200, true);
    assertThat(again.trainVersion()).isEqualTo(1);
    assertThat(sorted(version(again.trainPath(), 1))).isEqualTo(before);
    // A reset table starts a new history rather than continuing the old one.
    assertThat(DeltaTable.forPath(spark, again.trainPath()).history().count()).isEqualTo(2);
  }

  @Test
  void theShiftedVersionAddsCustomersWithV1sFeaturesAndHalfOfTheirLabelsUnrelated(@TempDir Path warehouse) {
    String wh = warehouse.toString();
    DemoTables tables = DemoData.write(spark, wh, 5, 3000, 2000, false);

    assertThat(DemoData.appendShift(spark, wh, 5, 4000)).isEqualTo(2);
    Dataset<Row> added = version(tables.evalPath(), 2).except(version(tables.evalPath(), 1));
    assertThat(added.count()).isEqualTo(4000);
    // New ids, right after the largest id of either table: train v0 + eval v0 + train v1 + eval v1 = 7500.
    Row ids = added.agg(min("customer_id"), max("customer_id")).head();
    assertThat(List.of(ids.getString(0), ids.getString(1))).containsExactly("C000007501", "C000011500");
    // The features are v1's generator's; only labels differ, for about half of half of the rows.
    Dataset<Row> unshifted = DemoData.generate(spark, 7501, 4000, 5, DemoData.VERSION_1_DRIFT);
    List<String> features = DemoData.columns().stream().filter(c -> !"churned".equals(c)).toList();
    assertThat(sorted(added.select(features.stream().map(c -> col(c)).toArray(Column[]::new))))
        .isEqualTo(sorted(unshifted.drop("churned")));
    Row labels = added.join(unshifted.withColumnRenamed("churned", "was"), "customer_id")
        .agg(avg(col("churned").notEqual(col("was")).cast("int")), avg("churned"), avg("was")).head();
    assertThat(labels.getDouble(0)).as("labels changed").isBetween(0.12, 0.26);
    assertThat(labels.getDouble(1)).as("churn rate").isCloseTo(labels.getDouble(2), offset(0.03));

    // Only once, on a fresh demo: the planted version is v2 of the demo's own history.
    assertThatThrownBy(() -> DemoData.appendShift(spark, wh, 5, 10))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("Cannot append the planted-shift version to demo/eval at " + tables.evalPath()
            + ": the table is at v2, and the shift goes on top of a fresh demo (v1); run demo-data --reset --shift");
    assertThat(DemoData.exists(spark, wh)).isTrue();
    assertThat(DemoData.exists(spark, wh + "/nothing")).isFalse();
  }

  private static Dataset<Row> version(String path, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path);
  }

  private static List<Row> sorted(Dataset<Row> df) {
    return df.orderBy("customer_id").collectAsList();
  }
}
