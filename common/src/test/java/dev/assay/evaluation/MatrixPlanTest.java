package dev.assay.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.evaluation.MatrixPlan.CellKey;
import dev.assay.evaluation.MatrixPlan.DataKey;
import dev.assay.evaluation.MatrixPlan.SuiteRef;
import dev.assay.ledger.ModelId;
import dev.assay.version.DataVersion;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reevaluate plan without Spark: which cells of models × suite × metric code are missing. */
class MatrixPlanTest {
  static final ModelId A1 = new ModelId("a", 1);
  static final ModelId A2 = new ModelId("a", 2);
  static final ModelId B1 = new ModelId("b", 1);
  static final DataVersion V0 = new DataVersion("tid", 0, "demo/eval", 0L);
  static final DataVersion V1 = new DataVersion("tid", 1, "demo/eval", 0L);
  static final SuiteRef HOLDOUT = new SuiteRef("holdout", "demo/eval", V0, null);
  static final SuiteRef RECENT = new SuiteRef("recent", "demo/eval", V1, null);
  static final SuiteRef NORTH = new SuiteRef("north", "demo/eval", V1, "region = 'north'");

  static CellKey stored(ModelId m, DataVersion v, String filter, String code) {
    return new CellKey(m, new DataKey(v.tableId(), v.version()), filter, code);
  }

  @Test
  void onlyCellsWithoutStoredRowsAreMissing() {
    MatrixPlan plan = MatrixPlan.of(List.of(A1, A2, B1), List.of(HOLDOUT, RECENT), "1",
        Set.of(stored(A1, V0, null, "1"), stored(A1, V1, null, "1"), stored(A2, V0, null, "1"),
            stored(B1, V0, null, "1")));
    assertThat(plan.cells()).hasSize(6);
    assertThat(plan.lines()).containsExactly(
        "missing  a:2  on recent = demo/eval v1  (metric code 1)",
        "missing  b:1  on recent = demo/eval v1  (metric code 1)",
        "2 cells missing of 6");
  }

  @Test
  void anotherMetricCodeVersionOrFilterIsAnotherCell() {
    Set<CellKey> stored = Set.of(stored(A1, V0, null, "1"), stored(A1, V1, null, "1"));
    assertThat(MatrixPlan.of(List.of(A1), List.of(HOLDOUT, RECENT), "2", stored).summary())
        .isEqualTo("2 cells missing of 2");
    MatrixPlan filtered = MatrixPlan.of(List.of(A1), List.of(HOLDOUT, RECENT, NORTH), "1", stored);
    assertThat(filtered.lines()).containsExactly(
        "missing  a:1  on north = demo/eval v1 where region = 'north'  (metric code 1)", "1 cells missing of 3");
  }

  @Test
  void referencesToTheSameDataAndFilterAreOneCellAndDataIsGroupedForOneRead() {
    SuiteRef latest = new SuiteRef("latest", "demo/eval", V1, null);
    MatrixPlan plan = MatrixPlan.of(List.of(A1, B1), List.of(HOLDOUT, RECENT, latest, NORTH), "1", Set.of());
    assertThat(plan.summary()).isEqualTo("6 cells missing of 6");
    assertThat(plan.missing()).extracting(c -> c.ref().evalName())
        .containsExactly("holdout", "recent", "north", "holdout", "recent", "north");
    var groups = plan.missingByData();
    assertThat(groups.keySet()).containsExactly(new DataKey("tid", 0), new DataKey("tid", 1));
    assertThat(groups.get(new DataKey("tid", 1))).hasSize(4);
  }

  @Test
  void noModelsOrAllStoredMeansNothingMissing() {
    assertThat(MatrixPlan.of(List.of(), List.of(HOLDOUT), "1", Set.of()).lines())
        .containsExactly("0 cells missing of 0");
    assertThat(MatrixPlan.of(List.of(A1), List.of(HOLDOUT), "1", Set.of(stored(A1, V0, null, "1"))).missing())
        .isEmpty();
  }
}
