package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI test class with a warehouse of its own: {@link #run} runs the CLI in-process against it, {@link #table}
 * reads one of its Delta tables, {@link #stored} a model's stored metrics.
 */
abstract class CliWarehouseTest extends SparkTestBase {
  @TempDir
  static Path warehouse;

  /**
   * The session is shared with the test classes before this one in the JVM, whose catalog entries point at
   * their own (deleted) warehouses: 'CREATE TABLE IF NOT EXISTS' would keep them. Dropping the entries
   * (external tables: no data is touched) lets this class register its own warehouse.
   */
  @BeforeAll
  static void ownCatalog() {
    spark.sql("DROP DATABASE IF EXISTS assay CASCADE");
  }

  static CliRun.Result run(String... args) {
    return CliRun.in(warehouse, args);
  }

  /** Runs the CLI for a set-up step, which must succeed (its stderr shows otherwise). */
  static CliRun.Result ok(String... args) {
    CliRun.Result r = run(args);
    assertThat(r.code()).as("assay %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  /**
   * The demo tables most CLI tests share: 3000 training and 1200 evaluation rows, seed 7 (common's ONNX fixtures
   * were trained on the same rows), with the ledger's run of 'demo-data' that wrote them. Made once per Maven run
   * and copied into this class's (still empty) warehouse ({@link SharedWarehouse}).
   */
  static void demoTables() {
    demoTablesIn(warehouse);
  }

  /** The same demo tables in {@code wh}, for a test class with a warehouse of its own. */
  static void demoTablesIn(Path wh) {
    SharedWarehouse.copyInto("demo-tables", wh, w -> DemoLedger.ok(w, "demo-data", "--train-rows", "3000",
        "--eval-rows", "1200", "--seed", "7"));
  }

  static Dataset<Row> table(String name) {
    return spark.read().format("delta").load(warehouse.resolve(name).toString());
  }

  /** Stored whole-table metric values of one model version on one evaluation version, by metric name. */
  static Map<String, Double> stored(String model, int version, long evalVersion) {
    return LedgerRows.stored(spark, warehouse.resolve("ledger").toString(), model, version, evalVersion);
  }
}
