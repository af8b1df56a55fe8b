package dev.assay.ledger;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.data.PinnedInputs;
import dev.assay.data.SnapshotWarming;
import dev.assay.spark.SparkTestBase;
import dev.assay.version.DataVersion;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.delta.DeltaLog;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * A RUNNING row's version of {@code runs} has its state computed in the background ({@link SnapshotWarming}), so
 * the closing UPDATE computes no snapshot state of that version; when another writer moved the table on meanwhile,
 * the UPDATE computes the newer state itself and closes the run all the same. The command's session settings are
 * never touched. The same holds for the overwrite of a slice (what {@code score} writes), and a table the warming
 * cannot read is left to the write, which reports it.
 */
class SnapshotWarmingTest extends SparkTestBase {
  private static final PinnedInputs.Input INPUT = new PinnedInputs.Input("train", "demo/train",
      new DataVersion("tid", 4, "demo/train", 1_700_000_000_123L));

  @TempDir
  Path dir;

  @Test
  void theClosingUpdateReadsTheStateComputedAfterTheRunningRow() throws Exception {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    for (int i = 0; i < 3; i++) {
      ledger.runs().start(DriverReadsTest.run(i, RunStatus.RUNNING, INPUT));
      assertThat(ledger.runs().finish(DriverReadsTest.run(i, RunStatus.SUCCEEDED, INPUT))).isTrue();
    }
    spark.conf().set(InterpretedQueries.WHOLE_STAGE, "true");
    try {
      ledger.runs().start(DriverReadsTest.run(3, RunStatus.RUNNING, INPUT));
      List<String> jobs = jobsDuring(() ->
          assertThat(ledger.runs().finish(DriverReadsTest.run(3, RunStatus.SUCCEEDED, INPUT))).isTrue());
      // The close's only job is the write of its file: the state of the RUNNING row's version (the files it picks
      // by their statistics) was computed beside the caller's work; the warming's last job may still be running.
      assertThat(jobs).filteredOn(j -> !j.startsWith("numOfFiles at SnapshotWarming.java"))
          .singleElement(as(InstanceOfAssertFactories.STRING)).startsWith("writeFiles at RowUpdate.java");
      assertThat(spark.conf().get(InterpretedQueries.WHOLE_STAGE)).isEqualTo("true");
    } finally {
      spark.conf().unset(InterpretedQueries.WHOLE_STAGE);
    }

    // Another process's RUNNING row lands after this one's: the close reads the newer version, its state computed
    // by the close itself.
    ledger.runs().start(DriverReadsTest.run(4, RunStatus.RUNNING, INPUT));
    new Ledger(spark, ledger.root(), CommitTag.withoutRun("other")).runs()
        .start(DriverReadsTest.run(5, RunStatus.FAILED, INPUT));
    long moved = version(ledger);
    List<String> jobs = jobsDuring(() ->
        assertThat(ledger.runs().finish(DriverReadsTest.run(4, RunStatus.SUCCEEDED, INPUT))).isTrue());
    assertThat(jobs).hasSizeGreaterThan(1).last(as(InstanceOfAssertFactories.STRING))
        .startsWith("writeFiles at RowUpdate.java");
    assertThat(DeltaTable.forPath(spark, ledger.path(LedgerTableName.RUNS)).history(1).first().<Long>getAs(
        "readVersion")).isEqualTo(moved);
    assertThat(ledger.runs().rows(Where.ALL, "run_id", "status")).extracting(Object::toString)
        .containsExactlyInAnyOrder("[r0,SUCCEEDED]", "[r1,SUCCEEDED]", "[r2,SUCCEEDED]", "[r3,SUCCEEDED]",
            "[r4,SUCCEEDED]", "[r5,FAILED]");
  }

  @Test
  void anOverwriteOfASliceReadsTheWarmedState() throws Exception {
    String path = dir.resolve("scores").toString();
    for (int v = 0; v < 3; v++) {
      spark.range(100).selectExpr("id", "id % 4 AS part", v + " AS v").write().format("delta")
          .mode(v == 0 ? "overwrite" : "append").partitionBy("part").save(path);
    }
    long latest = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).version();
    SnapshotWarming.start(InterpretedQueries.session(spark), path).await();
    List<String> jobs = jobsDuring(() -> spark.range(10).selectExpr("id", "1L AS part", "9 AS v").write()
        .format("delta").mode("overwrite").option("replaceWhere", "part = 1").save(path));
    assertThat(jobs).isNotEmpty().noneMatch(j -> j.equals("Delta: Compute snapshot for version: " + latest));
    assertThat(spark.read().format("delta").load(path).where("part = 1").count()).isEqualTo(10);
  }

  @Test
  void aTableThatCannotBeReadIsLeftToTheWrite() throws Exception {
    Path log = Files.createDirectories(dir.resolve("broken/_delta_log"));
    Files.writeString(log.resolve("00000000000000000000.json"), "not a commit\n");
    SnapshotWarming.start(InterpretedQueries.session(spark), dir.resolve("broken").toString()).await();
    SnapshotWarming.start(InterpretedQueries.session(spark), dir.resolve("none").toString()).await();
    assertThat(Files.exists(dir.resolve("none"))).isFalse();
  }

  @Test
  void aWriteWithoutWarmingDoesNotWait() {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    ledger.runs().start(DriverReadsTest.run(0, RunStatus.FAILED, INPUT));
    ledger.awaitWarm(LedgerTableName.RUNS);
    assertThat(ledger.runs().rows(Where.ALL, "status")).extracting(Object::toString).containsExactly("[FAILED]");
  }

  private static long version(Ledger ledger) {
    return DeltaLog.forTable(spark, ledger.path(LedgerTableName.RUNS)).update(false, Option.empty(), Option.empty())
        .version();
  }

  /**
   * The descriptions of the Spark jobs {@code action} starts in this thread (marked by a local property, which the
   * warming thread, started before, does not inherit: its jobs may still run meanwhile).
   */
  private static List<String> jobsDuring(Runnable action) throws Exception {
    List<String> jobs = new CopyOnWriteArrayList<>();
    String mark = "assay.test.during";
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        if ("yes".equals(start.properties().getProperty(mark))) {
          String description = start.properties().getProperty("spark.job.description");
          jobs.add(description != null ? description : start.stageInfos().head().name());
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    spark.sparkContext().setLocalProperty(mark, "yes");
    try {
      action.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().setLocalProperty(mark, null);
      spark.sparkContext().removeSparkListener(listener);
    }
    return jobs;
  }
}
