package dev.assay.ledger;

import dev.assay.errors.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * The analyst views over the ledger tables, defined once in {@code ledger-views/<name>.sql} (on the
 * classpath) and created both as session views by {@code assay sql} and as catalog views by
 * {@code assay ledger register}. The SQL names the ledger tables as {@code ${db}.<table>}.
 */
public final class LedgerViews {
  /** The views, in the order they are created and documented. */
  public static final List<String> NAMES = List.of("leaderboard", "metric_history", "champions", "lineage",
      "alert_history");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private LedgerViews() {}

  /** The view's SELECT with its header comment removed and {@code ${db}} replaced by {@code database}. */
  public static String sql(String view, String database) {
    Preconditions.checkArgument(NAMES.contains(view), "Cannot load view %s: not one of %s", view, NAMES);
    Preconditions.checkArgument(isIdentifier(database), "Cannot use database name %s: not an identifier", database);
    String text;
    try (InputStream in = LedgerViews.class.getResourceAsStream("/ledger-views/" + view + ".sql")) {
      Preconditions.checkState(in != null, "Cannot find ledger-views/%s.sql on the classpath", view);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder body = new StringBuilder();
    boolean header = true;
    for (String line : text.split("\n")) {
      if (header && line.startsWith("--")) {
        continue;
      }
      header = false;
      body.append(line).append('\n');
    }
    return body.toString().replace("${db}", database).strip();
  }

  /** True for a plain SQL identifier (letters, digits, underscore; not starting with a digit). */
  public static boolean isIdentifier(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  /** Session-scoped views named {@code leaderboard}, {@code metric_history}, ... over {@code database}'s tables. */
  static void createTemporary(SparkSession spark, String database) {
    for (String v : NAMES) {
      spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + v + " AS " + sql(v, database));
    }
  }

  /** Catalog views {@code database.leaderboard}, ...: they live as long as the catalog (metastore) does. */
  static void createPersistent(SparkSession spark, String database) {
    for (String v : NAMES) {
      spark.sql("CREATE OR REPLACE VIEW " + database + "." + v + " AS " + sql(v, database));
    }
  }
}
