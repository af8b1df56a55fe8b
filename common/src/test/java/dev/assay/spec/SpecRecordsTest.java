package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.ExitCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records check themselves when built in code, too; keys are then relative to the record. */
class SpecRecordsTest {
  @Test
  void recordsFillDefaults() {
    ModelSpec model = new ModelSpec("m", null, null, null, 0, 1, null);
    assertThat(model).isEqualTo(new ModelSpec("m", Algorithm.XGBOOST, Task.BINARY, Map.of(), 0, 1, "cpu"));

    JobSpec spec = new JobSpec(model, FeatureSpec.of(null, List.of("c"), "y", null, null),
        new DataSpec(TableRef.atVersion("t", 2), null), null, null);
    assertThat(spec.features().numeric()).isEmpty();
    assertThat(spec.data().eval()).isEmpty();
    assertThat(spec.metrics()).isEqualTo(new MetricsSpec(0.5));
    assertThat(spec.ledger()).isEqualTo(new LedgerSpec("ledger"));
    assertThat(new LedgerSpec(null)).isEqualTo(LedgerSpec.DEFAULT);
  }

  @Test
  void recordsRejectBadValuesWithRelativeKeys() {
    assertThatThrownBy(() -> FeatureSpec.of(List.of("a"), null, null, null, null))
        .isInstanceOf(SpecException.class)
        .hasMessage("Invalid spec: missing required key 'label'")
        .satisfies(e -> assertThat(((SpecException) e).exitCode()).isEqualTo(ExitCode.USAGE))
        .satisfies(e -> assertThat(((SpecException) e).key()).isEqualTo("label"));
    assertThatThrownBy(() -> new TableRef("t", 1L, "2026-11-01"))
        .hasMessage("Invalid spec: the spec sets both version and timestamp: use one of version or timestamp");
    assertThatThrownBy(() -> new ModelSpec("m", null, null, Map.of("eta", 0), 0, 0, null))
        .hasMessage("Invalid spec: key 'num_workers' must be at least 1, got 0");
    assertThatThrownBy(() -> new JobSpec(null, null, null, null, null))
        .hasMessage("Invalid spec: missing required key 'model'");
    assertThatThrownBy(() -> new MetricsSpec(Double.NaN))
        .hasMessage("Invalid spec: key 'threshold' must be between 0 and 1 (exclusive), got NaN");
  }

  @Test
  void paramsMustBeFiniteScalars() {
    assertThatThrownBy(() -> new ModelSpec("m", null, null, Map.of("x", Double.POSITIVE_INFINITY), 0, 1, null))
        .hasMessage("Invalid spec: key 'params.x' must be a finite number, got Infinity");
    assertThatThrownBy(() -> new ModelSpec("m", null, null, Map.of("x", List.of(1)), 0, 1, null))
        .hasMessage("Invalid spec: key 'params.x' must be a number, string or boolean, got [1]");
  }
}
