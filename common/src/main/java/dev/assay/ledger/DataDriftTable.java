package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.assay.errors.Preconditions;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code data_drift} table: an insert-only MERGE on (table id, from version, to version,
 * feature), like the metrics table, so a rerun or a retried task adds nothing. Drift between two
 * fixed versions is a fact about the data: the first stored value of a key is kept.
 */
public final class DataDriftTable extends LedgerTable {
  DataDriftTable(Ledger ledger) {
    super(ledger, LedgerTableName.DATA_DRIFT);
  }

  /** What a save did: rows inserted by this call, and rows whose key was already stored. */
  public record SaveResult(int inserted, int present) {}

  /** Inserts the rows of ONE version pair whose keys are new; never overwrites a stored row. */
  public SaveResult save(List<DriftRecord> rows) {
    if (rows.isEmpty()) {
      return new SaveResult(0, 0);
    }
    DriftRecord head = rows.get(0);
    Preconditions.checkArgument(rows.stream().allMatch(r -> r.tableId().equals(head.tableId())
        && r.fromVersion() == head.fromVersion() && r.toVersion() == head.toVersion()),
        "Cannot save drift rows of several version pairs at once: save one pair per call");
    Dataset<Row> source = spark.createDataFrame(rows.stream().map(DataDriftTable::row).toList(),
        LedgerSchemas.DATA_DRIFT);
    commit(() -> {
      DeltaTable.forPath(spark, path).as("t")
          .merge(source.as("s"), col("t.table_id").equalTo(col("s.table_id"))
              .and(col("t.from_version").equalTo(col("s.from_version")))
              .and(col("t.to_version").equalTo(col("s.to_version")))
              .and(col("t.feature").equalTo(col("s.feature"))))
          .whenNotMatched().insertAll()
          .execute();
      return null;
    });
    DriftRecord first = rows.get(0);
    long ours = query(() -> pair(first.tableId(), first.fromVersion(), first.toVersion())
        .where(col("run_id").equalTo(lit(first.runId()))).count());
    return new SaveResult((int) ours, rows.size() - (int) ours);
  }

  /** Stored rows of one version pair of one table. */
  public Dataset<Row> pair(String tableId, long fromVersion, long toVersion) {
    return all().where(col("table_id").equalTo(lit(tableId)).and(col("from_version").equalTo(lit(fromVersion)))
        .and(col("to_version").equalTo(lit(toVersion))));
  }

  /** Stored rows of one version pair of one table, as records. */
  public List<DriftRecord> stored(String tableId, long fromVersion, long toVersion) {
    return query(() -> pair(tableId, fromVersion, toVersion).collectAsList()).stream().map(DataDriftTable::record)
        .toList();
  }

  /** Removes rows written by a run that failed, so no partial result stays visible. */
  public void deleteRun(String runId) {
    deleteWhere(col("run_id").equalTo(lit(runId)));
  }

  static DriftRecord record(Row r) {
    return new DriftRecord(r.getAs("table"), r.getAs("table_id"), r.<Long>getAs("from_version"),
        r.<Long>getAs("to_version"), r.getAs("feature"), r.getAs("kind"), r.getAs("psi"), r.getAs("bins"),
        r.<Long>getAs("from_rows"), r.<Long>getAs("to_rows"), r.getAs("from_missing"), r.getAs("to_missing"),
        r.getAs("schema_change"), r.getAs("method"), r.getAs("run_id"), r.getAs("code_version"),
            r.getAs("computed_at"));
  }

  static Row row(DriftRecord d) {
    return RowFactory.create(d.table(), d.tableId(), d.fromVersion(), d.toVersion(), d.feature(), d.kind(), d.psi(),
        d.bins(), d.fromRows(), d.toRows(), d.fromMissing(), d.toMissing(), d.schemaChange(), d.method(), d.runId(),
        d.codeVersion(), d.computedAt());
  }
}
