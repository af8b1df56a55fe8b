package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers of the {@code models} table at once, as two gates or two trainings of separate drivers
 * would be: each thread has a session of its own ({@code newSession()}), so their commits run side by side
 * (a session's commits are serialised by {@link CommitTag}, not the JVM's). Each round starts both writers
 * at a barrier, one of them after a random pause so that every phase of one (read, MERGE, commit) meets
 * every phase of the other over the rounds. The old promotion (champion read outside the MERGE's snapshot,
 * only the two changed rows updated) left two champions in round 48 of 50 here: the race is narrow, which
 * is why it took a scheduler's retries to meet it; {@link LedgerTest} replays it deterministically.
 */
@Tag("slow")
class ConcurrentModelWritesTest extends SparkTestBase {
  private static final int PROMOTION_ROUNDS = 50;
  private static final int REGISTRATION_ROUNDS = 10;

  @TempDir
  Path dir;

  private final ExecutorService writers = Executors.newFixedThreadPool(2);
  private final Random pauses = new Random(17);
  private List<ModelsTable> models;

  @BeforeEach
  void open() {
    String root = dir.resolve("ledger").toString();
    new Ledger(spark, root, CommitTag.withoutRun("test")).models();
    models = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      SparkSession own = spark.newSession();
      models.add(new Ledger(own, root, new CommitTag("run-writer-" + w, "gate")).models());
    }
  }

  @AfterEach
  void close() {
    writers.shutdownNow();
  }

  @Test
  void twoGatesPromotingAtOnceLeaveExactlyOneChampion() throws Exception {
    ModelsTable reader = models.get(0);
    for (int v = 1; v <= 4; v++) {
      reader.register(LedgerTest.model("churn", "run-" + v));
    }
    List<ModelRecord> versions = reader.list("churn", null);
    for (int round = 0; round < PROMOTION_ROUNDS; round++) {
      ModelRecord champion = versions.stream().filter(m -> m.stage() == ModelStage.CHAMPION).findFirst().orElse(null);
      List<ModelRecord> challengers = versions.stream().filter(m -> m.stage() != ModelStage.CHAMPION).limit(2).toList();
      List<Outcome> outcomes = race(w -> {
        models.get(w).promote(challengers.get(w), champion);
        return null;
      });
      versions = reader.list("churn", null);
      List<ModelRecord> champions = versions.stream().filter(m -> m.stage() == ModelStage.CHAMPION).toList();
      assertThat(champions).as("champions after round %d", round).hasSize(1);
      int winner = champions.get(0).modelVersion() == challengers.get(0).modelVersion() ? 0 : 1;
      assertThat(champions.get(0).modelVersion()).isEqualTo(challengers.get(winner).modelVersion());
      assertThat(outcomes.get(winner).failure()).as("round %d", round).isNull();
      assertThat(outcomes.get(1 - winner).exitCode()).as("round %d: %s", round, outcomes.get(1 - winner).failure())
          .isEqualTo(ExitCode.TRANSIENT);
      assertThat(outcomes.get(1 - winner).failure().getMessage())
          .startsWith("Cannot promote: the champion of 'churn' changed while the gate ran");
      if (champion != null) {
        assertThat(versions.get(champion.modelVersion() - 1).stage()).isEqualTo(ModelStage.ARCHIVED);
      }
    }
  }

  @Test
  void twoTrainingsFromTheSameInputsAtOnceRegisterOneModel() throws Exception {
    ModelsTable reader = models.get(0);
    for (int round = 0; round < REGISTRATION_ROUNDS; round++) {
      String runKey = "key-round-" + round;
      int r = round;
      List<Outcome> outcomes = race(w -> models.get(w).register(LedgerTest.model("churn", "run-" + r + "-" + w,
          runKey)));
      List<ModelRecord> registered = reader.list("churn", null).stream()
          .filter(m -> m.runKey().equals(runKey)).toList();
      assertThat(registered).as("models of run key %s", runKey).hasSize(1);
      int winner = registered.get(0).runId().endsWith("-0") ? 0 : 1;
      assertThat(outcomes.get(winner).failure()).isNull();
      assertThat(outcomes.get(1 - winner).exitCode()).as("round %d: %s", round, outcomes.get(1 - winner).failure())
          .isEqualTo(ExitCode.TRANSIENT);
      assertThat(outcomes.get(1 - winner).failure().getMessage()).startsWith("Cannot register the model: run "
          + registered.get(0).runId() + " registered " + registered.get(0).ref() + " from the same inputs");
    }
  }

  /** What one writer's call ended with: nothing thrown, or the failure. */
  private record Outcome(Throwable failure) {
    ExitCode exitCode() {
      return failure instanceof AssayException a ? a.exitCode() : null;
    }
  }

  /** Runs {@code write} for writers 0 and 1 at once; one of them starts after a random pause up to 0.6 s. */
  private List<Outcome> race(Function<Integer, Object> write) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    int late = pauses.nextInt(2);
    long pauseMs = pauses.nextInt(600);
    List<Future<Outcome>> running = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int writer = w;
      running.add(writers.submit(() -> {
        start.await();
        if (writer == late) {
          Thread.sleep(pauseMs);
        }
        try {
          write.apply(writer);
          return new Outcome(null);
        } catch (RuntimeException e) {
          return new Outcome(e);
        }
      }));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : running) {
      outcomes.add(f.get());
    }
    return outcomes;
  }
}
