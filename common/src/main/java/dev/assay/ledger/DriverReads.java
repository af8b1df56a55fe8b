package dev.assay.ledger;

import dev.assay.errors.Preconditions;
import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * Reads rows of a ledger table on the driver, with Delta Kernel, instead of through a Spark query.
 *
 * <p>Why: every command looks rows up in the ledger's small tables several times (the abandoned-run scan, the
 * run-key lookup, the next model version, the model to score). Through Spark each lookup reconstructs the
 * snapshot's state (two Spark jobs), skips files by their statistics (one job) and scans what is left (one
 * more), with planning in between: 0.3–0.6 s on two cores for a table of a few hundred rows, whatever the
 * rows, because each command's own commits make a new version. Delta Kernel reads the same log and Parquet
 * files in the driver's thread: 0.03–0.1 s (docs/performance.md). The result is the same snapshot semantics
 * (the latest version; deletion vectors and column mapping applied by Kernel's {@code transformPhysicalData}),
 * and the rows are Spark {@link Row}s with the values {@code collectAsList} would give (strings, boxed numbers,
 * {@link java.sql.Timestamp}, Scala sequences and maps, nested rows), so the readers of those rows are shared.
 *
 * <p>Only for tables whose every row fits the driver without thought: one row per run or per model version. The
 * metrics table, which grows with models, versions, metrics and slices, stays read by Spark.
 *
 * <p>The per-file read follows Kernel's own example ({@code ScanStateRow}, {@code InternalScanFileUtils}):
 * Kernel 3.3's public API has no single "read this scan" call.
 */
final class DriverReads {
  private final Engine engine;

  DriverReads(Configuration hadoopConf) {
    this.engine = DefaultEngine.create(hadoopConf);
  }

  /**
   * The rows of the Delta table at {@code path}, latest version, that match {@code where}, with {@code columns}
   * in that order (every column of the table when empty), in the order the table's files and rows are stored.
   */
  List<Row> rows(String path, Where where, List<String> columns) {
    Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    StructType table = snapshot.getSchema(engine);
    List<String> out = columns.isEmpty() ? table.fieldNames() : columns;
    Set<String> read = new LinkedHashSet<>(out);
    read.addAll(where.columns());
    List<StructField> fields = new ArrayList<>();
    for (String name : read) {
      Preconditions.checkArgument(table.fieldNames().contains(name), "Cannot read column '%s' of ledger table %s: "
          + "the table has %s", name, path, table.fieldNames());
      fields.add(table.get(name));
    }
    StructType readSchema = new StructType(fields);
    var sparkRead = KernelRows.schema(readSchema.toJson(), List.copyOf(read));
    var sparkOut = KernelRows.schema(readSchema.toJson(), out);
    List<Row> rows = new ArrayList<>();
    scan(path, snapshot, readSchema, where, (add, batch) -> KernelRows.collect(batch, sparkRead, sparkOut, where,
        rows, null));
    return rows;
  }

  /**
   * A data file and its rows (every column of the table), split by whether they match a filter.
   *
   * @param add the file's {@code add} action as the log's JSON ({@link KernelActions})
   */
  record FileRows(String add, List<Row> matched, List<Row> others) {}

  /**
   * The data files of {@code version} of the table at {@code path} that {@code where}'s equalities do not skip by
   * their statistics, each with all its rows: what an update of the matching rows reads, and rewrites where a
   * file holds one ({@link RowTransaction}).
   */
  List<FileRows> files(String path, long version, Where where) {
    Snapshot snapshot = Table.forPath(engine, path).getSnapshotAsOfVersion(engine, version);
    StructType table = snapshot.getSchema(engine);
    var spark = KernelRows.schema(table.toJson(), table.fieldNames());
    Map<String, FileRows> files = new LinkedHashMap<>();
    scan(path, snapshot, table, where, (add, batch) -> {
      FileRows rows = files.computeIfAbsent(add.get(), a -> new FileRows(a, new ArrayList<>(), new ArrayList<>()));
      KernelRows.collect(batch, spark, spark, where, rows.matched(), rows.others());
    });
    return List.copyOf(files.values());
  }

  /**
   * Reads each file of {@code snapshot} that {@code where}'s equalities do not skip, batch by batch, each with the
   * file's {@code add} action as the log's JSON, made on demand.
   */
  private void scan(String path, Snapshot snapshot, StructType readSchema, Where where,
      BiConsumer<Supplier<String>, FilteredColumnarBatch> batches) {
    ScanBuilder builder = snapshot.getScanBuilder(engine).withReadSchema(engine, readSchema);
    Optional<Predicate> skipping = where.skipping();
    if (skipping.isPresent()) {
      builder = builder.withFilter(engine, skipping.get());
    }
    Scan scan = builder.build();
    var state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(engine, state);
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (var batch = files.next().getRows()) {
          while (batch.hasNext()) {
            var file = batch.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            Supplier<String> add = () -> KernelActions.add(file.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, state, file,
                data)) {
              while (logical.hasNext()) {
                batches.accept(add, logical.next());
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ledger table " + path + ": " + e.getMessage(), e);
    }
  }
}
