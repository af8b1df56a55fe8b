package dev.assay.bench;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The generated tables under the bench warehouse: created once (seeded, so the same on every
 * machine) and reused by later runs as long as their row count matches.
 */
public final class BenchTables {
  static final long SEED = 20261129L;
  private final SparkSession spark;
  private final Path dir;

  public BenchTables(SparkSession spark, Path dir) {
    this.spark = spark;
    this.dir = dir;
  }

  /** A Higgs-like table of {@code rows} rows (features, label, id). */
  public String higgs(long rows) {
    String path = dir.resolve("higgs_" + rows).toString();
    if (!exists(path, rows)) {
      long t0 = System.nanoTime();
      HiggsData.generate(spark, rows, partitions(rows), SEED + rows).write().format("delta").mode("overwrite")
          .save(path);
      Bench.log("generated %s (%d rows) in %.1f s", path, rows, (System.nanoTime() - t0) / 1e9);
    }
    return path;
  }

  /**
   * Another {@code rows} rows from the same distribution, with ids after {@link #higgs}'s: a
   * holdout that shares no id and (at 28 continuous features) no row with the training table.
   */
  public String holdout(long rows) {
    String path = dir.resolve("holdout_" + rows).toString();
    if (!exists(path, rows)) {
      long t0 = System.nanoTime();
      HiggsData.generate(spark, rows, partitions(rows), SEED * 17 + rows)
          .withColumn(HiggsData.ID, col(HiggsData.ID).plus(rows)).write().format("delta").mode("overwrite")
          .save(path);
      Bench.log("generated %s (%d rows) in %.1f s", path, rows, (System.nanoTime() - t0) / 1e9);
    }
    return path;
  }

  /** A synthetic predictions table (id, label, float score) of {@code rows} rows. */
  public String predictions(long rows) {
    String path = dir.resolve("predictions_" + rows).toString();
    if (!exists(path, rows)) {
      long t0 = System.nanoTime();
      HiggsData.predictions(spark, rows, partitions(rows), SEED * 31 + rows).write().format("delta")
          .mode("overwrite").save(path);
      Bench.log("generated %s (%d rows) in %.1f s", path, rows, (System.nanoTime() - t0) / 1e9);
    }
    return path;
  }

  /** About 500k rows per file: few files, each small enough to generate in one task. */
  static int partitions(long rows) {
    return (int) Math.max(2, Math.min(64, (rows + 499_999) / 500_000));
  }

  private boolean exists(String path, long rows) {
    if (!Files.isDirectory(Path.of(path, "_delta_log"))) {
      return false;
    }
    return DeltaTable.forPath(spark, path).toDF().count() == rows;
  }
}
