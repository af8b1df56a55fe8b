package dev.assay.ledger;

import dev.assay.spec.StoredCode;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The ledger's tables: each one's directory under the ledger root (also its name in the catalog
 * database, {@code assay.runs} ...) and its schema. The directory names are on disk in every
 * warehouse, so they never change.
 */
public enum LedgerTableName implements StoredCode {
  RUNS(LedgerSchemas.RUNS),
  MODELS(LedgerSchemas.MODELS),
  METRICS(LedgerSchemas.METRICS),
  BENCHMARKS(LedgerSchemas.BENCHMARKS),
  DATA_DRIFT(LedgerSchemas.DATA_DRIFT);

  /** The tables every job needs, created together by {@link Ledger#ensureTables()}; the others on first use. */
  public static final List<LedgerTableName> CORE = List.of(RUNS, MODELS, METRICS);

  private final StructType schema;

  LedgerTableName(StructType schema) {
    this.schema = schema;
  }

  /** The columns a ledger table must have (older tables may lack {@link LedgerSchemas#ADDED_COLUMNS}). */
  public StructType schema() {
    return schema;
  }

  /** The directory under the ledger root and the table's name in the catalog database, e.g. {@code runs}. */
  @Override
  public String toString() {
    return code();
  }
}
