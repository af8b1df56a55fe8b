package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructField;
import scala.Option;

/**
 * What Delta remembers of a ledger table: its commits and, by time travel, the rows one commit removed.
 * Only reads: unlike the table accessors of {@link Ledger}, it never creates or upgrades a table, so
 * checking a ledger leaves no commit of its own.
 */
public final class LedgerHistory {
  private static final String[] METRIC_KEY = {
      "model_name", "model_version", "eval_table_id", "eval_version", "eval_filter", "metric_code_version",
      "slice_column", "slice_value", "metric"};

  private LedgerHistory() {}

  /** Whether {@code table} exists under the ledger root (has at least one commit). */
  public static boolean exists(Ledger ledger, LedgerTableName table) {
    return DeltaLog.forTable(ledger.spark(), ledger.path(table)).update(false, Option.empty(), Option.empty())
        .version() >= 0;
  }

  /** Every commit of {@code table} still in its log, oldest first. */
  public static List<LedgerCommit> commits(Ledger ledger, LedgerTableName table) {
    List<Row> rows = DeltaTable.forPath(ledger.spark(), ledger.path(table)).history()
        .select("version", "timestamp", "operation", "userName", "engineInfo", "userMetadata")
        .orderBy("version").collectAsList();
    List<LedgerCommit> commits = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Timestamp at = r.getAs("timestamp");
      commits.add(new LedgerCommit(table, r.<Long>getAs("version"), at.toInstant(), r.getAs("operation"),
          r.getAs("userName"), r.getAs("engineInfo"), r.getAs("userMetadata")));
    }
    return commits;
  }

  /**
   * The metric rows present in the version before {@code version} and absent from {@code version}, i.e.
   * deleted or changed by that commit, in key order. Columns the older version lacks (a ledger from before
   * they were added) read as null. Fails like any time travel when that version's files were vacuumed.
   */
  public static List<MetricRow> removedMetrics(Ledger ledger, long version) {
    String path = ledger.path(LedgerTableName.METRICS);
    Dataset<Row> before = ledger.spark().read().format("delta").option("versionAsOf", version - 1).load(path);
    Dataset<Row> after = ledger.spark().read().format("delta").option("versionAsOf", version).load(path);
    Set<String> kept = Arrays.stream(after.columns()).collect(Collectors.toSet());
    Column[] shared = Arrays.stream(before.columns()).filter(kept::contains).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> removed = before.select(shared).except(after.select(shared));
    List<Column> all = new ArrayList<>();
    Set<String> have = Arrays.stream(removed.columns()).collect(Collectors.toSet());
    for (StructField f : LedgerSchemas.METRICS.fields()) {
      all.add(have.contains(f.name()) ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()));
    }
    Column[] order = Arrays.stream(METRIC_KEY).map(c -> col(c)).toArray(Column[]::new);
    return removed.select(all.toArray(Column[]::new)).orderBy(order).collectAsList().stream().map(Rows::metric)
        .toList();
  }
}
