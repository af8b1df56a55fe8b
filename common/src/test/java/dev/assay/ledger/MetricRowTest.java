package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import org.junit.jupiter.api.Test;

class MetricRowTest {
  static final String B200 = "poisson_bootstrap(samples=200,confidence=0.95,seed=7)";
  static final String B50 = "poisson_bootstrap(samples=50,confidence=0.95,seed=7)";

  static MetricRow row(double value, Double low, Double high, String ciMethod, String runId) {
    return new MetricRow(new MetricKey("m", 1, "tid", 3, "1", "plan", "basic", "roc_auc"), "holdout", "demo/eval",
        value, low, high, "ok", 100, runId, "abc", "cpu", new Timestamp(0), ciMethod);
  }

  @Test
  void intervalsAreComparedOnlyUnderTheSameBootstrapSettings() {
    MetricRow stored = row(0.8, 0.75, 0.85, B200, "r1");
    assertThat(stored.sameValue(row(0.8, 0.75, 0.85, B200, "r2"))).isTrue();
    // Same settings, other interval: not reproduced.
    assertThat(stored.sameValue(row(0.8, 0.75, 0.86, B200, "r2"))).isFalse();
    // Other settings (or none): the interval is another quantity; only the point value counts.
    assertThat(stored.sameValue(row(0.8, 0.7, 0.9, B50, "r2"))).isTrue();
    assertThat(stored.sameValue(row(0.8, null, null, null, "r2"))).isTrue();
    // The point value is always compared.
    assertThat(stored.sameValue(row(0.8000000000000002, 0.75, 0.85, B200, "r2"))).isFalse();
    assertThat(stored.sameValue(row(0.8000000000000002, null, null, null, "r2"))).isFalse();
  }
}
