package dev.assay.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.drift.FeatureDrift;
import dev.assay.drift.TableDrift;
import dev.assay.errors.AssayException;
import dev.assay.ledger.DriftRecord;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retrain thresholds: every threshold set must be met; a feature's schema change counts as drift. */
class RetrainHoldBackTest {
  static final FeatureDrift AGE = new FeatureDrift("age", "numeric", 0.04, 11, 0L, 2L, null);
  static final FeatureDrift PLAN = new FeatureDrift("plan", "categorical", 0.12, 4, 0L, 0L, null);

  static RetrainOptions options(Long minNewRows, Double minDrift) {
    return new RetrainOptions(minNewRows, minDrift, false, false, 0);
  }

  @Test
  void noThresholdNeverHoldsBack() {
    assertThat(RetrainJob.holdBack(new TableDrift(100, 100, null, List.of(AGE)), options(null, null))).isEmpty();
  }

  @Test
  void eachThresholdSetMustBeMet() {
    TableDrift drift = new TableDrift(1000, 1500, null, List.of(AGE, PLAN));
    assertThat(RetrainJob.holdBack(drift, options(500L, 0.1))).isEmpty();
    assertThat(RetrainJob.holdBack(drift, options(501L, 0.1))).containsExactly("500 new row(s) < --min-new-rows 501");
    assertThat(RetrainJob.holdBack(drift, options(500L, 0.2)))
        .containsExactly("largest PSI 0.1200 (plan) < --min-drift 0.2");
    assertThat(RetrainJob.holdBack(drift, options(10_000L, 0.5))).containsExactly(
        "500 new row(s) < --min-new-rows 10000", "largest PSI 0.1200 (plan) < --min-drift 0.5");
  }

  @Test
  void aFeatureWhoseSchemaChangedMeetsTheDriftThreshold() {
    FeatureDrift retyped = new FeatureDrift("tenure", "numeric", 0.0, 11, 0L, 0L, "type int -> double");
    assertThat(RetrainJob.holdBack(new TableDrift(10, 10, "tenure type int -> double", List.of(AGE, retyped)),
        options(null, 0.5))).isEmpty();
    FeatureDrift notComparable = new FeatureDrift("code", "numeric", null, null, null, null, "not comparable");
    assertThat(RetrainJob.holdBack(new TableDrift(10, 10, null, List.of(notComparable)), options(null, 0.5)))
        .containsExactly("no feature PSI could be computed, --min-drift 0.5");
  }

  @Test
  void storedDriftIsUsedOnlyWhenItCoversEveryFeature() {
    Timestamp at = new Timestamp(0);
    List<DriftRecord> stored = List.of(
        new DriftRecord("t", "id", 1, 2, DriftRecord.TABLE, "table", null, null, 10, 12, null, null, null, "m", "r",
            "c", at),
        new DriftRecord("t", "id", 1, 2, "age", "numeric", 0.04, 11, 10, 12, 0L, 2L, null, "m", "r", "c", at));
    assertThat(RetrainJob.fromStored(stored, List.of("age"))).contains(new TableDrift(10, 12, null, List.of(AGE)));
    assertThat(RetrainJob.fromStored(stored, List.of("age", "plan"))).isEmpty();
    assertThat(RetrainJob.fromStored(stored.subList(1, 2), List.of("age"))).isEmpty();
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThatThrownBy(() -> new RetrainOptions(null, null, false, false, 4)).isInstanceOf(AssayException.class)
        .hasMessage("Option --skip-exit-code 4: must be 0 or an unused code in 7..255 other than 75 (0-6 and 75 "
            + "already mean something), e.g. 99");
    // 6 is monitor's "check failed": a skipped retrain must not look like an alert.
    assertThatThrownBy(() -> new RetrainOptions(null, null, false, false, 6)).isInstanceOf(AssayException.class);
    assertThatThrownBy(() -> new RetrainOptions(-1L, null, false, false, 0))
        .hasMessage("Option --min-new-rows -1: must be >= 0");
    assertThatThrownBy(() -> new RetrainOptions(null, -0.1, false, false, 0))
        .hasMessage("Option --min-drift -0.1: must be a PSI >= 0, e.g. 0.1");
    assertThat(new RetrainOptions(null, null, false, true, 99).gates()).isTrue();
  }
}
