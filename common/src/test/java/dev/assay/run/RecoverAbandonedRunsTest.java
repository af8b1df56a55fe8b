package dev.assay.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.data.Warehouse;
import dev.assay.ledger.CommitTag;
import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelStage;
import dev.assay.ledger.RunRecord;
import dev.assay.ledger.RunStatus;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Algorithm;
import dev.assay.spec.Task;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run left RUNNING by a dead process is closed by the next job, which takes back its model rows,
 * their metrics and its artifacts; a live run's rows are never touched.
 */
class RecoverAbandonedRunsTest extends SparkTestBase {
  static final String HOST = "build-host";
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @TempDir
  Path dir;

  static final ProcessIdentity SELF = ProcessIdentity.current();
  static final String USER = System.getProperty("user.name");
  static final RunLease.Leases NO_LEASES = new RunLease.Leases(Map.of(), NOW);

  static RecoverAbandonedRuns.OpenRun open(String host, ProcessIdentity process, Instant started) {
    return new RecoverAbandonedRuns.OpenRun("r", "train", Timestamp.from(started), host, USER, process, null);
  }

  static ProcessIdentity process(String bootId, String pidNamespace, long pid, Long startTicks) {
    return new ProcessIdentity(bootId, pidNamespace, pid, startTicks);
  }

  static long gonePid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void aRunOfThisBootAndPidNamespaceIsDeadWhenItsPidIsGoneOrStartedAtAnotherTime() throws Exception {
    long gone = gonePid();
    String boot = SELF.bootId().substring(0, 8);
    String ns = SELF.pidNamespace();
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, process(SELF.bootId(), ns, gone, 5L), NOW), SELF,
        NO_LEASES)).hasValue("process pid " + gone + " (boot " + boot + ", " + ns + ") on build-host is gone");

    long self = SELF.pid();
    long ticks = SELF.startTicks();
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, SELF, NOW.minusSeconds(3600)), SELF, NO_LEASES)).isEmpty();
    // Our own pid with another start time: the pid was reused, the run is dead.
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, process(SELF.bootId(), ns, self, ticks - 1), NOW), SELF,
        NO_LEASES)).hasValue("process pid " + self + " (boot " + boot + ", " + ns + ") on build-host ended (the pid "
            + "now belongs to a process started at tick " + ticks + ", not " + (ticks - 1) + ")");
  }

  @Test
  void aRunOfAnotherBootOrPidNamespaceOnTheSameHostIsJudgedByItsLeaseNotItsPid() throws Exception {
    long gone = gonePid();
    // Another boot (or machine) of the same host name, another container of this kernel, a row of an older
    // Assay: the pid means nothing here, so a gone pid does not end the run.
    for (ProcessIdentity p : List.of(process("another-boot", SELF.pidNamespace(), gone, 5L),
        process(SELF.bootId(), "pid:[1]", gone, 5L), process(null, null, gone, null))) {
      assertThat(RecoverAbandonedRuns.abandoned(open(HOST, p, NOW.minusSeconds(3600)), SELF, NO_LEASES)).isEmpty();
    }
    // Another user's process may be hidden from us (/proc mounted hidepid=2): its absence proves nothing.
    RecoverAbandonedRuns.OpenRun otherUser = new RecoverAbandonedRuns.OpenRun("r", "train", Timestamp.from(NOW), HOST,
        "someone-else", process(SELF.bootId(), SELF.pidNamespace(), gone, 5L), null);
    assertThat(RecoverAbandonedRuns.abandoned(otherUser, SELF, NO_LEASES)).isEmpty();
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, process("another-boot", SELF.pidNamespace(), gone, 5L),
        NOW.minusSeconds(25 * 3600)), SELF, NO_LEASES)).hasValue("it started " + Timestamp.from(NOW.minusSeconds(
            25 * 3600)) + " on build-host and has not ended in 1440 min (assay.run.lease.minutes)");
  }

  @Test
  void aRunOnAnotherHostWithoutALeaseIsDeadOnlyAfterTheLeaseMinutes() {
    ProcessIdentity p = process("b", "pid:[1]", 1L, 5L);
    assertThat(RecoverAbandonedRuns.abandoned(open("other", p, NOW.minusSeconds(3600)), SELF, NO_LEASES)).isEmpty();
    assertThat(RecoverAbandonedRuns.abandoned(open("other", p, NOW.minusSeconds(25 * 3600)), SELF, NO_LEASES))
        .hasValue("it started " + Timestamp.from(NOW.minusSeconds(25 * 3600)) + " on other and has not ended in "
            + "1440 min (assay.run.lease.minutes)");
    // A row written before runs had a pid: only the lease applies, even on this host.
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, null, NOW.minusSeconds(60)), SELF, NO_LEASES)).isEmpty();
  }

  @Test
  void aRenewedLeaseKeepsARunAliveLongerThanTheLeaseMinutesAndAStaleOneEndsIt() {
    RecoverAbandonedRuns.OpenRun old = open("other", process("b", "pid:[1]", 1L, 5L), NOW.minusSeconds(25 * 3600));
    Duration beat = Duration.ofSeconds(30);
    RunLease.Leases fresh = new RunLease.Leases(Map.of("r", new RunLease.Renewal(NOW.minusSeconds(20), beat)), NOW);
    assertThat(RecoverAbandonedRuns.abandoned(old, SELF, fresh)).isEmpty();
    // Six heartbeats missed (three minutes at 30 s), and not one more second.
    Instant lastBeat = NOW.minusSeconds(180);
    RunLease.Leases edge = new RunLease.Leases(Map.of("r", new RunLease.Renewal(lastBeat, beat)), NOW);
    assertThat(RecoverAbandonedRuns.abandoned(old, SELF, edge)).isEmpty();
    RunLease.Leases stale = new RunLease.Leases(Map.of("r", new RunLease.Renewal(lastBeat.minusSeconds(1), beat)),
        NOW);
    assertThat(RecoverAbandonedRuns.abandoned(old, SELF, stale)).hasValue("lease on other was last renewed at "
        + "2026-11-29T11:56:59Z and expired at 2026-11-29T11:59:59Z (6 heartbeats of 30 s missed)");
    // A run whose closing another recovery began (and did not end) is dead whatever its process or lease.
    RecoverAbandonedRuns.OpenRun claimed = new RecoverAbandonedRuns.OpenRun("r", "train", Timestamp.from(NOW), HOST,
        USER, SELF, "abandoned: the train job's x; run q is taking back its rows");
    assertThat(RecoverAbandonedRuns.abandoned(claimed, SELF, fresh)).hasValue("closing by an earlier recovery did "
        + "not end (abandoned: the train job's x; run q is taking back its rows)");
  }

  @Test
  void aLiveJobRenewsItsLeaseAndRemovesItWhenItEnds() throws Exception {
    Warehouse warehouse = new Warehouse(dir.toString());
    JobContext ctx = new JobContext(spark, warehouse, "ledger", "ledger", Map.of(), Map.of());
    Path lease = Path.of(ctx.ledger().root(), RunLease.DIR, ctx.runId());
    List<Long> beats = new ArrayList<>();
    System.setProperty("assay.run.heartbeat.seconds", "0.05");
    try {
      assertThat(JobRunner.run(ctx, c -> {
        try {
          beats.add(Files.getLastModifiedTime(lease).toMillis());
          for (int i = 0; i < 100 && beats.size() < 2; i++) {
            Thread.sleep(20);
            long t = Files.getLastModifiedTime(lease).toMillis();
            if (t > beats.get(0)) {
              beats.add(t);
            }
          }
          return JobResult.succeeded("waited for a heartbeat");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      })).isZero();
    } finally {
      System.clearProperty("assay.run.heartbeat.seconds");
    }
    assertThat(beats).hasSize(2);
    assertThat(lease).doesNotExist();
    Row row = ctx.ledger().runs().all().where(col("run_id").equalTo(ctx.runId()))
        .select("status", "pid", "boot_id", "pid_namespace", "process_start_ticks").first();
    assertThat(row.toString()).isEqualTo("[SUCCEEDED," + SELF.pid() + "," + SELF.bootId() + "," + SELF.pidNamespace()
        + "," + SELF.startTicks() + "]");
  }

  @Test
  void aRunOfAnotherHostClosedByRecoveryCannotFinishAsSucceededLater() throws Exception {
    Warehouse warehouse = new Warehouse(dir.toString());
    JobContext late = new JobContext(spark, warehouse, "ledger", "train", Map.of(), Map.of());
    Ledger ledger = late.ledger();
    String lateId = late.runId();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    int[] recovererExit = new int[1];
    String[] recovererId = new String[1];
    int exit;
    // No renewal while the test runs: the lease file deleted below stays deleted.
    System.setProperty("assay.run.heartbeat.seconds", "3600");
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = JobRunner.run(late, c -> {
        ledger.models().register(model("m", lateId, ledger));
        c.modelsWritten();
        // The run now looks like one of host "other" (another boot id) that started 25 h ago and whose lease
        // file is gone (no renewal for an hour): the next job closes it while it still works.
        spark.sql("UPDATE delta.`" + ledger.path(LedgerTableName.RUNS) + "` SET host = 'other', boot_id = 'b', "
            + "started_at = started_at - INTERVAL 25 HOURS WHERE run_id = '" + lateId + "'");
        RunLease.delete(spark, ledger.root(), lateId);
        JobContext next = new JobContext(spark, warehouse, "ledger", "ledger", Map.of(), Map.of());
        recovererId[0] = next.runId();
        recovererExit[0] = JobRunner.run(next, n -> JobResult.succeeded("nothing"));
        return JobResult.succeeded("trained");
      });
    } finally {
      System.setErr(stderr);
      System.clearProperty("assay.run.heartbeat.seconds");
    }
    assertThat(recovererExit[0]).isZero();
    assertThat(exit).isEqualTo(75);
    String message = "Cannot record train run " + lateId + " as SUCCEEDED: another job closed it as abandoned while "
        + "it ran (its lease was not renewed in time; see the run's error in runs); its results are rolled back, "
        + "retry the job";
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("assay train failed (exit 75): " + message + "\n");
    Row row = ledger.runs().all().where(col("run_id").equalTo(lateId)).select("status", "error").first();
    assertThat(row.getString(0)).isEqualTo("FAILED");
    assertThat(row.getString(1)).startsWith("abandoned: the train job's it started ").endsWith(" on other and has "
        + "not ended in 1440 min (assay.run.lease.minutes); run " + recovererId[0] + " removed its 1 model row(s) "
        + "and their metrics, its metric rows and 0 artifact dir(s); rerun the command");
    assertThat(ledger.models().list(null, null)).isEmpty();
  }

  @Test
  void theNextJobClosesADeadRunAndTakesBackItsRowsAndArtifacts() throws Exception {
    Warehouse warehouse = new Warehouse(dir.toString());
    Ledger ledger = new Ledger(spark, warehouse.resolve("ledger"), CommitTag.withoutRun("test"));
    long gone = gonePid();
    Timestamp started = Timestamp.from(Instant.now().minusSeconds(30));
    ledger.runs().start(run("dead", started, gone));
    ledger.runs().start(run("alive", started, SELF.pid()));
    ledger.runs().start(run("done", started, 1L));
    ledger.runs().finish(run("done", started, 1L, RunStatus.SUCCEEDED));

    ModelRecord half = ledger.models().register(model("m", "dead", ledger));
    ModelRecord live = ledger.models().register(model("m", "alive", ledger));
    ledger.metrics().save(List.of(metric(half, "roc_auc", "dead"), metric(live, "roc_auc", "alive"),
        metric(live, "brier", "dead")));
    // Another run evaluated the half-registered model: its rows go with the model.
    ledger.metrics().save(List.of(metric(half, "brier", "done")));
    Files.createDirectories(Path.of(ledger.artifactPath("m", "dead")));
    Files.createDirectories(Path.of(ledger.artifactPath("other", "dead")));
    Files.createDirectories(Path.of(ledger.artifactPath("m", "alive")));

    JobContext ctx = new JobContext(spark, warehouse, "ledger", "ledger", Map.of(), Map.of());
    assertThat(JobRunner.run(ctx, c -> JobResult.succeeded("nothing"))).isZero();

    Map<String, String> status = new TreeMap<>();
    for (Row r : ledger.runs().all().select("run_id", "status").collectAsList()) {
      status.put(r.getString(0), r.getString(1));
    }
    assertThat(status).containsEntry("dead", "FAILED").containsEntry("alive", "RUNNING")
        .containsEntry("done", "SUCCEEDED").containsEntry(ctx.runId(), "SUCCEEDED");
    String error = ledger.runs().all().where("run_id = 'dead'").select("error").first().getString(0);
    assertThat(error).isEqualTo("abandoned: the train job's process pid " + gone + " (boot "
        + SELF.bootId().substring(0, 8) + ", " + SELF.pidNamespace() + ") on " + JobRunner.host()
        + " is gone; run " + ctx.runId() + " removed its 1 model row(s) and their metrics, its metric rows and 2 "
        + "artifact dir(s); rerun the command");
    assertThat(ledger.models().list(null, null)).extracting(ModelRecord::runId).containsExactly("alive");
    assertThat(spark.read().format("delta").load(ledger.path(LedgerTableName.METRICS)).select("model_version", "metric",
        "run_id").orderBy("metric").collectAsList().toString())
        .isEqualTo("[[" + live.modelVersion() + ",roc_auc,alive]]");
    assertThat(Path.of(ledger.artifactPath("m", "dead"))).doesNotExist();
    assertThat(Path.of(ledger.artifactPath("other", "dead"))).doesNotExist();
    assertThat(Path.of(ledger.artifactPath("m", "alive"))).isDirectory();

    // Idempotent: a second job finds nothing more to do.
    JobContext again = new JobContext(spark, warehouse, "ledger", "ledger", Map.of(), Map.of());
    assertThat(RecoverAbandonedRuns.recover(again)).isZero();
  }

  static RunRecord run(String id, Timestamp started, long pid) {
    return run(id, started, pid, RunStatus.RUNNING);
  }

  static RunRecord run(String id, Timestamp started, long pid, RunStatus status) {
    return new RunRecord(id, null, "train", status, started, null, null, "c", false, "0.1", List.of(), "3.5.5",
        "3.4.0", "17", "local[2]", "cpu", null, null, Map.of(), USER, JobRunner.host(), null, pid, SELF.bootId(),
        SELF.pidNamespace(), pid == SELF.pid() ? SELF.startTicks() : 5L);
  }

  static ModelRecord model(String name, String runId, Ledger ledger) {
    return new ModelRecord(name, 0, runId, "key-" + runId, Algorithm.XGBOOST, Task.BINARY, ledger.artifactPath(name,
        runId), null,
        null, "hash-" + runId, Map.of(), List.of("x"), "y", "{}", List.of(), 10, 1, 1, ModelStage.CANDIDATE, "cpu",
        "c", "3.4.0", new Timestamp(0), null);
  }

  static MetricRow metric(ModelRecord m, String metric, String runId) {
    return new MetricRow(new MetricKey(m.modelName(), m.modelVersion(), "tid", 0, "1", null, null, metric),
        "holdout", "demo/eval", 0.5, null, null, "ok", 10, runId, "c", "cpu", new Timestamp(0));
  }
}
