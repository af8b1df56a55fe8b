package dev.assay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import dev.assay.version.DataVersion;
import io.delta.tables.DeltaTable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaVersionsTest extends SparkTestBase {
  @TempDir
  Path dir;

  private String table;
  private PinnedInputs inputs;

  @BeforeEach
  void threeVersions() throws Exception {
    table = dir.resolve("t").toString();
    for (int v = 0; v < 3; v++) {
      spark.range(v * 10, v * 10 + 10).toDF("id").write().format("delta").mode("append").save(table);
    }
    // Delta takes commit times from the log files' modification times: pin them to known instants.
    setCommitTime(0, "2026-01-01T00:00:00Z");
    setCommitTime(1, "2026-02-01T00:00:00Z");
    setCommitTime(2, "2026-03-01T00:00:00Z");
    DeltaLog.clearCache();
    inputs = new PinnedInputs(spark, new Warehouse(dir.toString()));
  }

  private void setCommitTime(long version, String instant) throws Exception {
    Path f = Path.of(table, "_delta_log", String.format("%020d.json", version));
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse(instant)));
  }

  @Test
  void versionReadsExactlyThatVersion() {
    DataVersion v1 = inputs.pin("train", "t", 1L, null);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.tableId()).isEqualTo(DeltaTable.forPath(spark, table).detail().first().<String>getAs("id"));
    assertThat(inputs.read(v1).count()).isEqualTo(20);
  }

  @Test
  void timestampResolvesToLatestCommitAtOrBefore() {
    assertThat(inputs.pin("a", "t", null, "2026-01-15").version()).isZero();
    assertThat(inputs.pin("b", "t", null, "2026-02-01T00:00:00Z").version()).isEqualTo(1);
    assertThat(inputs.pin("c", "t", null, "2026-02-20 12:00:00").version()).isEqualTo(1);
    assertThat(inputs.pin("d", "t", null, "2026-03-05T00:00:00Z").version()).isEqualTo(2);
    assertThat(inputs.pin("b", "t", null, "2026-02-01T00:00:00Z").commitTimestampMillis())
        .isEqualTo(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli());
  }

  @Test
  void latestIsPinnedOnceEvenWhenAWriterCommits() {
    DataVersion first = inputs.pin("train", "t", null, null);
    spark.range(100, 105).toDF("id").write().format("delta").mode("append").save(table);
    DataVersion again = inputs.pin("eval:holdout", "t", null, null);
    assertThat(again).isEqualTo(first);
    assertThat(first.version()).isEqualTo(2);
    assertThat(inputs.read(again).count()).isEqualTo(30);
    assertThat(inputs.inputs()).extracting(PinnedInputs.Input::role).containsExactly("train", "eval:holdout");
  }

  @Test
  void missingVersionNamesTableAndAvailableVersions() {
    assertThatThrownBy(() -> inputs.pin("train", "t", 7L, null))
        .isInstanceOf(AssayException.class)
        .hasMessage("Table '" + table + "' has no version 7: available versions are 0..2 (older versions were removed "
            + "by log cleanup or never existed); pin a version in that range")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA);
  }

  @Test
  void vacuumedVersionIsAClearErrorNotASilentRead() {
    spark.range(0, 3).toDF("id").write().format("delta").mode("overwrite").save(table);
    vacuumEverything(table);
    assertThatThrownBy(() -> inputs.pin("train", "t", 1L, null))
        .isInstanceOf(AssayException.class)
        .hasMessageMatching("Table '" + table + "' version 1 cannot be read: \\d+ of its files \\(data files or "
            + "deletion vectors\\) were removed \\(VACUUM\\); versions 0\\.\\.\\d+ are in the log but .*")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA);
    assertThat(inputs.read(inputs.pin("latest", "t", null, null)).count()).isEqualTo(3);
  }

  @Test
  void aVersionWhoseDeletionVectorWasVacuumedIsTheSameClearError() {
    // Version 1 deletes rows by a deletion vector; version 2 replaces it on the same data file; VACUUM then
    // removes version 1's deletion vector, while every data file is still referenced (VACUUM commits twice).
    String dv = dir.resolve("dv").toString();
    spark.range(0, 100).toDF("id").coalesce(1).write().format("delta")
        .option("delta.enableDeletionVectors", "true").save(dv);
    DeltaTable.forPath(spark, dv).delete("id < 10");
    DeltaTable.forPath(spark, dv).delete("id < 20");
    vacuumEverything(dv);
    assertThat(DeltaVersions.removedAfter(DeltaLog.forTable(spark, dv), 1, 2)).singleElement()
        .satisfies(f -> assertThat(f).contains("deletion_vector_"));
    assertThatThrownBy(() -> inputs.pin("eval", "dv", 1L, null))
        .isInstanceOf(AssayException.class)
        .hasMessage("Table '" + dv + "' version 1 cannot be read: 1 of its files (data files or deletion vectors) "
            + "were removed (VACUUM); versions 0..4 are in the log but only versions whose files survive can be "
            + "read — pin the latest version 4 or restore the files")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA);
    assertThat(inputs.read(inputs.pin("eval", "dv", 2L, null)).count()).isEqualTo(80);
  }

  @Test
  void filesAddedAndRemovedAfterTheVersionMayBeVacuumed() {
    // Version 2's rows are deleted again (version 3) and VACUUM removes their files: version 1 never had them.
    DeltaTable.forPath(spark, table).delete("id >= 20");
    vacuumEverything(table);
    DataVersion v1 = inputs.pin("train", "t", 1L, null);
    assertThat(inputs.read(v1).count()).isEqualTo(20);
    assertThat(DeltaVersions.removedAfter(DeltaLog.forTable(spark, table), 1, 3)).isEmpty();
    assertThat(DeltaVersions.removedAfter(DeltaLog.forTable(spark, table), 2, 3)).isNotEmpty();
  }

  /** VACUUM with no retention: every file the latest version does not reference is deleted. */
  private static void vacuumEverything(String path) {
    spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    try {
      DeltaTable.forPath(spark, path).vacuum(0.0);
    } finally {
      spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "true");
    }
  }

  @Test
  void versionAndTimestampTogetherIsAUsageError() {
    assertThatThrownBy(() -> inputs.pin("train", "t", 1L, "2026-01-01"))
        .hasMessage("Table reference '" + table + "' has both version and timestamp: use one of them")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void timestampBeforeFirstCommitAndInTheFutureAreRefused() {
    assertThatThrownBy(() -> inputs.pin("train", "t", null, "2025-12-01"))
        .hasMessage("Table '" + table + "' has no version at or before 2025-12-01: its earliest available commit is "
            + "at 2026-01-01T00:00:00Z; use a later timestamp or a version");
    assertThatThrownBy(() -> inputs.pin("train", "t", null, "2999-01-01"))
        .hasMessageContaining("that time is in the future");
    assertThatThrownBy(() -> inputs.pin("train", "t", null, "yesterday"))
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aPathWithoutDeltaLogIsNotATable() {
    File plain = dir.resolve("plain").toFile();
    plain.mkdirs();
    assertThatThrownBy(() -> inputs.pin("train", "plain", null, null))
        .hasMessageStartingWith("Table '" + plain + "' is not a Delta table (no _delta_log found)")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA);
  }
}
