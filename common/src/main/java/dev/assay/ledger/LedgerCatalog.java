package dev.assay.ledger;

import dev.assay.errors.LedgerErrors;
import dev.assay.spec.Names;
import java.nio.file.Paths;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import scala.Option;

/**
 * Registers the ledger tables as {@code assay.runs}, {@code assay.models}, {@code assay.metrics},
 * {@code assay.benchmarks} and the analyst views of {@link LedgerViews} in the session catalog (or
 * the metastore it is backed by), so users query names, not paths.
 */
public final class LedgerCatalog {
  public static final String DATABASE = "assay";

  private LedgerCatalog() {}

  /**
   * Registers the ledger as database {@code assay} (tables and catalog views) and the views also as
   * session views without a database ({@code leaderboard}, {@code metric_history}, ...), as
   * {@code assay sql} and the {@code ledger} reports use them.
   */
  public static void register(Ledger ledger) {
    register(ledger, DATABASE);
    LedgerViews.createTemporary(ledger.spark(), DATABASE);
  }

  /**
   * Creates {@code database} if missing, the ledger tables in it as external Delta tables at the
   * ledger's (absolute) paths, and the analyst views of {@link LedgerViews}. Repeatable: a table
   * registered for another location is re-pointed; data is never touched.
   */
  public static void register(Ledger ledger, String database) {
    if (!LedgerViews.isIdentifier(database)) {
      throw LedgerErrors.badDatabaseName(database);
    }
    SparkSession spark = ledger.spark();
    ledger.ensureTables();
    spark.sql("CREATE DATABASE IF NOT EXISTS " + Names.quoteIdentifier(database));
    ledger.benchmarks();
    ledger.dataDrift();
    ledger.alerts();
    for (LedgerTableName t : LedgerTableName.values()) {
      String path = location(ledger.path(t));
      dropIfElsewhere(spark, database, t.code(), path);
      spark.sql(String.format("CREATE TABLE IF NOT EXISTS %s.%s USING delta LOCATION %s",
          Names.quoteIdentifier(database),
          Names.quoteIdentifier(t.code()), Names.quoteString(path)));
    }
    LedgerViews.createPersistent(spark, database);
  }

  /** A metastore outlives the working directory: register absolute paths, keep URIs as they are. */
  private static String location(String path) {
    if (path.contains("://") || path.startsWith("file:")) {
      return path;
    }
    return Paths.get(path).toAbsolutePath().normalize().toString();
  }

  /**
   * A session that already registered {@code assay.<table>} for another ledger root (a second
   * warehouse in one JVM, as in tests) would otherwise keep answering from the old location.
   * Only external tables are dropped: that removes the catalog entry, never data.
   */
  private static void dropIfElsewhere(SparkSession spark, String database, String table, String path) {
    TableIdentifier id = new TableIdentifier(table, Option.apply(database));
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
    String want = new Path(path).toUri().getPath();
    if (meta.tableType() == CatalogTableType.EXTERNAL() && !want.equals(meta.location().getPath())) {
      spark.sql(String.format("DROP TABLE %s.%s", Names.quoteIdentifier(database), Names.quoteIdentifier(table)));
    }
  }
}
