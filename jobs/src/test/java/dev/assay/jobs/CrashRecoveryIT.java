package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency: train, evaluate, score and reevaluate are each killed with SIGKILL at named
 * points ({@code ASSAY_TEST_PAUSE_AT}) in their own JVM: after the artifact is saved (artifact
 * without a model row), after the model is registered (model row without metrics), and after the
 * last ledger write but before the run is closed. After every kill all ledger tables must read; the
 * next job closes the dead run and takes back what it wrote; the rerun completes, and in the end
 * the ledger and the score table equal those of an undisturbed sequence bit for bit, with no
 * duplicate and no orphan artifact.
 */
@Tag("slow")
class CrashRecoveryIT {
  static final String SPEC = AssayCliTest.SPEC;
  static final String[] TRAIN = {"train", "--spec", SPEC, "--set", "model.params.num_round=5"};
  static final String[] EVALUATE = {"evaluate", "--model", "churn-xgb:1", "--eval", "later=demo/eval@1",
      "--eval", "odd=demo/eval@0"};
  static final String[] SCORE = {"score", "--model", "churn-xgb:1", "--input", "demo/eval@1", "--output", "scores"};
  static final String[] REEVALUATE = {"reevaluate", "--spec", SPEC, "--set",
      "data.eval.recent.filter=region = 'north'"};

  @TempDir
  Path tmp;

  @Test
  void killedJobsLeaveNothingHalfDoneAndRerunsGiveTheUndisturbedResultBitForBit() throws Exception {
    Path clean = tmp.resolve("clean");
    Path crashed = tmp.resolve("crashed");
    StandaloneClusterIT.sameDemoTables(clean, crashed, "1500", "600", TRAIN, EVALUATE, SCORE, REEVALUATE);

    List<String> kills = new ArrayList<>();
    // Train killed three times in a row; each next attempt first closes the previous dead run.
    for (String point : List.of("train.artifact-saved", "train.model-registered", "train.before-finish")) {
      kills.add(killAt(crashed, point, TRAIN));
      assertHalfDone(crashed, point);
    }
    rerun(crashed, TRAIN);
    assertThat(abandoned(crashed, "train")).isEqualTo(3);
    kills.add(killAt(crashed, "evaluate.before-finish", EVALUATE));
    rerun(crashed, EVALUATE);
    kills.add(killAt(crashed, "score.before-finish", SCORE));
    rerun(crashed, SCORE);
    kills.add(killAt(crashed, "reevaluate.before-finish", REEVALUATE));
    rerun(crashed, REEVALUATE);
    System.out.println("crash kill points: " + kills);

    SparkSession spark = SparkTestBase.sharedSession();
    String ledger = crashed.resolve("ledger").toString();
    assertThat(LedgerRows.models(spark, ledger)).isEqualTo(LedgerRows.models(spark, clean.resolve("ledger")
        .toString()));
    assertThat(LedgerRows.metrics(spark, ledger))
        .isEqualTo(LedgerRows.metrics(spark, clean.resolve("ledger").toString()))
        .doesNotHaveDuplicates();
    assertThat(scores(spark, crashed)).isEqualTo(scores(spark, clean)).doesNotHaveDuplicates();
    assertThat(spark.read().format("delta").load(ledger + "/runs").where("status = 'RUNNING'").count()).isZero();
    assertThat(abandoned(crashed, null)).isEqualTo(kills.size());
    // Exactly one artifact directory, the registered model's: the killed attempts' were taken back.
    String artifact = spark.read().format("delta").load(ledger + "/models").select("artifact_uri").first().getString(0);
    try (Stream<Path> dirs = Files.list(crashed.resolve("ledger/artifacts/churn-xgb"))) {
      assertThat(dirs.map(Path::toString).toList()).containsExactly(Path.of(artifact.replace("file:", "")).toString());
    }
  }

  /** Starts the job in its own JVM, waits for it to pause at {@code point}, kills it, checks the ledger reads. */
  private String killAt(Path warehouse, String point, String... job) throws Exception {
    ChildCli child = ChildCli.start(warehouse, tmp.resolve("logs"), Map.of("ASSAY_TEST_PAUSE_AT", point), job);
    child.awaitStderr("assay: paused at " + point, 15);
    child.kill();
    SparkSession spark = SparkTestBase.sharedSession();
    // Every ledger table the job had created reads (tables are created on first use).
    for (String table : List.of("runs", "models", "metrics")) {
      Path t = warehouse.resolve("ledger").resolve(table);
      if (Files.exists(t.resolve("_delta_log"))) {
        spark.read().format("delta").load(t.toString()).count();
      }
    }
    long open = spark.read().format("delta").load(warehouse.resolve("ledger/runs").toString())
        .where("status = 'RUNNING'").count();
    assertThat(open).as("the killed %s run is left RUNNING until the next job", point).isEqualTo(1);
    return point;
  }

  /** The kill left exactly the half-done state the point names (the previous attempt's was taken back). */
  private static void assertHalfDone(Path warehouse, String point) throws IOException {
    long artifacts;
    try (Stream<Path> dirs = Files.list(warehouse.resolve("ledger/artifacts/churn-xgb"))) {
      artifacts = dirs.count();
    }
    long models = count(warehouse, "models");
    long metrics = count(warehouse, "metrics");
    switch (point) {
      case "train.artifact-saved" -> assertThat(List.of(artifacts, models, metrics)).containsExactly(1L, 0L, 0L);
      case "train.model-registered" -> assertThat(List.of(artifacts, models, metrics)).containsExactly(1L, 1L, 0L);
      default -> {
        assertThat(List.of(artifacts, models)).containsExactly(1L, 1L);
        assertThat(metrics).isPositive();
      }
    }
  }

  private static long count(Path warehouse, String table) {
    Path t = warehouse.resolve("ledger").resolve(table);
    return Files.exists(t.resolve("_delta_log"))
        ? SparkTestBase.sharedSession().read().format("delta").load(t.toString()).count() : 0;
  }

  private static void rerun(Path warehouse, String... job) {
    CliRun.Result r = CliRun.in(warehouse, job);
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static long abandoned(Path warehouse, String command) {
    return SparkTestBase.sharedSession().read().format("delta").load(warehouse.resolve("ledger/runs").toString())
        .where("status = 'FAILED' and error like 'abandoned: %'" + (command == null ? "" : " and command = '"
            + command + "'")).count();
  }

  /** The score table without what differs between any two runs (run id and time). */
  private static List<String> scores(SparkSession spark, Path warehouse) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Row r : spark.read().format("delta").load(warehouse.resolve("scores").toString())
        .drop("run_id", "scored_at", "input_table_id").collectAsList()) {
      lines.add(r.toString());
    }
    lines.sort(null);
    return lines;
  }
}
