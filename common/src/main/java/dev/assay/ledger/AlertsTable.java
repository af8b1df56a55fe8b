package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code alerts} table: an insert-only MERGE on (check_name, check_hash, series, point), like
 * the metrics table, so rerunning {@code monitor} over the same ledger adds nothing and the first
 * stored verdict of a point is kept (it names the points it was judged against).
 */
public final class AlertsTable extends LedgerTable {
  AlertsTable(Ledger ledger) {
    super(ledger, LedgerTableName.ALERTS);
  }

  /** What a save did: rows inserted, and rows whose key was already stored. */
  public record SaveResult(long inserted, long present) {}

  /** Inserts the rows whose keys are new, in one commit; never overwrites a stored row. */
  public SaveResult save(List<AlertRecord> rows) {
    if (rows.isEmpty()) {
      return new SaveResult(0, 0);
    }
    Dataset<Row> source = spark.createDataFrame(rows.stream().map(AlertsTable::row).toList(), LedgerSchemas.ALERTS);
    long inserted = insertMissing(source, col("t.check_name").equalTo(col("s.check_name"))
        .and(col("t.check_hash").equalTo(col("s.check_hash")))
        .and(col("t.series").equalTo(col("s.series")))
        .and(col("t.point").equalTo(col("s.point"))));
    return new SaveResult(inserted, rows.size() - inserted);
  }

  /** Stored rows of one check, as of the latest commit. */
  public Dataset<Row> check(String checkName) {
    return all().where(col("check_name").equalTo(lit(checkName)));
  }

  /** Removes rows written by a run that failed, so no partial result stays visible. */
  public void deleteRun(String runId) {
    deleteWhere(col("run_id").equalTo(lit(runId)));
  }

  static Row row(AlertRecord a) {
    return RowFactory.create(a.checkName(), a.checkHash(), a.series(), a.point(), a.pointOrder(), a.value(),
        a.lower(), a.upper(), a.status(), a.strategy(),
        Rows.map(a.parameters()), Rows.seq(a.pointsUsed()), a.latest(), a.runId(),
        a.codeVersion(), a.computedAt());
  }
}
