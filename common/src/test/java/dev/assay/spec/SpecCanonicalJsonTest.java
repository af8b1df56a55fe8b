package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecCanonicalJsonTest {
  static final String MINIMAL = """
      model:
        name: churn-xgb
        params:
          num_round: 60
          eta: 0.15
          subsample: 1.0
      features:
        numeric: [tenure_months, age]
        label: churned
      data:
        train: {table: demo/train, version: 0}
        eval:
          recent: {table: demo/eval, version: 1}
          holdout: {table: demo/eval, version: 0}
      """;

  /** The same spec: keys in another order, defaults written out, numbers spelled differently. */
  static final String REORDERED_WITH_DEFAULTS = """
      ledger:
        root: ledger
      metrics: {threshold: 0.50}
      data:
        eval:
          holdout: {version: 0, table: demo/eval}
          recent: {version: 1, table: demo/eval}
        train: {version: 0, table: demo/train}
      features:
        label: churned
        categorical: []
        numeric: [tenure_months, age]
      model:
        device: cpu
        num_workers: 1
        seed: 0
        params:
          subsample: 1
          eta: 0.150
          num_round: 60
        task: binary
        algorithm: xgboost
        name: churn-xgb
      """;

  static String canonical(String yaml, String... overrides) {
    return SpecLoader.canonicalJson(SpecLoader.parse(yaml, "x.yaml", List.of(overrides)));
  }

  @Test
  void canonicalFormIsSortedCompactAndNormalized() {
    assertThat(canonical(MINIMAL)).isEqualTo("{"
        + "\"data\":{\"eval\":{\"holdout\":{\"table\":\"demo/eval\",\"version\":0},"
        + "\"recent\":{\"table\":\"demo/eval\",\"version\":1}},"
        + "\"train\":{\"table\":\"demo/train\",\"version\":0}},"
        + "\"features\":{\"categorical\":[],\"label\":\"churned\",\"numeric\":[\"tenure_months\",\"age\"]},"
        + "\"ledger\":{\"root\":\"ledger\"},"
        + "\"metrics\":{\"threshold\":0.5},"
        + "\"model\":{\"algorithm\":\"xgboost\",\"device\":\"cpu\",\"name\":\"churn-xgb\",\"num_workers\":1,"
        + "\"params\":{\"eta\":0.15,\"num_round\":60,\"subsample\":1},\"seed\":0,\"task\":\"binary\"}"
        + "}");
  }

  @Test
  void keyOrderAndExplicitDefaultsDoNotChangeIt() {
    assertThat(canonical(REORDERED_WITH_DEFAULTS)).isEqualTo(canonical(MINIMAL));
    assertThat(canonical(MINIMAL, "model.seed=0", "metrics.threshold=0.5", "model.device=cpu"))
        .isEqualTo(canonical(MINIMAL));
  }

  @Test
  void anyRealChangeChangesIt() {
    String base = canonical(MINIMAL);
    assertThat(canonical(MINIMAL, "model.params.eta=0.2")).isNotEqualTo(base);
    assertThat(canonical(MINIMAL, "model.params.max_depth=4")).isNotEqualTo(base);
    assertThat(canonical(MINIMAL, "model.params.subsample=\"1\"")).isNotEqualTo(base);
    assertThat(canonical(MINIMAL, "model.seed=1")).isNotEqualTo(base);
    assertThat(canonical(MINIMAL, "data.eval.recent.version=2")).isNotEqualTo(base);
    assertThat(canonical(MINIMAL, "features.numeric=[age, tenure_months]")).isNotEqualTo(base);
    assertThat(canonical(MINIMAL, "metrics.threshold=0.4")).isNotEqualTo(base);
  }

  @Test
  void numbersAreWrittenByValue() {
    ModelSpec model = new ModelSpec("m", null, null, Map.of(
        "a", 1.0, "b", 1, "c", 1L, "d", 0.000001, "e", 1.0e20, "f", -0.0, "g", 12345678901234567L), 0, 1, null);
    JobSpec spec = new JobSpec(model, FeatureSpec.of(List.of("x"), null, "y", null, null),
        new DataSpec(TableRef.latest("t"), null), null, null);

    assertThat(SpecLoader.canonicalJson(spec)).contains(
        "\"params\":{\"a\":1,\"b\":1,\"c\":1,\"d\":0.000001,\"e\":100000000000000000000,"
            + "\"f\":0,\"g\":12345678901234567}");
  }

  @Test
  void stringsAreEscaped() {
    ModelSpec model = new ModelSpec("m", null, null, Map.of("s", "a\"b\\c\nd é"), 0, 1, null);
    JobSpec spec = new JobSpec(model, FeatureSpec.of(List.of("x"), null, "y", null, null),
        new DataSpec(TableRef.latest("t"), null), null, null);

    assertThat(SpecLoader.canonicalJson(spec)).contains("\"params\":{\"s\":\"a\\\"b\\\\c\\nd é\"}");
  }
}
