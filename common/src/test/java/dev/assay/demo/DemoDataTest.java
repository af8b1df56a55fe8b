package dev.assay.demo;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  private static Dataset<Row> version(String path, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path);
  }

  private static List<Row> sorted(Dataset<Row> df) {
    return df.orderBy("customer_id").collectAsList();
  }
}
