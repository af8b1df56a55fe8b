package dev.assay.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spec.GateSpec;
import dev.assay.usecase.GateChecks.Check;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The gate's threshold logic without Spark. */
class GateChecksTest {
  static GateSpec gate(String metric, Double min, Double max, Double maxDrop, Double maxRelativeDrop) {
    return new GateSpec(metric, null, min, max, maxDrop, maxRelativeDrop, null);
  }

  @Test
  void absoluteThresholdsApplyToTheChallengerOnly() {
    List<Check> checks = GateChecks.compare(gate("roc_auc", 0.7, 0.99, null, null), "recent", "v1", false, null, 0.72);
    assertThat(checks).extracting(Check::threshold, Check::pass)
        .containsExactly(Tuple.tuple("roc_auc >= 0.7", true),
            Tuple.tuple("roc_auc <= 0.99", true));
    assertThat(GateChecks.compare(gate("roc_auc", 0.7, null, 0.01, 0.02), "recent", "v1", false, null, 0.69))
        .extracting(Check::pass).containsExactly(false);
  }

  @Test
  void dropsFollowTheMetricsDirection() {
    GateSpec auc = gate("roc_auc", null, null, 0.01, null);
    assertThat(GateChecks.compare(auc, "r", "v1", true, 0.80, 0.795).get(0).pass()).isTrue();
    assertThat(GateChecks.compare(auc, "r", "v1", true, 0.80, 0.785).get(0))
        .extracting(Check::threshold, Check::pass).containsExactly("drop <= 0.01 (is 0.015)", false);
    GateSpec rmse = gate("rmse", null, null, 0.1, null);
    assertThat(rmse.higherIsBetter()).isFalse();
    assertThat(GateChecks.compare(rmse, "r", "v1", true, 1.0, 1.05).get(0).pass()).isTrue();
    assertThat(GateChecks.compare(rmse, "r", "v1", true, 1.0, 1.2).get(0).pass()).isFalse();
    assertThat(GateChecks.compare(rmse, "r", "v1", true, 1.0, 0.5).get(0).pass()).isTrue();
  }

  @Test
  void relativeDropIsAFractionOfTheChampionsValue() {
    GateSpec logLoss = gate("log_loss", null, null, null, 0.02);
    assertThat(GateChecks.compare(logLoss, "r", "v1", true, 0.5, 0.509).get(0).pass()).isTrue();
    assertThat(GateChecks.compare(logLoss, "r", "v1", true, 0.5, 0.511).get(0))
        .extracting(Check::threshold, Check::pass).containsExactly("relative drop <= 0.02 (is 0.022)", false);
    assertThat(GateChecks.compare(logLoss, "r", "v1", true, 0.0, 0.0).get(0).pass()).isTrue();
    assertThat(GateChecks.compare(logLoss, "r", "v1", true, 0.0, 0.1).get(0).pass()).isFalse();
  }

  @Test
  void undefinedValuesFailAndNoThresholdPasses() {
    GateSpec auc = gate("roc_auc", 0.5, null, 0.01, null);
    assertThat(GateChecks.compare(auc, "r", "v1", true, 0.8, null)).extracting(Check::pass).containsExactly(false,
        false);
    assertThat(GateChecks.compare(auc, "r", "v1", true, null, 0.8)).extracting(Check::pass).containsExactly(true,
        false);
    assertThat(GateChecks.compare(gate("f1@0.5", null, null, null, null), "r", "v1", true, 0.5, 0.1))
        .extracting(Check::threshold, Check::pass).containsExactly(Tuple.tuple("(no threshold)", true));
  }

  @Test
  void latencyTableAndSummary() {
    GateSpec g = new GateSpec("roc_auc", null, null, null, null, null, 20.0);
    Check fast = GateChecks.latency(g, 30.0, 12.5);
    Check slow = GateChecks.latency(g, null, 25.0);
    assertThat(fast.pass()).isTrue();
    assertThat(slow.pass()).isFalse();
    assertThat(GateChecks.table(List.of(fast, slow))).containsExactly(
        "reference       version     champion   challenger  threshold     result",
        "latency p95 ms  benchmarks  30.000000  12.500000   p95 <= 20 ms  pass",
        "latency p95 ms  benchmarks  -          25.000000   p95 <= 20 ms  FAIL");
    assertThat(GateChecks.summary(List.of(fast, slow))).isEqualTo("1 of 2 gate check(s) failed: latency p95 ms "
        + "benchmarks: p95 <= 20 ms (champion -, challenger 25.000000)");
  }

  @Test
  void trainingRowsInTheSuiteFailTheGateForEitherModel() {
    GateSpec byDefault = gate("roc_auc", null, null, null, null);
    assertThat(byDefault.trainOverlapLimit()).isZero();
    // Nothing seen in training and no limit set: nothing to list.
    assertThat(GateChecks.overlap(byDefault, "holdout", "v0", 0.0, 0.0)).isEmpty();
    assertThat(GateChecks.overlap(byDefault, "holdout", "v0", null, null)).isEmpty();
    Check leaky = GateChecks.overlap(byDefault, "holdout", "v0", 0.0, 0.25).orElseThrow();
    assertThat(leaky).extracting(Check::threshold, Check::pass).containsExactly("train overlap share <= 0", false);
    // A champion measured on its own training rows makes the comparison unfair as well.
    assertThat(GateChecks.overlap(byDefault, "holdout", "v0", 0.5, 0.0).orElseThrow().pass()).isFalse();
    GateSpec allowed = new GateSpec("roc_auc", null, null, null, null, null, null, 0.01);
    assertThat(GateChecks.overlap(allowed, "holdout", "v0", null, 0.0).orElseThrow())
        .extracting(Check::threshold, Check::pass).containsExactly("train overlap share <= 0.01", true);
    assertThat(GateChecks.overlap(allowed, "holdout", "v0", null, 0.02).orElseThrow().pass()).isFalse();
    assertThat(GateChecks.summary(List.of(leaky))).isEqualTo("1 of 1 gate check(s) failed: holdout v0: train overlap "
        + "share <= 0 (champion 0.000000, challenger 0.250000); evaluation rows occur in the training data of a "
        + "compared model (leakage check): retrain without them, or evaluate on rows it has not seen, or allow a "
        + "share with gate.max_train_overlap");
  }
}
