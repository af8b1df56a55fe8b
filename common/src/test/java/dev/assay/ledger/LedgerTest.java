package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.data.PinnedInputs;
import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Algorithm;
import dev.assay.spec.Task;
import dev.assay.version.DataVersion;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest extends SparkTestBase {
  @TempDir
  Path dir;

  Ledger ledger;

  @BeforeEach
  void open() {
    ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
  }

  static MetricRow row(String metric, double value, String runId) {
    return new MetricRow(new MetricKey("m", 1, "tid", 3, "1", null, null, metric), "holdout", "demo/eval", value,
        null, null, "ok", 100, runId, "abc", "cpu", new Timestamp(0));
  }

  @Test
  void rerunInsertsNothingAndADifferentValueIsAViolation() {
    MetricsRepository repo = ledger.metrics();
    var first = repo.save(List.of(row("roc_auc", 0.75, "r1"), row("log_loss", 0.5, "r1")));
    assertThat(first.inserted()).isEqualTo(2);
    var again = repo.save(List.of(row("roc_auc", 0.75, "r2"), row("log_loss", 0.5, "r2")));
    assertThat(again.inserted()).isZero();
    assertThat(again.unchanged()).isEqualTo(2);
    assertThat(again.violations()).isEmpty();

    var changed = repo.save(List.of(row("roc_auc", Math.nextUp(0.75), "r3"), row("brier", 0.1, "r3")));
    assertThat(changed.violations()).hasSize(1);
    assertThat(changed.violations().get(0).describe())
        .isEqualTo("m:1 roc_auc on demo/eval@v3 (metric code 1): stored 0.75, recomputed 0.7500000000000001");
    // Nothing of a violating batch is written: the stored value stays, the new key is not added.
    assertThat(repo.forModel("m", 1)).extracting(MetricRow::value).containsExactlyInAnyOrder(0.75, 0.5);
    assertThat(spark.read().format("delta").load(ledger.path(LedgerTableName.METRICS)).count()).isEqualTo(2);
  }

  @Test
  void keysStoredByAnotherWriterAfterOurReadAreCountedOrReportedNotDuplicated() {
    DeltaMetricsRepository repo = (DeltaMetricsRepository) ledger.metrics();
    // The other writer stores roc_auc and log_loss after our read found neither: our MERGE inserts only brier.
    repo.save(List.of(row("roc_auc", 0.75, "other"), row("log_loss", 0.5, "other")));
    List<MetricRow> ours = List.of(row("roc_auc", 0.75, "r1"), row("log_loss", 0.25, "r1"), row("brier", 0.1, "r1"));
    var result = repo.insertFresh(ours, ours, 0);
    assertThat(result.inserted()).isEqualTo(1);
    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.describe())
        .isEqualTo("m:1 log_loss on demo/eval@v3 (metric code 1): stored 0.5, recomputed 0.25"));
    assertThat(repo.forModel("m", 1)).extracting(r -> r.key().metric() + "=" + r.value() + " " + r.runId())
        .containsExactlyInAnyOrder("roc_auc=0.75 other", "log_loss=0.5 other", "brier=0.1 r1");
  }

  @Test
  void deleteRunRemovesOnlyThatRunsRows() {
    MetricsRepository repo = ledger.metrics();
    repo.save(List.of(row("roc_auc", 0.75, "r1")));
    repo.save(List.of(row("brier", 0.2, "r2")));
    repo.deleteRun("r2");
    assertThat(repo.forModel("m", 1)).extracting(r -> r.key().metric()).containsExactly("roc_auc");
  }

  @Test
  void modelVersionsCountUpPerName() {
    ModelsTable models = ledger.models();
    ModelRecord a = models.register(model("churn", "run-a"));
    ModelRecord b = models.register(model("churn", "run-b"));
    ModelRecord c = models.register(model("other", "run-c"));
    assertThat(List.of(a.modelVersion(), b.modelVersion(), c.modelVersion())).containsExactly(1, 2, 1);
    ModelRecord latest = models.get("churn", null);
    assertThat(latest.runId()).isEqualTo("run-b");
    assertThat(latest.trainData()).singleElement().satisfies(i -> {
      assertThat(i.version().tableId()).isEqualTo("tid");
      assertThat(i.version().version()).isEqualTo(4);
    });
    assertThat(models.byRunKey("key-run-a")).map(ModelRecord::modelVersion).contains(1);
    // A run that read the versions before run-b registered would try version 2 too: refused, not duplicated.
    assertThat(models.tryRegister(model("churn", "run-late").withVersion(2))).isFalse();
    assertThat(models.list("churn", null)).extracting(ModelRecord::runId).containsExactly("run-a", "run-b");
    assertThatThrownBy(() -> models.get("churn", 9))
        .hasMessage("Model 'churn' has no version 9 in the ledger: list versions with 'assay ledger models'")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA);
  }

  @Test
  void aPromotionFromStagesReadBeforeAnotherPromotionIsRefusedAndChangesNothing() {
    ModelsTable models = ledger.models();
    models.register(model("churn", "run-1"));
    ModelRecord second = models.register(model("churn", "run-2"));
    ModelRecord third = models.register(model("churn", "run-3"));
    List<ModelRecord> read = models.list("churn", null);
    // Another gate promotes version 2 between our read and our MERGE.
    models.promote(second, null);
    assertThatThrownBy(() -> models.promoteAsRead(third, null, read))
        .hasMessage("Cannot promote: the champion of 'churn' changed while the gate ran (was none, now churn:2); "
            + "rerun 'assay gate' against the new champion")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.TRANSIENT);
    assertThat(models.list("churn", null)).extracting(ModelRecord::stage)
        .containsExactly(ModelStage.CANDIDATE, ModelStage.CHAMPION, ModelStage.CANDIDATE);

    // A version registered and promoted after our read is not in the read at all: refused too.
    ModelRecord first = models.register(model("fresh", "run-f1"));
    List<ModelRecord> before = models.list("fresh", null);
    models.promote(models.register(model("fresh", "run-f2")), null);
    assertThatThrownBy(() -> models.promoteAsRead(first, null, before))
        .hasMessage("Cannot promote: the champion of 'fresh' changed while the gate ran (was none, now fresh:2); "
            + "rerun 'assay gate' against the new champion");
    assertThat(models.list("fresh", null)).extracting(ModelRecord::stage)
        .containsExactly(ModelStage.CANDIDATE, ModelStage.CHAMPION);

    // From a current read the same promotion archives the champion it replaces.
    models.promote(third, second);
    assertThat(models.list("churn", null)).extracting(ModelRecord::stage)
        .containsExactly(ModelStage.CANDIDATE, ModelStage.ARCHIVED, ModelStage.CHAMPION);
  }

  @Test
  void aSecondModelFromTheSameRunKeyIsRefusedAsTransient() {
    ModelsTable models = ledger.models();
    ModelRecord first = models.register(model("churn", "run-a"));
    // A second job trained from the same inputs at the same time (a scheduler's zombie and its retry).
    ModelRecord twin = model("churn", "run-b", first.runKey());
    assertThatThrownBy(() -> models.register(twin))
        .hasMessage("Cannot register the model: run run-a registered churn:1 from the same inputs (run key "
            + "key-run-a…) while this job trained; this job's results are rolled back, rerun it to reuse churn:1")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.TRANSIENT);
    assertThat(models.list("churn", null)).extracting(ModelRecord::runId).containsExactly("run-a");
  }

  @Test
  void aForeignTableAtTheLedgerLocationIsRefused() {
    spark.range(3).toDF("id").write().format("delta").save(ledger.path(LedgerTableName.RUNS));
    assertThatThrownBy(() -> ledger.runs())
        .hasMessageStartingWith("Ledger table '" + ledger.path(LedgerTableName.RUNS)
            + "' exists but is not an Assay ledger table (missing columns [run_id,")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.INPUT_DATA);
    assertThat(DeltaTable.forPath(spark, ledger.path(LedgerTableName.RUNS)).toDF().columns()).containsExactly("id");
  }

  static ModelRecord model(String name, String runId) {
    return model(name, runId, "key-" + runId);
  }

  static ModelRecord model(String name, String runId, String runKey) {
    PinnedInputs.Input train = new PinnedInputs.Input("train", "demo/train", new DataVersion("tid", 4, "demo/train",
        0));
    return new ModelRecord(name, 0, runId, runKey, Algorithm.XGBOOST, Task.BINARY, "/a/" + runId, "/a/b.json",
        "json",
        "hash", Map.of("eta", "0.1"), List.of("x"), "y", "{}", List.of(train), 10, 1, 1, ModelStage.CANDIDATE, "cpu",
        "abc", "3.4.0", new Timestamp(0), null);
  }
}
