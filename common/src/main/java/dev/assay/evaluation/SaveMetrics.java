package dev.assay.evaluation;

import dev.assay.run.JobContext;
import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.ledger.MetricRow;
import dev.assay.ledger.MetricsRepository;
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
      throw new AssayException(ExitCode.REPRODUCIBILITY, String.format(
          "Reproducibility violation: %d recomputed metric value(s) differ from the stored ones, which are kept: "
              + "%s — the model, the evaluation data or the metric code changed without a version change; run "
              + "'assay verify' to investigate", result.violations().size(), detail));
    }
    return result;
  }
}
