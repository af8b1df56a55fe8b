package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed faults on a real standalone cluster ({@code scripts/cluster}, one Worker of 2 cores): the
 * executor process (CoarseGrainedExecutorBackend) is killed with SIGKILL inside XGBoost's barrier training
 * stage and inside an evaluation. Each job either completes through Spark's retry (the Worker launches a
 * new executor, the lost tasks or the barrier stage run again), or fails with one clear line and leaves no
 * model or metric row, after which a rerun succeeds. Either way the cluster's models and metrics end up
 * bit-identical to an undisturbed local run. The outcomes are printed to stdout.
 */
@Tag("slow")
class ExecutorKillIT {
  static final String SPEC = ScriptRun.ROOT.resolve("conf/specs/demo-xgb.yaml").toString();
  static final int ROUNDS = 1000;
  /** How long to wait for the REST API inside a window whose lines already prove the stage runs. */
  private static final long REST_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
  static final ObjectMapper JSON = new ObjectMapper();
  /** One client for every poll: building one per request costs a selector thread on a machine busy training. */
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1).build();
  static final String[] TRAIN = {"train", "--spec", SPEC, "--set", "model.params.num_round=" + ROUNDS,
      "--set", "data.eval={holdout: {table: demo/eval, version: 0}}"};
  static final String[] EVALUATE = {"evaluate", "--model", "churn-xgb:1", "--eval", "recent=demo/eval@1"};

  @TempDir
  Path tmp;

  /**
   * Where to kill: after {@code driverMarker} and before {@code endMarker} in the driver's progress lines, while
   * the driver's REST API shows an active stage whose name or call site contains {@code stageMarker}.
   */
  /**
   * Where to kill: inside the window the driver's lines open and close, once the driver's REST API shows the stage.
   * {@code linesProveStage}: the lines inside the window come from the stage's own task (XGBoost's boosting rounds,
   * which the training task reports as it runs them), so after {@link #REST_GRACE_NANOS} in the window without the
   * stage in the REST API (the status store follows the listener bus, which a busy driver lets lag) the lines are
   * proof enough.
   */
  record KillPoint(String name, String driverMarker, String endMarker, String stageMarker, int numTasks,
      String insideWhat, boolean linesProveStage) {}

  @Test
  void executorKilledDuringTrainingAndEvaluation() throws Exception {
    long t0 = System.nanoTime();
    Path local = tmp.resolve("local");
    Path onCluster = tmp.resolve("cluster");
    StandaloneClusterIT.sameDemoTables(local, onCluster, "20000", "800", TRAIN, EVALUATE);

    Path state = tmp.resolve("cluster-state");
    Map<String, String> env = Map.of("ASSAY_CLUSTER_DIR", state.toString(), "ASSAY_DRIVER_MEMORY", "1g");
    int port = ScriptRun.freePort();
    String master = "spark://127.0.0.1:" + port;
    // XGBoost trains in a stage of num_workers (1) barrier tasks with XGBoost4J-Spark's call site; the driver
    // prints each boosting round ("[i]<TAB>train-logloss") as the executor runs it: kill after round 0 and before
    // the last round. The evaluation computes its metrics (stages with Assay's dev.assay.evaluation call sites)
    // between "loaded model" and "evaluated ...".
    KillPoint inTraining = new KillPoint("train", "]\ttrain-logloss", "[" + (ROUNDS - 1) + "]\t", "ml.dmlc.xgboost4j",
        1, "XGBoost's barrier training stage, between boosting rounds 0 and " + (ROUNDS - 1), true);
    KillPoint inEvaluation = new KillPoint("evaluate", "loaded model churn-xgb:1", "evaluated churn-xgb:1 on",
        "dev.assay.evaluation.", 0, "a metric computation stage of the evaluation", false);
    List<String> outcomes = new ArrayList<>();
    try {
      ScriptRun.Result up = ScriptRun.run(tmp, env, "cluster", "up", "--workers", "1", "--cores", "2",
          "--memory", "1g", "--port", String.valueOf(port), "--webui-port", String.valueOf(ScriptRun.freePort()));
      assertThat(up.code()).as(up.err()).isZero();
      for (Object[] job : List.of(new Object[] {inTraining, TRAIN}, new Object[] {inEvaluation, EVALUATE})) {
        KillPoint kill = (KillPoint) job[0];
        String[] command = (String[]) job[1];
        List<String> modelsBefore = rowsOrEmpty(onCluster, "models");
        List<String> metricsBefore = rowsOrEmpty(onCluster, "metrics");
        String outcome = runKillingExecutor(env, state, master, onCluster, kill, command);
        if (!outcome.startsWith("completed")) {
          // A failed job leaves no model or metric row of its own; then a rerun on the cluster succeeds.
          assertThat(rowsOrEmpty(onCluster, "models")).as("models after the failed %s", kill.name())
              .isEqualTo(modelsBefore);
          assertThat(rowsOrEmpty(onCluster, "metrics")).as("metrics after the failed %s", kill.name())
              .isEqualTo(metricsBefore);
          ScriptRun.Result rerun = submit(env, master, onCluster, command);
          assertThat(rerun.code()).as("rerun of %s:%n%s", kill.name(), rerun.err()).isZero();
          outcome += "; no partial rows; rerun succeeded";
        }
        outcomes.add(kill.name() + ": " + outcome);
        System.out.println("executor kill in " + kill.name() + ": " + outcome);
      }
    } finally {
      ScriptRun.Result down = ScriptRun.run(tmp, env, "cluster", "down");
      assertThat(down.code()).as(down.err()).isZero();
      assertThat(leftOver(state)).as("processes of this cluster left after 'cluster down'").isEmpty();
    }

    SparkSession spark = SparkTestBase.sharedSession();
    List<String> localModels = LedgerRows.models(spark, local.resolve("ledger").toString());
    List<String> localMetrics = LedgerRows.metrics(spark, local.resolve("ledger").toString());
    assertThat(localMetrics).anyMatch(l -> l.startsWith("churn-xgb|1|holdout|"))
        .anyMatch(l -> l.startsWith("churn-xgb|1|recent|"));
    assertThat(LedgerRows.models(spark, onCluster.resolve("ledger").toString())).isEqualTo(localModels);
    assertThat(LedgerRows.metrics(spark, onCluster.resolve("ledger").toString())).isEqualTo(localMetrics);
    System.out.printf("executor kills: %d kill points; %s; cluster models (%d) and metrics (%d rows) bit-identical to "
        + "the undisturbed local run; %.0f s%n", outcomes.size(), String.join("; ", outcomes), localModels.size(),
        localMetrics.size(), (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Runs a job on the cluster and SIGKILLs its executor at the kill point; returns "completed ..." (exit 0
   * through Spark's retry) or "failed cleanly ..." with the job's one failure line.
   */
  private String runKillingExecutor(Map<String, String> env, Path state, String master, Path warehouse,
      KillPoint kill, String... command) throws Exception {
    Path err = Files.createTempFile(tmp, "submit-" + kill.name() + "-", ".err");
    int uiPort = ScriptRun.freePort();
    List<String> cmd = submitCommand(master, warehouse, command);
    cmd.addAll(1, List.of("--conf", "spark.ui.port=" + uiPort));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ScriptRun.ROOT.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("SPARK_HOME");
    pb.environment().putAll(env);
    Set<Path> before = appDirs(state);
    long started = System.nanoTime();
    Process job = pb.start();
    try {
      String killedAt = null;
      Set<String> seen = new LinkedHashSet<>();
      int polls = 0;
      long windowOpened = 0;
      long lastWarmUp = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
      while (job.isAlive() && killedAt == null && System.nanoTime() < deadline) {
        String driver = Files.readString(err, StandardCharsets.UTF_8);
        boolean inWindow = driver.contains(kill.driverMarker()) && !driver.contains(kill.endMarker());
        if (!inWindow && System.nanoTime() - lastWarmUp > TimeUnit.SECONDS.toNanos(1)) {
          // The driver's first REST answer takes seconds (Jetty and JIT start cold) on a machine busy with the
          // job: ask once a second before the window opens, so polls inside it answer in milliseconds.
          activeStages(uiPort);
          lastWarmUp = System.nanoTime();
        }
        if (inWindow) {
          windowOpened = windowOpened == 0 ? System.nanoTime() : windowOpened;
          List<String> active = activeStages(uiPort);
          polls++;
          active.forEach(st -> seen.add(st.lines().findFirst().orElse("")));
          Optional<String> stage = active.stream().filter(st -> st.contains(kill.stageMarker()))
              .filter(st -> kill.numTasks() == 0 || st.contains("(" + kill.numTasks() + " tasks)")).findFirst();
          Optional<ProcessHandle> executor = executorOf(state);
          boolean proven = stage.isPresent() || kill.linesProveStage()
              && System.nanoTime() - windowOpened > REST_GRACE_NANOS;
          if (proven && executor.isPresent()) {
            executor.get().destroyForcibly();
            executor.get().onExit().get(30, TimeUnit.SECONDS);
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).as("the kill landed before '%s'",
                kill.endMarker())
                .doesNotContain(kill.endMarker());
            long rounds = driver.lines().filter(l -> l.contains("]\ttrain-logloss")).count();
            killedAt = String.format("executor pid %d SIGKILLed %.0f s after submit, inside %s (%s%s; poll %d, "
                + "%.1f s into the window)", executor.get().pid(), (System.nanoTime() - started) / 1e9,
                kill.insideWhat(), stage.map(st -> st.lines().findFirst().orElse(""))
                    .orElse("shown by the driver's lines; not yet in its REST API"),
                rounds > 0 ? ", " + rounds + " rounds printed" : "", polls, (System.nanoTime() - windowOpened) / 1e9);
          }
        }
        Thread.sleep(50);
      }
      System.out.println("active stages seen in " + kill.name() + " up to the kill: " + seen);
      if (killedAt == null) {
        List<String> tail = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(killedAt).as("an executor was killed while '%s' ran; %d polls inside the kill window; active "
            + "stages seen: %s; job alive: %s; the driver's last lines:%n%s", kill.name(), polls, seen, job.isAlive(),
            String.join("\n", tail.subList(Math.max(0, tail.size() - 25), tail.size()))).isNotNull();
      }
      assertThat(job.waitFor(20, TimeUnit.MINUTES)).as("'%s' finished after the kill", kill.name()).isTrue();
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      long executors = appDirs(state).stream().filter(a -> !before.contains(a)).findFirst()
          .map(ExecutorKillIT::executorDirs).orElse(0L);
      String took = String.format("%.0f s, %d executors launched", (System.nanoTime() - started) / 1e9, executors);
      if (job.exitValue() == 0) {
        return "completed via Spark's retry (" + killedAt + "; " + took + ")";
      }
      List<String> failures = stderr.lines().filter(l -> l.startsWith("assay " + command[0] + " failed (exit"))
          .toList();
      assertThat(failures).as("one clear failure line:%n%s", stderr).hasSize(1);
      return "failed cleanly (" + killedAt + "; " + took + "): " + failures.get(0);
    } finally {
      if (job.isAlive()) {
        job.descendants().forEach(ProcessHandle::destroyForcibly);
        job.destroyForcibly();
      }
    }
  }

  /**
   * The driver's active stages ("stage N attempt A: name" then the call site), from its REST API; one line
   * naming the error when the API does not answer.
   */
  private static List<String> activeStages(int uiPort) {
    try {
      HttpClient http = HTTP;
      String base = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
      JsonNode apps = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString()).body());
      List<String> stages = new ArrayList<>();
      for (JsonNode app : apps) {
        JsonNode active = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/"
            + app.get("id").asText() + "/stages?status=active")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode st : active) {
          if (st.path("numActiveTasks").asInt() > 0) {
            stages.add("stage " + st.path("stageId").asInt() + " attempt " + st.path("attemptId").asInt() + ": "
                + st.path("name").asText() + " (" + st.path("numTasks").asInt() + " tasks)\n"
                + st.path("details").asText());
          }
        }
      }
      return stages;
    } catch (IOException | RuntimeException e) {
      // Kept in the stages seen, so a failed search says whether the driver's UI answered at all.
      return List.of("REST API on port " + uiPort + " not answering: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private static List<String> rowsOrEmpty(Path warehouse, String table) {
    Path t = warehouse.resolve("ledger").resolve(table);
    if (!Files.exists(t.resolve("_delta_log"))) {
      return List.of();
    }
    SparkSession spark = SparkTestBase.sharedSession();
    return table.equals("models") ? LedgerRows.models(spark, warehouse.resolve("ledger").toString())
        : LedgerRows.metrics(spark, warehouse.resolve("ledger").toString());
  }

  private static Set<Path> appDirs(Path state) throws IOException {
    Path work = state.resolve("work");
    if (!Files.isDirectory(work)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(work)) {
      return s.filter(p -> p.getFileName().toString().startsWith("app-")).collect(Collectors.toSet());
    }
  }

  private static long executorDirs(Path app) {
    try (Stream<Path> s = Files.list(app)) {
      return s.filter(Files::isDirectory).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static Optional<ProcessHandle> executorOf(Path state) {
    return ofCluster(state).filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .findFirst();
  }

  /** Live processes started from this cluster's state directory (master, workers, executors). */
  private static Stream<ProcessHandle> ofCluster(Path state) {
    String dir = state.toString();
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false));
  }

  private static List<String> leftOver(Path state) throws InterruptedException {
    for (int i = 0; i < 50 && ofCluster(state).findAny().isPresent(); i++) {
      Thread.sleep(200);
    }
    return ofCluster(state).map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
  }

  private static List<String> submitCommand(String master, Path warehouse, String... command) {
    List<String> cmd = new ArrayList<>(List.of(ScriptRun.ROOT.resolve("scripts/submit").toString(), "--master", master,
        "--", "--warehouse", warehouse.toString()));
    cmd.addAll(List.of(command));
    return cmd;
  }

  private ScriptRun.Result submit(Map<String, String> env, String master, Path warehouse, String... command)
      throws IOException, InterruptedException {
    List<String> args = submitCommand(master, warehouse, command);
    return ScriptRun.run(tmp, env, "submit", args.subList(1, args.size()).toArray(String[]::new));
  }
}
