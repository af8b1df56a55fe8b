package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code monitor} section: what loads, what is refused with which key, and that run keys ignore it. */
public class MonitorSpecTest {
  static final String BASE = SpecLoaderTest.BASE;

  /**
   * Two {@code monitor.checks} entries, a drift and a latency check of churn:1: the series kinds that read no
   * metrics. Public for the monitor job's test (another package), which plants the drift and latencies they judge.
   */
  public static final String DRIFT_AND_LATENCY = """
          - name: psi
            series: {drift: demo/train}
            strategy: {type: bounds, upper: 0.2}
          - name: latency
            series: {latency: "churn:1"}
            strategy: {type: absolute_change, max_change: 5, direction: up}
      """;

  static final String CHECKS = """
      monitor:
        checks:
          - name: auc_by_eval_version
            series: {metric: roc_auc, champion: churn, table: demo/eval}
            strategy: {type: relative_change, max_rate: 0.05, direction: down}
          - name: auc_across_models
            series: {metric: roc_auc, model: churn, table: demo/eval, version: 2}
            strategy: {type: online_normal}
      """ + DRIFT_AND_LATENCY;

  static void refused(String checks, String message) {
    SpecLoaderTest.assertUsage(BASE + "monitor:\n  checks:\n" + checks, List.of(), message);
  }

  @Test
  void checksLoadWithTheirSeriesKindsAndStrategyDefaults() {
    MonitorSpec monitor = SpecLoaderTest.parse(BASE + CHECKS).monitor();
    assertThat(monitor.checks()).extracting(c -> c.series().kind()).containsExactly(
        SeriesSpec.Kind.METRIC_BY_EVAL_VERSION, SeriesSpec.Kind.METRIC_BY_MODEL_VERSION, SeriesSpec.Kind.DRIFT,
        SeriesSpec.Kind.LATENCY);
    AnomalyStrategy normal = monitor.checks().get(1).strategy();
    assertThat(normal.parameters()).containsEntry("k", "3.0").containsEntry("warmup", "5")
        .containsEntry("direction", "both");
    assertThat(monitor.checks().get(0).strategy().direction()).isEqualTo(AnomalyStrategy.Direction.DOWN);
  }

  @Test
  void theMonitorSectionIsNotPartOfTheCanonicalJsonThatRunKeysHash() {
    assertThat(SpecLoader.canonicalJson(SpecLoaderTest.parse(BASE + CHECKS)))
        .isEqualTo(SpecLoader.canonicalJson(SpecLoaderTest.parse(BASE)));
  }

  @Test
  void badChecksNameTheirKey() {
    refused("    - {name: a, series: {metric: roc_auc, table: t}, strategy: {type: bounds, lower: 0.8}}\n",
        "Spec x.yaml: key 'monitor.checks[0].series' must set exactly one of 'monitor.checks[0].series.model' and "
            + "'monitor.checks[0].series.champion' for a metric series");
    refused("    - {name: a, series: {metric: roc_auc, drift: t}, strategy: {type: bounds, lower: 0.8}}\n",
        "Spec x.yaml: key 'monitor.checks[0].series' names several series: set exactly one of "
            + "'monitor.checks[0].series.metric' (with 'monitor.checks[0].series.table'), "
            + "'monitor.checks[0].series.drift' or 'monitor.checks[0].series.latency'");
    refused("    - {name: a, series: {drift: t, table: u}, strategy: {type: bounds, lower: 0.8}}\n",
        "Spec x.yaml: key 'monitor.checks[0].series.table' is not a setting of a drift series (its settings: "
            + "feature)");
    refused("    - {name: a, series: {metric: auc, model: 'm:2', table: t, version: 1}, strategy: {type: bounds, "
        + "lower: 0}}\n", "Spec x.yaml: key 'monitor.checks[0].series.version' compares the versions of one model on "
        + "one evaluation version: set 'monitor.checks[0].series.model' to a model name without a version");
    refused("    - {name: a, series: {drift: t}, strategy: {type: zscore}}\n",
        "Spec x.yaml: key 'monitor.checks[0].strategy.type' must be one of absolute_change, relative_change, "
            + "bounds, online_normal, got \"zscore\"");
    refused("    - {name: a, series: {drift: t}, strategy: {type: bounds, upper: 1, k: 2}}\n",
        "Spec x.yaml: key 'monitor.checks[0].strategy.k' is not a setting of strategy bounds (its settings: lower, "
            + "upper)");
    refused("    - {name: a, series: {drift: t}, strategy: {type: bounds, upper: 1, direction: sideways}}\n",
        "Spec x.yaml: key 'monitor.checks[0].strategy.direction' must be one of up, down, both, got \"sideways\"");
    refused("    - {name: a, series: {drift: t}, strategy: {type: bounds, upper: 1}}\n"
        + "    - {name: a, series: {drift: u}, strategy: {type: bounds, upper: 1}}\n",
        "Spec x.yaml: key 'monitor.checks[1].name' repeats the check name \"a\": names key the alerts table, so each "
            + "must be unique");
    refused("    - {name: 'drop table', series: {drift: t}, strategy: {type: bounds, upper: 1}}\n",
        "Spec x.yaml: key 'monitor.checks[0].name' must start with a letter and hold only letters, digits, '_', '.' "
            + "and '-' (at most 128), got \"drop table\"");
    refused("    - {name: a, series: {drift: t}}\n", "Spec x.yaml: missing required key 'monitor.checks[0].strategy'");
  }
}
