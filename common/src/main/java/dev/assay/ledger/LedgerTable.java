package dev.assay.ledger;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What every ledger table holds: the session and the table's directory under the ledger root,
 * with the reads and writes the tables share. Every commit goes through {@link #commit}: tagged with
 * the ledger's {@link CommitTag} and retried by {@link CommitRetry}.
 */
abstract class LedgerTable {
  final SparkSession spark;
  final String path;
  private final Ledger ledger;
  private final LedgerTableName name;

  LedgerTable(Ledger ledger, LedgerTableName name) {
    this.spark = ledger.spark();
    this.path = ledger.path(name);
    this.ledger = ledger;
    this.name = name;
  }

  /** One commit to this table (see {@link Ledger#commit}). */
  final <T> T commit(Supplier<T> commit) {
    return ledger.commit(name, commit);
  }

  /** Runs {@code query}, a read of this table (its Spark actions), as every ledger query ({@link Ledger#query}). */
  final <T> T query(Supplier<T> query) {
    return ledger.query(query);
  }

  /** Every stored row, as of the latest commit. */
  public Dataset<Row> all() {
    return spark.read().format("delta").load(path);
  }

  /**
   * The stored rows that match {@code where}, as of the latest commit, with {@code columns} (every column when
   * none), read on the driver without a Spark job ({@link DriverReads}): for the small tables only, whose rows
   * are runs and model versions.
   */
  public List<Row> rows(Where where, String... columns) {
    return ledger.reads().rows(path, where, List.of(columns));
  }

  /**
   * Appends {@code rows} (of {@code schema}; the table's other columns null) as one commit: a blind append of
   * Assay's own ({@link RowTransaction#append}), whose file is written on the driver, for the few rows of a run or a
   * benchmark.
   */
  void appendRows(List<Row> rows, StructType schema) {
    commit(() -> {
      RowTransaction.append(spark, path, rows, schema);
      return null;
    });
  }

  /**
   * Inserts the rows of {@code source} that match no stored row under {@code condition} (over aliases
   * {@code t}, the table, and {@code s}, the source) in one commit, and returns how many it inserted.
   *
   * <p>Why SQL: Delta's {@code DeltaMergeBuilder.execute()} drops the MERGE's result row, while
   * {@code MERGE INTO} returns it. With the count, a writer that inserted every row it meant to knows
   * so without reading its rows back (two to three Spark jobs per registration or metric batch); only a
   * short count, i.e. a concurrent writer's rows, needs the read-back. The condition is the same Column
   * as elsewhere, written out by Spark ({@code Expression.sql()} quotes literals), not by hand.
   */
  long insertMissing(Dataset<Row> source, Column condition) {
    String view = "assay_ledger_source_" + UUID.randomUUID().toString().replace("-", "");
    source.createOrReplaceTempView(view);
    try {
      return commit(() -> spark.sql("MERGE INTO delta.`" + path.replace("`", "``") + "` AS t USING "
          + view + " AS s ON " + condition.expr().sql() + " WHEN NOT MATCHED THEN INSERT *")
          .first().<Long>getAs("num_inserted_rows"));
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  /**
   * Sets every column of {@code schema} of the stored rows that match {@code where} to the values of {@code row}
   * in one commit, and returns how many rows it updated: a transaction of its own ({@link RowTransaction}), for the
   * small tables {@link DriverReads} reads.
   */
  long updateWhere(Where where, Row row, StructType schema) {
    return commit(() -> RowTransaction.update(spark, ledger.reads(), path, where, row, schema));
  }

  /**
   * Appends {@code row} (of {@code schema}) unless a stored row within {@code scope} is {@code taken}, in one
   * commit, and returns whether it appended: a transaction of its own ({@link RowTransaction}), for the small
   * tables {@link DriverReads} reads.
   */
  boolean insertUnlessTaken(Where scope, Predicate<Row> taken, Row row, StructType schema) {
    return commit(() -> RowTransaction.insertUnlessTaken(spark, ledger.reads(), path, scope, taken, row, schema));
  }

  /** Deletes the stored rows that match {@code condition} as one commit. */
  void deleteWhere(Column condition) {
    commit(() -> {
      DeltaTable.forPath(spark, path).delete(condition);
      return null;
    });
  }
}
