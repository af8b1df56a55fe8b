package dev.assay.job;

import dev.assay.ledger.Ledger;
import dev.assay.spec.Names;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import scala.Option;

/**
 * Registers the ledger tables as {@code assay.runs}, {@code assay.models}, {@code assay.metrics}
 * and the analyst views ({@code assay.leaderboard}) in the session catalog, so users query names,
 * not paths.
 */
public final class LedgerCatalog {
  public static final String DATABASE = "assay";

  private LedgerCatalog() {}

  public static void register(Ledger ledger) {
    SparkSession spark = ledger.spark();
    ledger.ensureTables();
    spark.sql("CREATE DATABASE IF NOT EXISTS " + Names.quoteIdentifier(DATABASE));
    ledger.benchmarks();
    ledger.dataDrift();
    for (String t : new String[] {Ledger.RUNS, Ledger.MODELS, Ledger.METRICS, Ledger.BENCHMARKS, Ledger.DATA_DRIFT}) {
      dropIfElsewhere(spark, t, ledger.path(t));
      spark.sql(String.format("CREATE TABLE IF NOT EXISTS %s.%s USING delta LOCATION %s", Names.quoteIdentifier(DATABASE),
          Names.quoteIdentifier(t), Names.quoteString(ledger.path(t))));
    }
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW leaderboard AS " + LEADERBOARD_SQL);
  }

  /**
   * A session that already registered {@code assay.<table>} for another ledger root (a second
   * warehouse in one JVM, as in tests) would otherwise keep answering from the old location.
   * Only external tables are dropped: that removes the catalog entry, never data.
   */
  private static void dropIfElsewhere(SparkSession spark, String table, String path) {
    TableIdentifier id = new TableIdentifier(table, Option.apply(DATABASE));
    SessionCatalog catalog = spark.sessionState().catalog();
    if (!catalog.tableExists(id)) {
      return;
    }
    CatalogTable meta;
    try {
      meta = catalog.getTableMetadata(id);
    } catch (Exception e) {
      return;
    }
    String want = new org.apache.hadoop.fs.Path(path).toUri().getPath();
    if (meta.tableType() == CatalogTableType.EXTERNAL() && !want.equals(meta.location().getPath())) {
      spark.sql(String.format("DROP TABLE %s.%s", Names.quoteIdentifier(DATABASE), Names.quoteIdentifier(table)));
    }
  }

  /**
   * One row per (evaluation version, evaluation filter, metric code version, model version) over
   * whole-dataset metrics, ranked by ROC AUC (binary), macro F1 (multiclass) or RMSE (regression)
   * within the evaluation version. {@code accuracy} is the threshold accuracy of binary models and
   * the plain accuracy of multiclass models.
   */
  public static final String LEADERBOARD_SQL = """
      SELECT rank() OVER (PARTITION BY eval_table_id, eval_version, eval_filter, metric_code_version
                          ORDER BY roc_auc DESC NULLS LAST, macro_f1 DESC NULLS LAST,
                                   rmse ASC NULLS LAST) AS rank, *
      FROM (
        SELECT eval_name, eval_table, eval_version, eval_table_id, eval_filter, metric_code_version, model_name,
               model_version,
               max(CASE WHEN metric = 'roc_auc' THEN value END) AS roc_auc,
               max(CASE WHEN metric = 'pr_auc' THEN value END) AS pr_auc,
               max(CASE WHEN metric = 'log_loss' THEN value END) AS log_loss,
               max(CASE WHEN metric = 'brier' THEN value END) AS brier,
               max(CASE WHEN metric LIKE 'accuracy@%' OR metric = 'accuracy' THEN value END) AS accuracy,
               max(CASE WHEN metric = 'macro_f1' THEN value END) AS macro_f1,
               max(CASE WHEN metric LIKE 'f1@%' THEN value END) AS f1,
               max(CASE WHEN metric = 'rmse' THEN value END) AS rmse,
               max(CASE WHEN metric = 'mae' THEN value END) AS mae,
               max(CASE WHEN metric = 'r2' THEN value END) AS r2,
               max(n_rows) AS n_rows
        FROM assay.metrics
        WHERE slice_column IS NULL
        GROUP BY eval_name, eval_table, eval_version, eval_table_id, eval_filter, metric_code_version, model_name,
                 model_version
      )""";
}
