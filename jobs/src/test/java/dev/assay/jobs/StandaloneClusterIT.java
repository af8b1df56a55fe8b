package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same jar on a real Spark standalone cluster (a Master and a Worker JVM on 127.0.0.1 from
 * {@code scripts/cluster}, executors launched by the Worker) through {@code scripts/submit}: train and
 * evaluate give the same model hash and bit-identical metric rows as the same jobs in local mode.
 */
@Tag("slow")
class StandaloneClusterIT {
  static final String SPEC = ScriptRun.ROOT.resolve("conf/specs/demo-xgb.yaml").toString();
  // Training evaluates on the holdout only; the separate evaluate job adds the "recent" version.
  static final String[] TRAIN = {"train", "--spec", SPEC, "--set", "model.params.num_round=5",
      "--set", "data.eval={holdout: {table: demo/eval, version: 0}}"};
  static final String[] EVALUATE = {"evaluate", "--model", "churn-xgb:1", "--eval", "recent=demo/eval@1"};

  @TempDir
  Path tmp;

  @Test
  void trainAndEvaluateOnTheClusterMatchLocalModeBitForBit() throws Exception {
    Path local = tmp.resolve("local");
    Path onCluster = tmp.resolve("cluster");
    sameDemoTables(local, onCluster, "2000", "800", TRAIN, EVALUATE);

    Path state = tmp.resolve("cluster-state");
    Map<String, String> env = Map.of("ASSAY_CLUSTER_DIR", state.toString(), "ASSAY_DRIVER_MEMORY", "1g");
    int port = ScriptRun.freePort();
    int webui = ScriptRun.freePort();
    String master = "spark://127.0.0.1:" + port;
    try {
      ScriptRun.Result up = ScriptRun.run(tmp, env, "cluster", "up", "--workers", "1", "--cores", "2",
          "--memory", "1g", "--port", String.valueOf(port), "--webui-port", String.valueOf(webui));
      assertThat(up.code()).as(up.err()).isZero();
      assertThat(up.out()).contains(master + " with 1 worker(s) x 2 cores x 1g ALIVE");
      ScriptRun.Result status = ScriptRun.run(tmp, env, "cluster", "status");
      assertThat(status.code()).as(status.out() + status.err()).isZero();
      assertThat(status.out()).contains("1 of 1 workers ALIVE at the master");

      submit(env, master, onCluster, TRAIN);
      submit(env, master, onCluster, EVALUATE);
      // The tasks ran in executors the Worker launched (one application directory per submit).
      try (Stream<Path> apps = Files.list(state.resolve("work"))) {
        assertThat(apps.filter(p -> p.getFileName().toString().startsWith("app-")).count()).isEqualTo(2);
      }

      // Executors no worker can host: exit 75 after the bounded wait, not a job waiting forever.
      List<String> shortWait = waitOptions(8, webui);
      ScriptRun.Result tooBig = submitting(env, master, onCluster,
          Stream.concat(shortWait.stream(), Stream.of("--conf", "spark.executor.cores=4")).toList(), EVALUATE);
      assertThat(tooBig.code()).as(tooBig.err()).isEqualTo(75);
      assertThat(tooBig.err()).contains("assay evaluate failed (exit 75): Cannot start the job on the Spark master "
          + master + ": after 8 s the cluster runs 0 executor(s) with 0 task slot(s) and 1 are needed; the job asks "
          + "for executors of 4 core(s) and 1g each (spark.executor.cores, spark.executor.memory), 1 core(s) per "
          + "task, and the master offers 1 ALIVE worker(s), the largest with 2 free core(s) and 1024 MB free "
          + "memory; ask for what the workers can host");
      // More training workers than the executors' slots: exit 75 too, and the run is FAILED, rolled back. The wait
      // covers the executor's start first (a JVM fetching the 124 MB jar: over 8 s on a loaded 2-core machine).
      String[] threeWorkers = Stream.concat(Stream.of(TRAIN), Stream.of("--set", "model.num_workers=3"))
          .toArray(String[]::new);
      ScriptRun.Result tooMany = submitting(env, master, onCluster, waitOptions(40, webui), threeWorkers);
      assertThat(tooMany.code()).as(tooMany.err()).isEqualTo(75);
      assertThat(tooMany.err()).contains("Cannot start training with model.num_workers=3 on the Spark master "
          + master + ": after 40 s the cluster runs 1 executor(s) with 2 task slot(s) and 3 are needed")
          .containsPattern("the largest with 0 free core\\(s\\) and 0 MB free memory; it has granted this job "
              + "\\(app-[0-9-]+\\) 2 core\\(s\\); ask for");
    } finally {
      ScriptRun.Result down = ScriptRun.run(tmp, env, "cluster", "down");
      assertThat(down.code()).as(down.err()).isZero();
    }
    ScriptRun.Result after = ScriptRun.run(tmp, env, "cluster", "status");
    assertThat(after.code()).isEqualTo(3);
    // A stopped master: exit 75 at once, naming the master, before any ledger access.
    ScriptRun.Result stopped = submitting(env, master, onCluster, List.of(), EVALUATE);
    assertThat(stopped.code()).as(stopped.err()).isEqualTo(75);
    assertThat(stopped.err()).contains("assay evaluate failed (exit 75): Cannot reach the Spark master " + master
        + ": ConnectException: Connection refused; start the cluster (scripts/cluster up) or pass the right --master, "
        + "then retry").doesNotContain("ledger");

    SparkSession spark = SparkTestBase.sharedSession();
    List<String> localMetrics = LedgerRows.metrics(spark, local.resolve("ledger").toString());
    assertThat(localMetrics).isNotEmpty()
        .anyMatch(l -> l.contains("|roc_auc|"))
        .anyMatch(l -> l.startsWith("churn-xgb|1|holdout|"))
        .anyMatch(l -> l.startsWith("churn-xgb|1|recent|"));
    assertThat(LedgerRows.metrics(spark, onCluster.resolve("ledger").toString())).isEqualTo(localMetrics);
    assertThat(LedgerRows.models(spark, onCluster.resolve("ledger").toString()))
        .isEqualTo(LedgerRows.models(spark, local.resolve("ledger").toString()));
    List<String> masters = spark.read().format("delta").load(onCluster.resolve("ledger/runs").toString())
        .select("master").distinct().as(Encoders.STRING()).collectAsList();
    assertThat(masters).containsExactly(master);
  }

  /** The bounded wait for executors, and where the master's JSON is (its web UI's port is not the default). */
  private static List<String> waitOptions(int seconds, int webui) {
    return List.of("--conf", "spark.assay.cluster.waitSeconds=" + seconds,
        "--conf", "spark.assay.cluster.masterUi=http://127.0.0.1:" + webui + "/json/");
  }

  private void submit(Map<String, String> env, String master, Path warehouse, String... command)
      throws IOException, InterruptedException {
    ScriptRun.Result r = submitting(env, master, warehouse, List.of(), command);
    assertThat(r.code()).as("scripts/submit %s:%n%s", String.join(" ", command), r.err()).isZero();
  }

  private ScriptRun.Result submitting(Map<String, String> env, String master, Path warehouse, List<String> options,
      String... command) throws IOException, InterruptedException {
    String[] args = Stream.of(Stream.of("--master", master), options.stream(),
        Stream.of("--", "--warehouse", warehouse.toString()), Stream.of(command))
        .flatMap(s -> s).toArray(String[]::new);
    return ScriptRun.run(tmp, env, "submit", args);
  }

  private static void assertOk(CliRun.Result r) {
    assertThat(r.code()).as(r.err()).isZero();
  }

  /**
   * Makes the demo tables in {@code reference} and copies them to {@code other}, so that both warehouses hold the
   * same Delta tables (same table ids, so the metric keys of the same jobs compare), then runs {@code jobs} in
   * {@code reference}: the undisturbed results the other warehouse's runs are compared with. Each must succeed.
   */
  static void sameDemoTables(Path reference, Path other, String trainRows, String evalRows, String[]... jobs)
      throws IOException {
    assertOk(CliRun.in(reference, "demo-data", "--train-rows", trainRows, "--eval-rows", evalRows));
    copyTree(reference.resolve("demo"), other.resolve("demo"));
    for (String[] job : jobs) {
      assertOk(CliRun.in(reference, job));
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
