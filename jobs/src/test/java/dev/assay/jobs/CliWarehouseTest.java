package dev.assay.jobs;

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

  static Dataset<Row> table(String name) {
    return spark.read().format("delta").load(warehouse.resolve(name).toString());
  }

  /** Stored whole-table metric values of one model version on one evaluation version, by metric name. */
  static Map<String, Double> stored(String model, int version, long evalVersion) {
    return LedgerRows.stored(spark, warehouse.resolve("ledger").toString(), model, version, evalVersion);
  }
}
