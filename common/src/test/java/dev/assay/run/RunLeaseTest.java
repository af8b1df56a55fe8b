package dev.assay.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lease files as another job reads them: a fresh lease keeps a run alive, a stale one of a closed run is swept. */
class RunLeaseTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void aFreshLeaseOfAnotherHostKeepsARunStartedLongerAgoThanTheLeaseMinutesAlive() throws Exception {
    String root = dir.toString();
    Instant before = Instant.now().minusSeconds(2);
    try (RunLease lease = RunLease.start(spark, root, "x", ProcessIdentity.current(), Duration.ofSeconds(30))) {
      RunLease.Leases leases = RunLease.read(spark, root, "own", Set.of("x"));
      RunLease.Renewal renewal = leases.of("x").orElseThrow();
      assertThat(renewal.interval()).isEqualTo(Duration.ofSeconds(30));
      assertThat(renewal.renewedAt()).isBetween(before, Instant.now().plusSeconds(2));
      RecoverAbandonedRuns.OpenRun run = new RecoverAbandonedRuns.OpenRun("x", "train",
          Timestamp.from(Instant.now().minusSeconds(25 * 3600)), "other", "u",
          new ProcessIdentity("another-boot", "pid:[1]", 1L, 5L), null);
      assertThat(RecoverAbandonedRuns.abandoned(run, ProcessIdentity.current(), leases)).isEmpty();
    }
    assertThat(dir.resolve(RunLease.DIR).resolve("x")).doesNotExist();
  }

  @Test
  void aStaleLeaseOfARunThatIsNoLongerOpenIsSweptAndAFreshOneIsKept() throws Exception {
    Path leases = Files.createDirectories(dir.resolve(RunLease.DIR));
    Path stale = Files.writeString(leases.resolve("closed-long-ago"), "heartbeat_seconds=30\n");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
    Path fresh = Files.writeString(leases.resolve("starting"), "heartbeat_seconds=30\n");
    Path own = Files.writeString(leases.resolve("own"), "heartbeat_seconds=30\n");

    RunLease.Leases read = RunLease.read(spark, dir.toString(), "own", Set.of());

    assertThat(read.byRun()).isEmpty();
    // The store's clock: the own lease's modification time (Hadoop's local file system reports milliseconds).
    assertThat(read.now().toEpochMilli()).isEqualTo(Files.getLastModifiedTime(own).toMillis());
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }
}
