package dev.assay.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.data.PinnedInputs;
import dev.assay.spark.SparkTestBase;
import dev.assay.version.DataVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * The ledger's own transactions ({@link RowTransaction}). The update that closes runs changes exactly the matching
 * rows' given columns in one commit without a Spark job (the new file is written on the driver, with Delta's own
 * bounds for the columns the ledger filters on), keeps every other row of the
 * files it rewrites as it was (every type, deletion vectors applied), commits nothing when nothing matches, and
 * keeps SQL UPDATE's guarantees against concurrent writers (Delta's default Serializable isolation): another job's
 * RUNNING row appended between its read and its commit makes it retry and close the run, a recovery's claim
 * committed meanwhile makes it retry and find the run no longer open. The insert of a registration appends its row
 * unless a row in its scope is taken, and then commits nothing.
 */
class RowTransactionTest extends SparkTestBase {
  private static final PinnedInputs.Input INPUT = new PinnedInputs.Input("train", "demo/train",
      new DataVersion("tid", 4, "demo/train", 1_700_000_000_123L));

  @TempDir
  Path dir;

  @Test
  void setsTheGivenColumnsOfTheMatchingRowsAndKeepsTheRestOfTheirFiles() {
    String path = DriverReadsTest.everyTypeTable(dir.resolve("t").toString());
    spark.sql("DELETE FROM delta.`" + path + "` WHERE id = 5");  // a deletion vector on one of the two files
    List<Row> before = sorted(spark.read().format("delta").load(path).collectAsList());
    List<String> filesBefore = files(path);
    long version = DeltaTable.forPath(spark, path).history(1).first().getAs("version");

    StructType set = new StructType().add("s", DataTypes.StringType).add("b", DataTypes.BooleanType);
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    long updated = RowTransaction.update(spark, ledger.reads(), path, Where.equal("l", 2_000_000_014L).andNull("s")
        .andEqual("id", 2), RowFactory.create("closed", true), set);
    assertThat(updated).isZero();  // id 2's s is not null: nothing matched, nothing committed
    assertThatThrownBy(() -> RowTransaction.update(spark, ledger.reads(), path, Where.equal("id", 4),
        RowFactory.create("x"), new StructType().add("nope", DataTypes.StringType)))
        .hasMessageStartingWith("Cannot write column 'nope' to a ledger table that has [id, s, l, d, ");
    assertThat(DeltaTable.forPath(spark, path).history(1).first().<Long>getAs("version")).isEqualTo(version);

    updated = RowTransaction.update(spark, ledger.reads(), path, Where.equal("l", 3_000_000_021L).andNull("s"),
        RowFactory.create("closed", true), set);
    assertThat(updated).isEqualTo(1);
    Row commit = DeltaTable.forPath(spark, path).history(1).first();
    assertThat(commit.<Long>getAs("version")).isEqualTo(version + 1);
    assertThat(commit.<String>getAs("operation")).isEqualTo("UPDATE");

    List<Row> expected = new ArrayList<>();
    for (Row r : before) {
      if (r.getInt(0) == 3) {
        Object[] values = new Object[r.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = i == r.fieldIndex("s") ? "closed" : i == r.fieldIndex("b") ? Boolean.TRUE : r.get(i);
        }
        expected.add(RowFactory.create(values));
      } else {
        expected.add(r);
      }
    }
    // The deleted row stays deleted; binary values compared by content.
    assertThat(sorted(spark.read().format("delta").load(path).collectAsList())).extracting(RowTransactionTest::text)
        .isEqualTo(expected.stream().map(RowTransactionTest::text).toList()).hasSize(19);
    // Only the file that held the row was rewritten.
    List<String> after = files(path);
    assertThat(after).hasSameSizeAs(filesBefore);
    assertThat(after.stream().filter(filesBefore::contains)).hasSize(filesBefore.size() - 1);
  }

  @Test
  void startingAndClosingARunRunNoSparkJobWhetherOrNotTheTableMovedSinceItsRunningRow() throws Exception {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    for (int i = 0; i < 3; i++) {
      ledger.runs().start(DriverReadsTest.run(i, RunStatus.RUNNING, INPUT));
      assertThat(ledger.runs().finish(DriverReadsTest.run(i, RunStatus.SUCCEEDED, INPUT))).isTrue();
    }
    // The files and rows are read, and the new file written, on the driver.
    assertThat(SparkJobs.during(spark, () -> ledger.runs().start(DriverReadsTest.run(3, RunStatus.RUNNING, INPUT))))
        .isEmpty();
    assertThat(SparkJobs.during(spark, () -> assertThat(ledger.runs().finish(DriverReadsTest.run(3,
        RunStatus.SUCCEEDED, INPUT))).isTrue())).isEmpty();

    // Another process's row lands after this one's: the close reads that newer version, still without a job.
    ledger.runs().start(DriverReadsTest.run(4, RunStatus.RUNNING, INPUT));
    new Ledger(spark, ledger.root(), CommitTag.withoutRun("other")).runs()
        .start(DriverReadsTest.run(5, RunStatus.FAILED, INPUT));
    String runs = ledger.path(LedgerTableName.RUNS);
    long moved = DeltaTable.forPath(spark, runs).history(1).first().getAs("version");
    assertThat(SparkJobs.during(spark, () -> assertThat(ledger.runs().finish(DriverReadsTest.run(4,
        RunStatus.SUCCEEDED, INPUT))).isTrue())).isEmpty();
    assertThat(DeltaTable.forPath(spark, runs).history(1).first().<Long>getAs("readVersion")).isEqualTo(moved);
    assertThat(ledger.runs().rows(Where.ALL, "run_id", "status")).extracting(Object::toString)
        .containsExactlyInAnyOrder("[r0,SUCCEEDED]", "[r1,SUCCEEDED]", "[r2,SUCCEEDED]", "[r3,SUCCEEDED]",
            "[r4,SUCCEEDED]", "[r5,FAILED]");
  }

  @Test
  void aClaimCommittedMeanwhileMakesTheCloseFindTheRunClosedAndAnAppendDoesNot() {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    ledger.runs().start(DriverReadsTest.run(1, RunStatus.RUNNING, INPUT));
    ledger.runs().start(DriverReadsTest.run(2, RunStatus.RUNNING, INPUT));
    String runs = ledger.path(LedgerTableName.RUNS);

    // Another job's RUNNING row between the read and the commit: a conflict, and the retry closes the run.
    AtomicInteger attempts = new AtomicInteger();
    long closed = ledger.commit(LedgerTableName.RUNS, () -> RowTransaction.update(spark, ledger.reads(), runs,
        open("r1"), Rows.run(DriverReadsTest.run(1, RunStatus.SUCCEEDED, INPUT)), LedgerSchemas.RUNS, () -> {
          if (attempts.incrementAndGet() == 1) {
            new Ledger(spark, ledger.root(), CommitTag.withoutRun("other")).runs()
                .start(DriverReadsTest.run(3, RunStatus.RUNNING, INPUT));
          }
        }));
    assertThat(closed).isEqualTo(1);
    assertThat(attempts).hasValue(2);

    // A recovery claims r2 between the read and the commit: the commit conflicts, the retry finds no open r2.
    attempts.set(0);
    closed = ledger.commit(LedgerTableName.RUNS, () -> RowTransaction.update(spark, ledger.reads(), runs, open("r2"),
        Rows.run(DriverReadsTest.run(2, RunStatus.SUCCEEDED, INPUT)), LedgerSchemas.RUNS, () -> {
          if (attempts.incrementAndGet() == 1) {
            spark.sql("UPDATE delta.`" + runs + "` SET error = 'abandoned: claimed' WHERE run_id = 'r2'");
          }
        }));
    assertThat(closed).isZero();
    assertThat(attempts).hasValue(1);  // the retry read no open row, so it wrote nothing
    assertThat(ledger.runs().rows(Where.ALL, "run_id", "status", "error")).extracting(Row::toString)
        .containsExactlyInAnyOrder("[r1,SUCCEEDED,null]", "[r2,RUNNING,abandoned: claimed]", "[r3,RUNNING,null]");
  }

  @Test
  void aBlindAppendWritesOnTheDriverTheFileAndTheBoundsSparkWould() throws Exception {
    String source = DriverReadsTest.everyTypeTable(dir.resolve("source").toString());
    Dataset<Row> all = spark.read().format("delta").load(source);
    List<Row> rows = sorted(all.collectAsList());
    String ours = dir.resolve("ours").toString();
    String theirs = dir.resolve("theirs").toString();
    all.limit(0).write().format("delta").save(ours);
    spark.createDataFrame(rows, all.schema()).coalesce(1).write().format("delta").save(theirs);

    assertThat(SparkJobs.during(spark, () -> RowTransaction.append(spark, ours, rows, all.schema()))).isEmpty();
    // Spark and Kernel read back every value of every type.
    assertThat(sorted(spark.read().format("delta").load(ours).collectAsList())).extracting(RowTransactionTest::text)
        .isEqualTo(rows.stream().map(RowTransactionTest::text).toList());
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    assertThat(sorted(ledger.reads().rows(ours, Where.ALL, List.of()))).isEqualTo(rows);

    // The bounds of the string, int and long columns and the null counts are Delta's own for the same rows.
    JsonNode stats = stats(ours);
    JsonNode delta = stats(theirs);
    assertThat(stats.get("numRecords")).isEqualTo(delta.get("numRecords"));
    for (String bound : List.of("minValues", "maxValues")) {
      assertThat(stats.get(bound).toString()).isEqualTo("{\"id\":" + delta.get(bound).get("id") + ",\"s\":"
          + delta.get(bound).get("s") + ",\"l\":" + delta.get(bound).get("l") + "}");
    }
    assertThat(stats.get("nullCount").fieldNames()).toIterable().containsExactly("id", "s", "l", "d", "f", "b", "sh",
        "by", "bin", "dec", "day", "ts", "ntz");
    stats.get("nullCount").fields().forEachRemaining(count -> assertThat(count.getValue()).as(count.getKey())
        .isEqualTo(delta.get("nullCount").get(count.getKey())));
    // Kernel skips the file by those bounds, as the ledger's lookups and transactions read it.
    long version = DeltaTable.forPath(spark, ours).history(1).first().getAs("version");
    assertThat(ledger.reads().files(ours, version, Where.equal("s", "s4"))).hasSize(1);
    assertThat(ledger.reads().files(ours, version, Where.equal("s", "s99"))).isEmpty();
    assertThat(ledger.reads().files(ours, version, Where.equal("l", 20_000_000_140L))).isEmpty();
  }

  @Test
  void aNullInANonNullableColumnIsRefusedAndNothingIsCommitted() {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    ledger.runs().start(DriverReadsTest.run(1, RunStatus.RUNNING, INPUT));
    String runs = ledger.path(LedgerTableName.RUNS);
    long version = DeltaTable.forPath(spark, runs).history(1).first().getAs("version");
    assertThatThrownBy(() -> RowTransaction.append(spark, runs, List.of(RowFactory.create("r2")),
        new StructType().add("run_id", DataTypes.StringType)))
        .hasMessage("Cannot write a null to column 'command' of ledger table " + runs + ": the column is not nullable");
    assertThat(DeltaTable.forPath(spark, runs).history(1).first().<Long>getAs("version")).isEqualTo(version);
    assertThat(ledger.runs().rows(Where.ALL, "run_id")).extracting(Row::toString).containsExactly("[r1]");
  }

  /** The statistics of the one data file of the table's latest version. */
  private static JsonNode stats(String path) throws Exception {
    List<String> stats = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).allFiles()
        .toDF().select("stats").as(Encoders.STRING()).collectAsList();
    assertThat(stats).hasSize(1);
    return new ObjectMapper().readTree(stats.get(0));
  }

  /** The data files of the table's latest version, as its log names them. */
  private static List<String> files(String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).allFiles().toDF()
        .select("path").as(Encoders.STRING()).collectAsList();
  }

  /** A row as text, binary values as their bytes' text (a byte array prints as a reference). */
  private static String text(Row r) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      out.append(i == 0 ? "[" : ",").append(r.get(i) instanceof byte[] b ? new String(b, UTF_8) : r.get(i));
    }
    return out.append(']').toString();
  }

  @Test
  void aRegistrationIsInsertedUnlessItsVersionOrRunKeyIsTakenUnderItsName() {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    ledger.models().register(LedgerTest.model("m", "r0"));
    String models = ledger.path(LedgerTableName.MODELS);
    long version = DeltaTable.forPath(spark, models).history(1).first().getAs("version");
    ModelRecord second = LedgerTest.model("m", "r1");
    // Version 1 of m is taken; so is r0's run key under m; under another name the same key is free.
    assertThat(ledger.models().tryRegister(second.withVersion(1))).isFalse();
    assertThat(ledger.models().tryRegister(LedgerTest.model("m", "r0").withVersion(2))).isFalse();
    assertThat(DeltaTable.forPath(spark, models).history(1).first().<Long>getAs("version")).isEqualTo(version);
    assertThat(ledger.models().tryRegister(second.withVersion(2))).isTrue();
    assertThat(ledger.models().tryRegister(LedgerTest.model("n", "r0").withVersion(1))).isTrue();
    assertThat(ledger.models().list(null, null)).extracting(m -> m.modelName() + ":" + m.modelVersion() + ":"
        + m.runId()).containsExactly("m:1:r0", "m:2:r1", "n:1:r0");
    Row commit = DeltaTable.forPath(spark, models).history(1).first();
    assertThat(commit.<String>getAs("operation")).isEqualTo("WRITE");
    assertThat(commit.<Long>getAs("version")).isEqualTo(version + 2);
  }

  private static Where open(String runId) {
    return Where.equal("run_id", runId).andEqual("status", RunStatus.RUNNING.code()).andNull("error");
  }

  private static List<Row> sorted(List<Row> rows) {
    return rows.stream().sorted(Comparator.comparing(r -> r.getInt(0))).toList();
  }
}
