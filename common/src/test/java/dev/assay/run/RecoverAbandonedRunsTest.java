package dev.assay.run;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
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

  static RecoverAbandonedRuns.OpenRun open(String host, Long pid, Instant started) {
    return new RecoverAbandonedRuns.OpenRun("r", "train", Timestamp.from(started), host, pid);
  }

  @Test
  void aRunOnThisHostIsDeadWhenItsPidIsGoneOrReused() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long gone = p.pid();
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, gone, NOW), HOST, NOW))
        .hasValue("process " + gone + " on build-host is gone");

    long self = ProcessHandle.current().pid();
    Instant selfStart = ProcessHandle.current().info().startInstant().orElseThrow();
    // Our own pid, with the run started after this JVM: alive.
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, self, selfStart.plusSeconds(5)), HOST, NOW)).isEmpty();
    // Our own pid, with the run started an hour before this JVM: the pid was reused, the run is dead.
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, self, selfStart.minusSeconds(3600)), HOST, NOW))
        .hasValueSatisfying(why -> assertThat(why).startsWith("process " + self + " on build-host ended (the pid "
            + "now belongs to a process started "));
  }

  @Test
  void aRunOnAnotherHostIsDeadOnlyAfterTheLease() {
    assertThat(RecoverAbandonedRuns.abandoned(open("other", 1L, NOW.minusSeconds(3600)), HOST, NOW)).isEmpty();
    assertThat(RecoverAbandonedRuns.abandoned(open("other", 1L, NOW.minusSeconds(25 * 3600)), HOST, NOW))
        .hasValue("it started " + Timestamp.from(NOW.minusSeconds(25 * 3600)) + " on other and has not ended in "
            + "1440 min (assay.run.lease.minutes)");
    // A row written before runs had a pid: only the lease applies, even on this host.
    assertThat(RecoverAbandonedRuns.abandoned(open(HOST, null, NOW.minusSeconds(60)), HOST, NOW)).isEmpty();
  }

  @Test
  void theNextJobClosesADeadRunAndTakesBackItsRowsAndArtifacts() throws Exception {
    Warehouse warehouse = new Warehouse(dir.toString());
    Ledger ledger = new Ledger(spark, warehouse.resolve("ledger"), CommitTag.withoutRun("test"));
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Timestamp started = Timestamp.from(Instant.now().minusSeconds(30));
    ledger.runs().start(run("dead", started, p.pid()));
    // Started after this JVM did (a run cannot be older than its process).
    ledger.runs().start(run("alive", Timestamp.from(Instant.now()), ProcessHandle.current().pid()));
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
    assertThat(error).isEqualTo("abandoned: the train job's process " + p.pid() + " on " + JobRunner.host()
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
        "3.4.0", "17", "local[2]", "cpu", null, null, Map.of(), "u", JobRunner.host(), null, pid);
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
