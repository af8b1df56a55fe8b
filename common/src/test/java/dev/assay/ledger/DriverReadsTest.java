package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.data.PinnedInputs;
import dev.assay.spark.SparkTestBase;
import dev.assay.version.DataVersion;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's lookups read on the driver by Delta Kernel ({@link DriverReads}) give the rows Spark's
 * {@code collectAsList} gives for the same filter: the same values of every type (nested ones included), the
 * same rows after updates, deletes and deletion vectors, and SQL's meaning of null in a filter.
 */
class DriverReadsTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void runsAndModelsLookupsGiveSparksRows() {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    PinnedInputs.Input input = new PinnedInputs.Input("train", "demo/train", new DataVersion("tid", 4, "demo/train",
        1_700_000_000_123L));
    for (int i = 0; i < 4; i++) {
      ledger.runs().start(run(i, RunStatus.RUNNING, input));
      if (i < 2) {
        assertThat(ledger.runs().finish(run(i, RunStatus.SUCCEEDED, input))).isTrue();
      }
    }
    ledger.models().register(LedgerTest.model("m", "r0"));
    ledger.models().register(LedgerTest.model("m", "r1"));
    ledger.models().register(LedgerTest.model("n", "r2"));

    for (Where where : List.of(Where.ALL, Where.equal("status", RunStatus.RUNNING.code()).andNotEqual("run_id", "r2"),
        Where.equal("run_id", "r1"), Where.equal("run_key", "k2"), Where.equal("run_id", "none"))) {
      assertThat(sorted(ledger.runs().rows(where))).as(where.toString())
          .isEqualTo(sorted(ledger.runs().all().where(spark(where)).collectAsList()));
    }
    assertThat(ledger.runs().rows(Where.equal("status", RunStatus.RUNNING.code()), "run_id", "process_start_ticks"))
        .extracting(Row::toString).containsExactlyInAnyOrder("[r2,7]", "[r3,null]");
    for (Where where : List.of(Where.ALL, Where.equal("model_name", "m"),
        Where.equal("model_name", "m").andEqual("model_version", 2), Where.equal("run_key", "key-r2"))) {
      assertThat(sorted(ledger.models().rows(where))).as(where.toString())
          .isEqualTo(sorted(ledger.models().all().where(spark(where)).collectAsList()));
    }
    assertThat(ledger.models().get("m", null).runId()).isEqualTo("r1");
    assertThat(ledger.models().get("m", 1).runId()).isEqualTo("r0");
    assertThat(ledger.models().byRunKey("key-r2").map(ModelRecord::modelName)).contains("n");
    assertThat(ledger.models().list(null, null)).extracting(m -> m.modelName() + ":" + m.modelVersion())
        .containsExactly("m:1", "m:2", "n:1");
    assertThat(ledger.models().nextVersion("m")).isEqualTo(3);
    assertThat(ledger.models().nextVersion("new")).isEqualTo(1);
  }

  @Test
  void everyTypeAfterUpdatesDeletesAndDeletionVectors() {
    String path = everyTypeTable(dir.resolve("t").toString());
    spark.sql("DELETE FROM delta.`" + path + "` WHERE id IN (5, 11)");
    spark.sql("UPDATE delta.`" + path + "` SET s = 'updated', d = CAST('NaN' AS DOUBLE) WHERE id = 7");
    assertThat(spark.sql("DESCRIBE HISTORY delta.`" + path + "`").where("operation = 'DELETE'")
        .select("operationMetrics.numDeletionVectorsAdded").first().getString(0)).isNotEqualTo("0");

    DriverReads reads = new DriverReads(spark.sessionState().newHadoopConf());
    for (Where where : List.of(Where.ALL, Where.equal("s", "updated"), Where.equal("l", 3_000_000_021L),
        Where.equal("id", 5), new Where(List.of(new Where.Term("s", Where.Op.NOT_EQUAL, "s1"))))) {
      List<Row> ours = sorted(reads.rows(path, where, List.of()));
      assertThat(ours).as(where.toString()).isEqualTo(sorted(spark.read().format("delta").load(path)
          .where(spark(where)).collectAsList()));
    }
    assertThat(reads.rows(path, Where.ALL, List.of())).hasSize(18);
    // A null never equals and never differs (SQL): the 7 rows with s null (id % 3 = 0) are in neither answer.
    assertThat(reads.rows(path, new Where(List.of(new Where.Term("s", Where.Op.NOT_EQUAL, "s1"))), List.of("id")))
        .hasSize(18 - 7 - 1);
    assertThat(reads.rows(path, Where.equal("id", 7), List.of("d", "s"))).extracting(Row::toString)
        .containsExactly("[NaN,updated]");
  }

  @Test
  void anUnknownColumnIsNamedWithTheTablesColumns() {
    String path = dir.resolve("u").toString();
    spark.range(2).toDF("id").write().format("delta").save(path);
    DriverReads reads = new DriverReads(spark.sessionState().newHadoopConf());
    assertThatThrownBy(() -> reads.rows(path, Where.equal("nope", "x"), List.of()))
        .hasMessage("Cannot read column 'nope' of ledger table " + path + ": the table has [id]");
  }

  static RunRecord run(int i, RunStatus status, PinnedInputs.Input input) {
    return new RunRecord("r" + i, i % 2 == 0 ? "k" + i : null, "train", status, new Timestamp(1_700_000_000_000L + i),
        status == RunStatus.RUNNING ? null : new Timestamp(1_700_000_060_000L), "{\"i\": " + i + "}", "c", false,
        "0.1", List.of(input), "3.5.5", "3.1.1", "17", "local[2]", "cpu", status == RunStatus.RUNNING ? null : 0,
        null, Map.of("airflow.dag", "d" + i, "try", "1"), "u", "h", null, 100L + i, "boot", "ns", i == 3 ? null : 7L);
  }

  /**
   * A Delta table with deletion vectors enabled and a column of every type the ledger's tables use (nested ones
   * included), with rows 0 to 19 in several files; {@code s} is null where {@code id % 3 = 0}.
   */
  static String everyTypeTable(String path) {
    spark.sql("CREATE TABLE delta.`" + path + "` (id INT, s STRING, l BIGINT, d DOUBLE, f FLOAT, b BOOLEAN, "
        + "sh SMALLINT, by TINYINT, bin BINARY, dec DECIMAL(12, 3), day DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, "
        + "arr ARRAY<STRUCT<role: STRING, version: BIGINT>>, m MAP<STRING, INT>, "
        + "nested STRUCT<x: INT, y: ARRAY<STRING>>) "
        + "USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    spark.sql("INSERT INTO delta.`" + path + "` SELECT CAST(id AS INT), IF(id % 3 = 0, NULL, CONCAT('s', id)), "
        + "id * 1000000007, id / 7.0, CAST(id AS FLOAT) / 3, id % 2 = 0, CAST(id AS SMALLINT), CAST(id AS TINYINT), "
        + "CAST(CONCAT('b', id) AS BINARY), CAST(id * 1.125 AS DECIMAL(12, 3)), "
        + "DATE_ADD(DATE'1969-12-25', CAST(id AS INT)), "
        + "TIMESTAMP'1969-12-31 23:59:59.999999' + MAKE_INTERVAL(0, 0, 0, 0, 0, 0, id * 0.001), "
        + "TIMESTAMP_NTZ'2026-12-04 10:00:00.5', IF(id = 4, NULL, ARRAY(NAMED_STRUCT('role', 'train', 'version', id), "
        + "NAMED_STRUCT('role', NULL, 'version', NULL))), MAP('a', CAST(id AS INT), 'b', NULL), "
        + "NAMED_STRUCT('x', CAST(id AS INT), 'y', ARRAY('p', NULL)) FROM range(0, 20, 1, 2)");
    return path;
  }

  /** The same filter as a Spark column. */
  private static Column spark(Where where) {
    Column all = lit(true);
    for (Where.Term t : where.terms()) {
      Column c = col(t.column());
      all = all.and(t.op() == Where.Op.EQUAL ? c.equalTo(lit(t.value())) : c.notEqual(lit(t.value())));
    }
    return all;
  }

  private static List<Row> sorted(List<Row> rows) {
    return rows.stream().sorted(Comparator.comparing(Row::toString)).toList();
  }
}
