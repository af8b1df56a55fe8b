package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The metrics table as a {@link MetricsRepository}: an insert-only MERGE on the metric key, so a
 * rerun or a retried task adds nothing, and concurrent writers of the same key cannot duplicate it.
 */
final class DeltaMetricsRepository extends LedgerTable implements MetricsRepository {
  private static final String[] KEY_COLUMNS = {
      "model_name", "model_version", "eval_table_id", "eval_version", "eval_filter", "metric_code_version",
      "slice_column", "slice_value", "metric"};

  DeltaMetricsRepository(Ledger ledger) {
    super(ledger, LedgerTableName.METRICS);
  }

  @Override
  public SaveResult save(List<MetricRow> rows) {
    if (rows.isEmpty()) {
      return new SaveResult(0, 0, List.of());
    }
    Map<MetricKey, MetricRow> stored = new HashMap<>();
    for (MetricRow r : storedFor(rows)) {
      stored.put(r.key(), r);
    }
    List<MetricRow> fresh = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    int unchanged = 0;
    for (MetricRow r : rows) {
      MetricRow old = stored.get(r.key());
      if (old == null) {
        fresh.add(r);
      } else if (old.sameValue(r)) {
        unchanged++;
      } else {
        violations.add(new Violation(old, r));
      }
    }
    // A violation fails the job: nothing of this batch is written, the stored values stay.
    if (!violations.isEmpty() || fresh.isEmpty()) {
      return new SaveResult(0, unchanged, violations);
    }
    return insertFresh(rows, fresh, unchanged);
  }

  /**
   * Inserts {@code fresh}, the rows of {@code rows} whose keys were absent when read, of which
   * {@code unchanged} others were stored with the same value. Package-private so a test can play the
   * race in which another writer stores some of these keys between that read and this MERGE.
   */
  SaveResult insertFresh(List<MetricRow> rows, List<MetricRow> fresh, int unchanged) {
    Dataset<Row> source = spark.createDataFrame(fresh.stream().map(Rows::metric).toList(), LedgerSchemas.METRICS);
    long inserted = insertMissing(source, keyCondition());
    if (inserted == fresh.size()) {
      // Every fresh key was still absent at the MERGE and now holds this batch's value.
      return new SaveResult(fresh.size(), unchanged, List.of());
    }
    // Another writer inserted some keys between our read and our MERGE: re-read, so a racing
    // different value is still reported and the counts are true.
    String runId = fresh.get(0).runId();
    Map<MetricKey, MetricRow> stored = new HashMap<>();
    for (MetricRow r : storedFor(rows)) {
      stored.put(r.key(), r);
    }
    List<Violation> violations = new ArrayList<>();
    int ours = 0;
    int same = 0;
    for (MetricRow r : rows) {
      MetricRow now = stored.get(r.key());
      if (now == null) {
        throw new IllegalStateException("Metric row vanished after MERGE: " + r.key());
      } else if (now.runId().equals(runId) && now.sameValue(r)) {
        ours++;
      } else if (now.sameValue(r)) {
        same++;
      } else {
        violations.add(new Violation(now, r));
      }
    }
    return new SaveResult(ours, same, violations);
  }

  private static Column keyCondition() {
    Column c = null;
    for (String k : KEY_COLUMNS) {
      Column eq = col("t." + k).eqNullSafe(col("s." + k));
      c = c == null ? eq : c.and(eq);
    }
    return c;
  }

  private List<MetricRow> storedFor(List<MetricRow> rows) {
    Column filter = null;
    for (String[] nv : rows.stream().map(r -> new String[] {r.key().modelName(), String.valueOf(r.key()
        .modelVersion())})
        .distinct().toList()) {
      Column one = col("model_name").equalTo(lit(nv[0])).and(col("model_version")
          .equalTo(lit(Integer.parseInt(nv[1]))));
      filter = filter == null ? one : filter.or(one);
    }
    Dataset<Row> keys = spark.createDataFrame(rows.stream().map(Rows::metric).toList(), LedgerSchemas.METRICS)
        .select(Arrays.stream(KEY_COLUMNS).map(k -> col(k)).toArray(Column[]::new));
    Dataset<Row> table = all().where(filter);
    Column join = null;
    for (String k : KEY_COLUMNS) {
      Column eq = table.col(k).eqNullSafe(keys.col(k));
      join = join == null ? eq : join.and(eq);
    }
    Column on = join;
    return query(() -> table.join(keys, on, "left_semi").collectAsList()).stream().map(Rows::metric).toList();
  }

  @Override
  public List<MetricRow> forModel(String modelName, int modelVersion) {
    return query(() -> all()
        .where(col("model_name").equalTo(lit(modelName)).and(col("model_version").equalTo(lit(modelVersion))))
        .collectAsList()).stream().map(Rows::metric).toList();
  }

  @Override
  public void deleteRun(String runId) {
    deleteWhere(col("run_id").equalTo(lit(runId)));
  }

  @Override
  public void deleteModel(String modelName, int modelVersion) {
    deleteWhere(col("model_name").equalTo(lit(modelName)).and(col("model_version").equalTo(lit(modelVersion))));
  }
}
