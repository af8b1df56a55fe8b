package dev.assay.ledger;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every ledger table holds: the session and the table's directory under the ledger root,
 * with the reads and writes the tables share. Every commit goes through {@link CommitRetry}.
 */
abstract class LedgerTable {
  final SparkSession spark;
  final String path;

  LedgerTable(Ledger ledger, LedgerTableName name) {
    this.spark = ledger.spark();
    this.path = ledger.path(name);
  }

  /** Every stored row, as of the latest commit. */
  public Dataset<Row> all() {
    return spark.read().format("delta").load(path);
  }

  /** Appends {@code rows} as one commit. */
  void appendRows(Dataset<Row> rows) {
    CommitRetry.run(path, () -> {
      rows.write().format("delta").mode("append").save(path);
      return null;
    });
  }

  /** Deletes the stored rows that match {@code condition} as one commit. */
  void deleteWhere(Column condition) {
    CommitRetry.run(path, () -> {
      DeltaTable.forPath(spark, path).delete(condition);
      return null;
    });
  }
}
