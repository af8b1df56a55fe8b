package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code runs} table: a RUNNING row when a job starts (so a killed job stays visible), updated
 * in place to SUCCEEDED, FAILED or SKIPPED when it ends.
 */
public final class RunsTable {
  private final SparkSession spark;
  private final String path;

  RunsTable(Ledger ledger) {
    this.spark = ledger.spark();
    this.path = ledger.path(Ledger.RUNS);
  }

  public void start(RunRecord run) {
    Dataset<Row> row = spark.createDataFrame(List.of(Rows.run(run)), LedgerSchemas.RUNS);
    CommitRetry.run(path, () -> {
      row.write().format("delta").mode("append").save(path);
      return null;
    });
  }

  /** Closes a run with its final record (status, data versions, run key, error). */
  public void finish(RunRecord run) {
    Dataset<Row> row = spark.createDataFrame(List.of(Rows.run(run)), LedgerSchemas.RUNS);
    CommitRetry.run(path, () -> {
      DeltaTable.forPath(spark, path).as("t")
          .merge(row.as("s"), col("t.run_id").equalTo(col("s.run_id")))
          .whenMatched().updateAll()
          .whenNotMatched().insertAll()
          .execute();
      return null;
    });
  }

  public Dataset<Row> all() {
    return spark.read().format("delta").load(path);
  }
}
