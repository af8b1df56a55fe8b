package dev.assay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.spark.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaCommitsTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void theDriverReadsTheCommitsDeltaHistoryReports() {
    String table = dir.resolve("t").toString();
    for (int i = 0; i < 4; i++) {
      spark.range(0, 10L * (i + 1), 1, 2).write().format("delta").mode(i == 0 ? "errorifexists" : "append")
          .option("userMetadata", "writer " + i).save(table);
    }

    DeltaCommits.Commit latest = DeltaCommits.latest(spark, table);
    assertThat(latest.version()).isEqualTo(3);
    assertThat(latest.userMetadata()).isEqualTo("writer 3");
    assertThat(latest.metric("numOutputRows")).hasValue("40");
    assertThat(latest.metric("no such metric")).isEmpty();

    // The same version, metrics and metadata as Delta's own history, for each commit found by its marker.
    List<Row> history = DeltaTable.forPath(spark, table).history().select("version", "userMetadata",
        "operationMetrics").collectAsList();
    for (Row h : history) {
      DeltaCommits.Commit c = DeltaCommits.find(spark, table, 50, h.getString(1)).orElseThrow();
      assertThat(c.version()).isEqualTo(h.getLong(0));
      assertThat(c.metrics()).isEqualTo(h.getJavaMap(2));
    }
    assertThat(history).hasSize(4);
  }

  @Test
  void aMarkerOlderThanTheLimitOrAbsentIsNotFound() {
    String table = dir.resolve("t").toString();
    for (int i = 0; i < 3; i++) {
      spark.range(1).write().format("delta").mode("append").option("userMetadata", "writer " + i).save(table);
    }
    assertThat(DeltaCommits.find(spark, table, 2, "writer 1")).map(DeltaCommits.Commit::version).hasValue(1L);
    assertThat(DeltaCommits.find(spark, table, 2, "writer 0")).isEmpty();
    assertThat(DeltaCommits.find(spark, table, 50, "nobody")).isEmpty();
  }

  @Test
  void aDirectoryWithoutATableHasNoLatestCommit() {
    assertThatThrownBy(() -> DeltaCommits.latest(spark, dir.resolve("none").toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot read the latest commit of " + dir.resolve("none") + ": it is not a Delta table");
  }
}
