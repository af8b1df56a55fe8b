package dev.assay.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.metrics.BinaryMetrics;
import dev.assay.metrics.MetricResult;
import dev.assay.metrics.MetricValue;
import dev.assay.metrics.ScoreBin;
import dev.assay.spec.Task;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The per-task group streaming, on plain rows: no Spark session needed. */
class GroupPassTest {
  static final GroupedMetrics.Settings SETTINGS =
      new GroupedMetrics.Settings(Task.BINARY, 0.5, 0, true, List.of("plan"), 3, 0, 0.95, 7);

  static Row row(int group, String value, double label, double score) {
    return RowFactory.create(group, value, label, score, 0L);
  }

  @Test
  void aSliceBelowTheMinimumIsTooSmallForEveryMetricButTheWholeDatasetNeverIs() {
    // Sorted as GroupedMetrics sorts: by group, value, descending score.
    List<Row> rows = List.of(
        row(-1, null, 1, 0.9), row(-1, null, 0, 0.2),
        row(0, "a", 1, 0.9), row(0, "a", 0, 0.9), row(0, "a", 0, 0.1),
        row(0, "b", 1, 0.8), row(0, "b", 0, 0.3));
    List<MetricResult> out = new GroupPass(SETTINGS, rows.iterator()).run();

    List<MetricResult> overall = out.stream().filter(MetricResult::isOverall).toList();
    assertThat(overall).hasSize(BinaryMetrics.NAMES.size()).allMatch(r -> r.nRows() == 2);
    assertThat(overall.get(0).value()).isEqualTo(MetricValue.ok("roc_auc", 1.0));

    // Slice a has exactly min_slice_rows = 3 rows: computed, the same as BinaryMetrics on its bins.
    List<MetricValue> a = out.stream().filter(r -> "a".equals(r.sliceValue())).map(MetricResult::value).toList();
    assertThat(a).isEqualTo(BinaryMetrics.compute(1, 2,
        List.of(new ScoreBin(0.9, 1, 1), new ScoreBin(0.1, 0, 1)).iterator(), 0.5));

    // Slice b has 2 rows: every metric too_small, no value, n_rows its size.
    List<MetricResult> b = out.stream().filter(r -> "b".equals(r.sliceValue())).toList();
    assertThat(b).hasSize(BinaryMetrics.NAMES.size()).allSatisfy(r -> {
      assertThat(r.value().status()).isEqualTo(MetricValue.TOO_SMALL);
      assertThat(r.value().value()).isNull();
      assertThat(r.nRows()).isEqualTo(2);
      assertThat(r.sliceColumn()).isEqualTo("plan");
      assertThat(r.ciLow()).isNull();
    });
    assertThat(b).extracting(r -> r.value().metric()).containsExactlyElementsOf(BinaryMetrics.NAMES);
  }
}
