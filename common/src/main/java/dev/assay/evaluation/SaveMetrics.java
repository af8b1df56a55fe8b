package dev.assay.evaluation;

import dev.assay.errors.ReproducibilityErrors;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.MetricsRepository;
import dev.assay.run.JobContext;
import java.util.List;
import java.util.stream.Collectors;

/** Saves metric rows and turns a recomputed value that differs from the stored one into exit 5. */
public final class SaveMetrics {
  private SaveMetrics() {}

  public static MetricsRepository.SaveResult save(JobContext ctx, List<MetricRow> rows) {
    ctx.metricsWritten();
    MetricsRepository.SaveResult result = ctx.ledger().metrics().save(rows);
    if (!result.violations().isEmpty()) {
      String detail = result.violations().stream().limit(5).map(MetricsRepository.Violation::describe)
          .collect(Collectors.joining("; "));
      throw ReproducibilityErrors.metricsDiffer(result.violations().size(), detail);
    }
    return result;
  }
}
