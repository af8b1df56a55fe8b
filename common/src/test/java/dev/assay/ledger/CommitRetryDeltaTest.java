package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.RemoveFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The retry bound against real Delta optimistic-concurrency conflicts: a transaction reads the whole
 * table and removes a file while another writer appends in between, so Delta refuses the commit
 * (ConcurrentAppendException) every time the race is lost.
 */
@Tag("slow")
class CommitRetryDeltaTest extends SparkTestBase {
  @TempDir
  Path dir;

  /** One attempt: read all, let a concurrent writer append when asked, then commit removing the largest file. */
  long removeFirstFile(String path, boolean concurrentWriter) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    log.update(false, Option.empty(), Option.empty());
    OptimisticTransaction txn = log.startTransaction();
    // The largest file is the original 10-row one, whatever order the snapshot lists files in.
    AddFile largest = null;
    for (AddFile f : JavaConverters.seqAsJavaList(txn.filterFiles())) {
      if (largest == null || f.size() > largest.size()) {
        largest = f;
      }
    }
    RemoveFile remove = largest.remove();
    if (concurrentWriter) {
      spark.range(1).toDF("id").coalesce(1).write().format("delta").mode("append").save(path);
    }
    return txn.commit(JavaConverters.asScalaBuffer(List.<Action>of(remove)).toSeq(),
        DeltaOperations.ManualUpdate$.MODULE$);
  }

  long rows(String path) {
    return spark.read().format("delta").load(path).count();
  }

  @Test
  void boundExhaustedByRealConflictsIsTransientAndCommitsNothing() {
    String path = dir.resolve("t").toString();
    spark.range(10).toDF("id").coalesce(1).write().format("delta").save(path);
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> CommitRetry.run(path, () -> {
      attempts.incrementAndGet();
      return removeFirstFile(path, true);
    }, 3, 1))
        .isInstanceOf(AssayException.class)
        .hasMessage("Ledger table '" + path + "' kept changing under concurrent writers (3 attempts): retry the job")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.TRANSIENT);
    assertThat(attempts).hasValue(3);
    // Three concurrent appends landed; the losing removal never did.
    assertThat(rows(path)).isEqualTo(13);
  }

  @Test
  void aLostRaceIsRetriedAndCommittedExactlyOnce() {
    String path = dir.resolve("u").toString();
    spark.range(10).toDF("id").coalesce(1).write().format("delta").save(path);
    AtomicInteger attempts = new AtomicInteger();
    CommitRetry.run(path, () -> removeFirstFile(path, attempts.incrementAndGet() < 3), 5, 1);
    assertThat(attempts).hasValue(3);
    // Two appended rows survive; the one removal took out the original 10-row file.
    assertThat(rows(path)).isEqualTo(2);
  }
}
