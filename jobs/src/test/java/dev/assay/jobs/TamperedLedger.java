package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A copy of a ledger edited around Assay, as from a notebook (issue 17): a DELETE of model {@code m}'s two
 * whole-data ROC AUC rows and an UPDATE of model {@code n}'s stage, in plain Spark SQL without an Assay
 * commit tag; and the exact lines {@code assay ledger check} must print for it.
 */
final class TamperedLedger {
  private static final List<String> TABLES = List.of("runs", "models", "metrics");

  private TamperedLedger() {}

  /** Copies the core tables of {@code ledger} to {@code copy}, edits the copy, returns the rows deleted. */
  static List<Row> copyAndEdit(SparkSession spark, Path ledger, Path copy) throws IOException {
    Files.createDirectories(copy);
    for (String t : TABLES) {
      Path from = ledger.resolve(t);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.toList()) {
          Files.copy(f, copy.resolve(t).resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    String rows = "model_name = 'm' AND metric = 'roc_auc' AND slice_column IS NULL";
    List<Row> deleted = spark.read().format("delta").load(copy.resolve("metrics").toString()).where(rows)
        .orderBy("eval_table_id", "eval_version").collectAsList();
    spark.sql("DELETE FROM delta.`" + copy.resolve("metrics") + "` WHERE " + rows);
    spark.sql("UPDATE delta.`" + copy.resolve("models") + "` SET stage = 'champion' WHERE model_name = 'n'");
    return deleted;
  }

  /** What {@code ledger check} prints for the copy at {@code root}: both commits, the deleted rows, the summary. */
  static List<String> expectedLines(SparkSession spark, String root, List<Row> deleted) {
    Row update = lastCommit(spark, root + "/models");
    Row delete = lastCommit(spark, root + "/metrics");
    long deleteVersion = delete.getAs("version");
    List<String> expected = new ArrayList<>(List.of(
        "foreign commit: models v" + update.getAs("version") + " at " + update.<Timestamp>getAs("timestamp")
            .toInstant() + ", UPDATE by an unrecorded user, engine " + update.getAs("engineInfo")
            + ", userMetadata none",
        "foreign commit: metrics v" + deleteVersion + " at " + delete.<Timestamp>getAs("timestamp").toInstant()
            + ", DELETE by an unrecorded user, engine " + delete.getAs("engineInfo") + ", userMetadata none"));
    assertThat(deleted).hasSize(2);
    for (Row m : deleted) {
      expected.add("removed metric row: metrics v" + deleteVersion + ": m v1 on demo/eval v" + m.getAs("eval_version")
          + " (table id " + m.<String>getAs("eval_table_id").substring(0, 8) + ", metric code "
          + m.getAs("metric_code_version") + "), all rows: roc_auc = " + m.getAs("value"));
    }
    long assayCommits = -2;
    for (String t : TABLES) {
      assayCommits += DeltaTable.forPath(spark, root + "/" + t).history().count();
    }
    expected.add("ledger check: 3 tables, " + assayCommits + " commits by Assay, 2 made around it, 2 metric rows "
        + "removed, 0 untagged older than commit tagging");
    return expected;
  }

  private static Row lastCommit(SparkSession spark, String table) {
    return DeltaTable.forPath(spark, table).history(1).first();
  }
}
