package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Option;

/**
 * {@code assay sql} is read-only (issue 17): every statement that would write, change a table, the catalog or
 * the session, or run Java code is refused with exit 2 before it runs, and leaves every ledger table at its
 * Delta version; queries, listings, descriptions and EXPLAIN run.
 */
class LedgerQueryTest extends SparkTestBase {
  @TempDir
  static Path dir;

  static Ledger ledger;

  @BeforeAll
  static void aLedgerWithOneMetric() {
    ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    ledger.metrics().save(List.of(new MetricRow(new MetricKey("m", 1, "tid", 3, "1", null, null, "roc_auc"),
        "holdout", "demo/eval", 0.75, null, null, "ok", 100, "r1", "abc", "cpu", new Timestamp(0))));
    LedgerCatalog.register(ledger);
  }

  static Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    for (LedgerTableName t : LedgerTableName.values()) {
      String path = ledger.path(t);
      v.put(t.code(), Files.isDirectory(Path.of(path, "_delta_log"))
          ? DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).version() : -1L);
    }
    return v;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "delete from assay.metrics where model_name = 'm'",
      "update assay.models set stage = 'champion'",
      "merge into assay.metrics t using (select 1 as x) s on false when not matched then insert *",
      "insert into assay.metrics select * from assay.metrics",
      "with m as (select * from assay.metrics) insert into assay.metrics select * from m",
      "insert overwrite assay.runs select * from assay.runs where false",
      "restore table assay.runs to version as of 0",
      "vacuum assay.metrics retain 0 hours",
      "optimize assay.metrics",
      "truncate table assay.metrics",
      "drop table assay.metrics",
      "alter table assay.metrics set tblproperties ('x' = 'y')",
      "create table assay.copy as select * from assay.metrics",
      "create or replace view assay.leaderboard as select 1",
      "set spark.sql.shuffle.partitions = 1",
      "add jar /tmp/evil.jar",
      "cache table assay.metrics",
      "explain delete from assay.metrics",
      "refresh table assay.metrics"})
  void writesCommandsAndSessionChangesAreRefusedBeforeTheyRun(String statement) {
    Map<String, Long> before = versions();
    String partitions = spark.conf().get("spark.sql.shuffle.partitions");
    assertThatThrownBy(() -> LedgerQuery.readOnly(spark, statement))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageStartingWith("Cannot run the query: assay sql only reads, and Spark plans this statement as ")
        .hasMessageEndingWith("; run SELECT, WITH, SHOW, DESCRIBE or EXPLAIN, and change the ledger only through "
            + "Assay's commands");
    assertThat(versions()).isEqualTo(before);
    assertThat(spark.read().format("delta").load(ledger.path(LedgerTableName.METRICS)).count()).isOne();
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo(partitions);
    assertThat(spark.catalog().isCached("assay.metrics")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select reflect('java.lang.System', 'getenv', 'HOME')",
      "select java_method('java.lang.System', 'getenv', 'HOME')",
      "select * from assay.metrics where exists (select reflect('java.lang.System', 'exit', '0'))",
      "with e as (select java_method('java.lang.System', 'getenv', 'HOME') as h) select * from e"})
  void reflectionIsRefused(String statement) {
    assertThatThrownBy(() -> LedgerQuery.readOnly(spark, statement))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining(" calls Java methods by reflection, which assay sql does not allow; use Spark SQL's "
            + "built-in functions");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select metric, value from assay.metrics",
      "with x as (select * from assay.metrics) select count(*) from x",
      "show tables in assay",
      "describe assay.metrics",
      "describe history assay.metrics",
      "describe detail assay.metrics",
      "explain select * from assay.leaderboard",
      "select * from assay.metrics version as of 0"})
  void queriesListingsAndDescriptionsRun(String statement) {
    Map<String, Long> before = versions();
    List<Row> rows = LedgerQuery.readOnly(spark, statement).collectAsList();
    assertThat(rows).isNotNull();
    assertThat(versions()).isEqualTo(before);
  }

  @Test
  void theRefusalSaysWhatWhyAndWhatToRunInstead() {
    assertThatThrownBy(() -> LedgerQuery.readOnly(spark, "delete from assay.metrics where model_name='m'"))
        .hasMessage("Cannot run the query: assay sql only reads, and Spark plans this statement as DeleteFromTable "
            + "(it would write, change a table, the catalog or the session, or load code); run SELECT, WITH, SHOW, "
            + "DESCRIBE or EXPLAIN, and change the ledger only through Assay's commands");
    assertThatThrownBy(() -> LedgerQuery.readOnly(spark, "select reflect('java.lang.System', 'getenv', 'HOME')"))
        .hasMessage("Cannot run the query: function reflect calls Java methods by reflection, which assay sql does "
            + "not allow; use Spark SQL's built-in functions");
  }

  @Test
  void aQueryReturnsTheStoredRow() {
    assertThat(LedgerQuery.run(ledger, "select metric, value from assay.metrics").collectAsList().toString())
        .isEqualTo("[[roc_auc,0.75]]");
  }
}
