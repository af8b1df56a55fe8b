package dev.assay.ledger;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code benchmarks} table: prediction throughput and latency, appended per measurement and
 * kept apart from {@code metrics}, because they depend on the machine and are not reproducible.
 */
public final class BenchmarksTable extends LedgerTable {
  BenchmarksTable(Ledger ledger) {
    super(ledger, LedgerTableName.BENCHMARKS);
  }

  public void append(BenchmarkRecord b) {
    Row row = RowFactory.create(b.modelName(), b.modelVersion(), b.inputTable(), b.inputTableId(), b.inputVersion(),
        b.rows(), b.throughputRowsPerS(), b.p50Ms(), b.p95Ms(), b.p99Ms(), b.latencyRows(), b.latencyMethod(),
        b.warmup(), b.repeat(), b.engine(), b.cpuModel(), b.cores(), b.javaVersion(), b.sparkMaster(), b.runId(),
        b.measuredAt(), b.packaged() == null ? null : b.packaged().p50Ms(), b.packaged() == null ? null
        : b.packaged().p95Ms(), b.packaged() == null ? null : b.packaged().p99Ms(), b.packaged() == null ? null
        : b.packaged().method());
    appendRows(List.of(row), LedgerSchemas.BENCHMARKS);
  }
}
