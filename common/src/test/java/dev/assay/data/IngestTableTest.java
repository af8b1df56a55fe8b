package dev.assay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTableTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void firstCsvCreatesVersionZeroAndSecondAppendsVersionOne() throws IOException {
    Path a = csv("a.csv", "id,name,score\n1,ann,0.5\n2,bob,1.5\n3,cy,2.0\n");
    Path b = csv("b.csv", "id,name,score\n4,dee,0.1\n5,eve,0.2\n");
    String table = dir.resolve("t").toString();

    IngestResult first = IngestTable.ingest(spark, a.toString(), null, table, null, Map.of());
    IngestResult second = IngestTable.ingest(spark, b.toString(), "CSV", table, "append", Map.of());

    assertThat(first).isEqualTo(new IngestResult(table, first.tableId(), 0, 3));
    assertThat(second).isEqualTo(new IngestResult(table, first.tableId(), 1, 2));
    assertThat(first.tableId()).matches("[0-9a-f-]{36}");
    Dataset<Row> v1 = spark.read().format("delta").load(table);
    assertThat(v1.count()).isEqualTo(5);
    assertThat(v1.schema().simpleString()).isEqualTo("struct<id:int,name:string,score:double>");
    assertThat(spark.read().format("delta").option("versionAsOf", 0).load(table).count()).isEqualTo(3);
  }

  @Test
  void overwriteReplacesTheRowsInOneNewVersion() throws IOException {
    String table = dir.resolve("t").toString();
    IngestTable.ingest(spark, csv("a.csv", "id,name\n1,ann\n2,bob\n").toString(), null, table, null, Map.of());

    IngestResult result = IngestTable.ingest(spark, csv("b.csv", "id,name\n9,zed\n").toString(), null, table,
        "overwrite", Map.of());

    assertThat(result.version()).isEqualTo(1);
    assertThat(result.rows()).isEqualTo(1);
    assertThat(spark.read().format("delta").load(table).collectAsList()).extracting(r -> r.getInt(0))
        .containsExactly(9);
  }

  @Test
  void parquetDirectoryIsRecognisedAndIngested() {
    String source = dir.resolve("src").toString();
    spark.range(0, 40, 1, 3).selectExpr("id", "id * 2 AS twice").write().parquet(source);
    String table = dir.resolve("t").toString();

    IngestResult result = IngestTable.ingest(spark, source, null, table, null, Map.of());

    assertThat(result.version()).isZero();
    assertThat(result.rows()).isEqualTo(40);
    assertThat(spark.read().format("delta").load(table).schema().simpleString())
        .isEqualTo("struct<id:bigint,twice:bigint>");
  }

  @Test
  void schemaOptionReplacesInference() throws IOException {
    String table = dir.resolve("t").toString();

    IngestTable.ingest(spark, csv("a.csv", "id,code\n1,007\n").toString(), null, table, null,
        Map.of("schema", "id LONG, code STRING"));

    Row row = spark.read().format("delta").load(table).head();
    assertThat(row.getLong(0)).isEqualTo(1L);
    assertThat(row.getString(1)).isEqualTo("007");
  }

  @Test
  void appendWithAnotherSchemaNamesTheColumnsAndWritesNothing() throws IOException {
    String table = dir.resolve("t").toString();
    IngestTable.ingest(spark, csv("a.csv", "id,name\n1,ann\n").toString(), null, table, null, Map.of());
    Path wider = csv("b.csv", "id,name,bonus\n2,bob,3\n");

    assertThatThrownBy(() -> IngestTable.ingest(spark, wider.toString(), null, table, null, Map.of()))
        .isInstanceOfSatisfying(AssayException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_DATA);
          assertThat(e.getCause()).isInstanceOf(AnalysisException.class);
        })
        .hasMessageContaining("bonus").hasMessageContaining("mergeSchema").hasMessageNotContaining("\n");
    assertThat(latestVersion(table)).isZero();

    IngestResult merged = IngestTable.ingest(spark, wider.toString(), null, table, null,
        Map.of("mergeSchema", "true"));
    assertThat(merged.version()).isEqualTo(1);
  }

  @Test
  void appendWidensWholeNumbersToTheTablesDoubleColumn() throws IOException {
    String table = dir.resolve("t").toString();
    IngestTable.ingest(spark, csv("a.csv", "id,score\n1,0.5\n").toString(), null, table, null, Map.of());

    IngestResult result = IngestTable.ingest(spark, csv("b.csv", "id,score\n2,3\n").toString(), null, table,
        null, Map.of());

    assertThat(result.version()).isEqualTo(1);
    assertThat(spark.read().format("delta").load(table).schema().simpleString())
        .isEqualTo("struct<id:int,score:double>");
  }

  @Test
  void appendWithAnIncompatibleTypeNamesTheColumn() throws IOException {
    String table = dir.resolve("t").toString();
    IngestTable.ingest(spark, csv("a.csv", "id,amount\n1,2.5\n").toString(), null, table, null, Map.of());
    Path text = csv("b.csv", "id,amount\n2,lots\n");

    assertThatThrownBy(() -> IngestTable.ingest(spark, text.toString(), null, table, null, Map.of()))
        .isInstanceOfSatisfying(AssayException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_DATA))
        .hasMessageContaining("amount (table double, source string)");
    assertThat(latestVersion(table)).isZero();
  }

  @Test
  void aWriteFailingMidwayLeavesNoTableAndNoVersion() throws IOException {
    String table = dir.resolve("t").toString();
    Path bad = csv("bad.csv", "id,name\n1,ann\n2,bob,extra\n");
    Map<String, String> failFast = Map.of("mode", "FAILFAST", "inferSchema", "false");

    assertThatThrownBy(() -> IngestTable.ingest(spark, bad.toString(), null, table, null, failFast))
        .isInstanceOfSatisfying(AssayException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_DATA))
        .hasMessageContaining("malformed");
    assertThat(Files.exists(dir.resolve("t"))).isFalse();

    IngestTable.ingest(spark, csv("a.csv", "id,name\n1,ann\n").toString(), null, table, null,
        Map.of("inferSchema", "false"));
    assertThatThrownBy(() -> IngestTable.ingest(spark, bad.toString(), null, table, null, failFast))
        .isInstanceOf(AssayException.class);
    assertThat(latestVersion(table)).isZero();
    assertThat(spark.read().format("delta").load(table).count()).isEqualTo(1);
  }

  @Test
  void missingSourceIsAnInputDataErrorNamingThePath() {
    String missing = dir.resolve("nope.csv").toString();
    String table = dir.resolve("t").toString();

    assertThatThrownBy(() -> IngestTable.ingest(spark, missing, null, table, null, Map.of()))
        .isInstanceOfSatisfying(AssayException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_DATA))
        .hasMessageContaining(missing);
    assertThat(Files.exists(dir.resolve("t"))).isFalse();
  }

  @Test
  void emptyCsvIsRefusedWithoutANewVersion() throws IOException {
    String table = dir.resolve("t").toString();
    Path headerOnly = csv("empty.csv", "id,name\n");
    Path blank = csv("blank.csv", "");

    assertThatThrownBy(() -> IngestTable.ingest(spark, headerOnly.toString(), null, table, null, Map.of()))
        .isInstanceOfSatisfying(AssayException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_DATA))
        .hasMessageContaining("no rows");
    assertThat(Files.exists(dir.resolve("t"))).isFalse();

    IngestTable.ingest(spark, csv("a.csv", "id,name\n1,ann\n").toString(), null, table, null, Map.of());
    assertThatThrownBy(() -> IngestTable.ingest(spark, blank.toString(), null, table, null, Map.of()))
        .isInstanceOf(AssayException.class).hasMessageContaining("no rows");
    assertThat(latestVersion(table)).isZero();
  }

  @Test
  void unknownOrUninferableFormatIsAUsageError() throws IOException {
    Path txt = csv("data.txt", "a,b\n1,2\n");
    String table = dir.resolve("t").toString();

    assertThatThrownBy(() -> IngestTable.ingest(spark, txt.toString(), "json", table, null, Map.of()))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("json");
    assertThatThrownBy(() -> IngestTable.ingest(spark, txt.toString(), null, table, null, Map.of()))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("format");
    assertThatThrownBy(() -> IngestTable.ingest(spark, txt.toString(), "csv", table, "upsert", Map.of()))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("upsert");
  }

  private Path csv(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static long latestVersion(String table) {
    return DeltaTable.forPath(spark, table).history(1).select("version").head().getLong(0);
  }
}
