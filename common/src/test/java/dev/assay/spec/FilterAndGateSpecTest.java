package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation filter and the gate section of a spec, and canonical JSON staying stable without them. */
class FilterAndGateSpecTest {
  static final String BASE = """
      model: {name: m}
      features: {numeric: [a], label: y}
      data:
        eval:
          holdout: {table: t, version: 0}
      """;

  @Test
  void aFilterIsKeptAndEntersTheCanonicalJsonOnlyWhenSet() {
    JobSpec plain = SpecLoader.parse(BASE, "x.yaml", List.of());
    JobSpec north = SpecLoader.parse(BASE, "x.yaml", List.of("data.eval.holdout.filter=region = 'north'"));
    assertThat(plain.data().eval().get("holdout").filter()).isNull();
    assertThat(north.data().eval().get("holdout")).isEqualTo(new TableRef("t", 0L, null, "region = 'north'"));
    assertThat(SpecLoader.canonicalJson(plain)).contains("\"holdout\":{\"table\":\"t\",\"version\":0}")
        .doesNotContain("filter").doesNotContain("gate");
    assertThat(SpecLoader.canonicalJson(north))
        .contains("\"holdout\":{\"filter\":\"region = 'north'\",\"table\":\"t\",\"version\":0}");
    assertThatThrownBy(() -> SpecLoader.parse(BASE, "x.yaml", List.of("data.eval.holdout.filter=' '")))
        .hasMessage("Spec x.yaml: key 'data.eval.holdout.filter' must be a non-blank Spark SQL boolean expression "
            + "or be left out, got \" \"");
  }

  @Test
  void theGateSectionFillsTheDirectionFromTheMetric() {
    JobSpec spec = SpecLoader.parse(BASE + "gate: {metric: roc_auc, min: 0.7, max_drop: 0.01}\n", "x.yaml", List.of());
    assertThat(spec.gate()).isEqualTo(new GateSpec("roc_auc", true, 0.7, null, 0.01, null, null));
    assertThat(SpecLoader.parse(BASE + "gate: {metric: brier}\n", "x.yaml", List.of()).gate().higherIsBetter())
        .isFalse();
    assertThat(SpecLoader.parse(BASE + "gate: {metric: f1@0.5}\n", "x.yaml", List.of()).gate().higherIsBetter())
        .isTrue();
    assertThatThrownBy(() -> SpecLoader.parse(BASE + "gate: {metric: lift}\n", "x.yaml", List.of()))
        .hasMessageStartingWith("Spec x.yaml: key 'gate.higher_is_better' must be set for metric \"lift\"");
    assertThatThrownBy(() -> SpecLoader.parse(BASE + "gate: {metric: roc_auc, max_drop: -1}\n", "x.yaml", List.of()))
        .hasMessage("Spec x.yaml: key 'gate.max_drop' must be a finite number >= 0, got -1.0");
    assertThatThrownBy(() -> SpecLoader.parse(BASE + "gate: {metric: roc_auc, max_dorp: 1}\n", "x.yaml", List.of()))
        .hasMessageContaining("unknown key 'gate.max_dorp'");
    assertThat(SpecLoader.parse(BASE + "gate: {metric: roc_auc, max_train_overlap: 0.01}\n", "x.yaml", List.of())
        .gate().trainOverlapLimit()).isEqualTo(0.01);
    assertThatThrownBy(() -> SpecLoader.parse(BASE + "gate: {metric: roc_auc, max_train_overlap: 5}\n", "x.yaml",
        List.of())).hasMessage("Spec x.yaml: key 'gate.max_train_overlap' must be a share of evaluation rows from 0 "
            + "to 1, got 5.0");
  }
}
