package dev.assay.usecase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerCatalog;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.LedgerViews;
import dev.assay.report.Tables;
import dev.assay.run.StepLog;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The {@code ledger} views for people: runs, models, metrics, and a leaderboard per evaluation version. */
public final class LedgerReports {
  private LedgerReports() {}

  public static void runs(Ledger ledger, PrintStream out, int limit) {
    print(ledger, out, limit, "SELECT run_id, command, status, exit_code, started_at, "
        + "round((unix_millis(ended_at) - unix_millis(started_at)) / 1000.0, 1) AS seconds, code_version, "
        + "substr(run_key, 1, 12) AS run_key, error FROM assay.runs ORDER BY started_at DESC");
  }

  public static void models(Ledger ledger, PrintStream out, int limit) {
    print(ledger, out, limit, "SELECT model_name, model_version, stage, task, substr(model_hash, 1, 16) AS "
        + "model_hash, transform(train_data, d -> concat(d.table, '@v', d.version)) AS train_data, train_rows, "
        + "created_at, run_id FROM assay.models ORDER BY model_name, model_version");
  }

  public static void metrics(Ledger ledger, PrintStream out, int limit) {
    print(ledger, out, limit, "SELECT model_name, model_version, eval_name, eval_table, eval_version, "
        + "eval_filter, metric_code_version, metric, value, status, n_rows FROM assay.metrics "
        + "ORDER BY model_name, model_version, eval_table, eval_version, eval_filter, metric");
  }

  /** Registers the ledger's tables and views, then prints the first {@code limit} rows of {@code sql}. */
  private static void print(Ledger ledger, PrintStream out, int limit, String sql) {
    LedgerCatalog.register(ledger);
    Tables.text(ledger.spark().sql(sql), out, limit);
  }

  /** Registers the ledger as {@code database} (tables and views) and prints what is now queryable. */
  public static void register(Ledger ledger, String database, PrintStream out) {
    LedgerCatalog.register(ledger, database);
    StepLog.step("ledger", null, "registered ledger %s as database %s", ledger.root(), database);
    // Every table the catalog registers, data_drift included.
    for (LedgerTableName t : LedgerTableName.values()) {
      out.printf("table %s.%s -> %s%n", database, t, ledger.path(t));
    }
    for (String v : LedgerViews.NAMES) {
      out.printf("view  %s.%s%n", database, v);
    }
  }

  /** Prints one ranked block per (evaluation table, version, metric code version). */
  public static void leaderboard(Ledger ledger, PrintStream out) {
    LedgerCatalog.register(ledger);
    SparkSession spark = ledger.spark();
    Dataset<Row> board = spark.sql("SELECT * FROM leaderboard").cache();
    List<Row> groups = board.select("eval_name", "eval_table", "eval_version", "eval_table_id", "metric_code_version",
            "eval_filter")
        .distinct().orderBy("eval_table", "eval_version", "eval_name").collectAsList();
    if (groups.isEmpty()) {
      out.println("The ledger has no metrics yet: run 'assay train' or 'assay evaluate' first.");
    }
    for (Row g : groups) {
      out.printf("%nLeaderboard: %s = %s v%d%s (table %s, metric code %s)%n", g.getString(0), g.getString(1),
          g.getLong(2), g.isNullAt(5) ? "" : " where " + g.getString(5), g.getString(3).substring(0, 8),
              g.getString(4));
      Dataset<Row> rows = board.where(col("eval_table_id").equalTo(g.getString(3))
              .and(col("eval_version").equalTo(g.getLong(2))).and(col("metric_code_version").equalTo(g.getString(4)))
              .and(col("eval_name").equalTo(g.getString(0))).and(col("eval_filter").eqNullSafe(g.get(5))))
          .orderBy("rank", "model_name", "model_version");
      boolean regression = rows.where(col("rmse").isNotNull()).limit(1).count() > 0;
      boolean multiclass = rows.where(col("macro_f1").isNotNull()).limit(1).count() > 0;
      Tables.text(regression
          ? rows.select("rank", "model_name", "model_version", "rmse", "mae", "r2", "n_rows")
          : multiclass
          ? rows.select("rank", "model_name", "model_version", "macro_f1", "accuracy", "log_loss", "n_rows")
          : rows.select("rank", "model_name", "model_version", "roc_auc", "pr_auc", "log_loss", "brier", "accuracy",
              "f1", "n_rows"), out, 1000);
    }
    board.unpersist();
  }

  /** Drift rows, newest version pairs first; {@code table} (a path label or table id) narrows them. */
  public static void drift(Ledger ledger, PrintStream out, String table, int limit) {
    Dataset<Row> rows = ledger.dataDrift().all();
    if (table != null) {
      rows = rows.where(col("table").equalTo(table).or(col("table_id").equalTo(table)));
    }
    long n = rows.count();
    if (n == 0) {
      out.println(table == null ? "The ledger has no drift rows yet: 'assay retrain' measures drift when the "
          + "training table changed" : "No drift rows for table '" + table + "'");
      out.flush();
      return;
    }
    Tables.text(rows.select(col("table"), col("from_version"), col("to_version"), col("feature"), col("kind"),
            col("psi"), col("bins"), col("from_rows"), col("to_rows"), col("from_missing"), col("to_missing"),
            col("schema_change"), col("computed_at"))
        .orderBy(col("table"), col("to_version").desc(), col("from_version").desc(),
            when(col("feature").equalTo("__table__"), 0).otherwise(1), col("feature")),
        out, limit);
  }
}
