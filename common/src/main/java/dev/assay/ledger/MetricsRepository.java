package dev.assay.ledger;

import java.util.List;

/**
 * Stores metric values by {@link MetricKey} (the Deequ repository idea): saving a value already
 * stored is a no-op, saving a different value for a stored key is a reproducibility violation.
 */
public interface MetricsRepository {

  /** What a save did: rows inserted, rows already present with identical values, and conflicts. */
  record SaveResult(int inserted, int unchanged, List<Violation> violations) {}

  /** A recomputed value that differs from the stored one; the stored one is kept. */
  record Violation(MetricRow stored, MetricRow recomputed) {
    public String describe() {
      MetricKey k = stored.key();
      return String.format("%s:%d %s on %s@v%d%s (metric code %s%s): stored %s, recomputed %s", k.modelName(),
          k.modelVersion(), k.metric(), stored.evalTable(), k.evalVersion(),
          k.evalFilter() == null ? "" : " where " + k.evalFilter(), k.metricCodeVersion(),
          k.sliceColumn() == null ? "" : ", slice " + k.sliceColumn() + "=" + k.sliceValue(),
          stored.value(), recomputed.value());
    }
  }

  /** Inserts rows whose keys are new; never overwrites a stored value. */
  SaveResult save(List<MetricRow> rows);

  /** Stored rows of one model version (all evaluation data versions and slices). */
  List<MetricRow> forModel(String modelName, int modelVersion);

  /** Removes rows written by a run that failed, so no partial result stays visible. */
  void deleteRun(String runId);

  /** Removes every row of one model version, whichever run wrote it (a model taken back after a crash). */
  void deleteModel(String modelName, int modelVersion);
}
