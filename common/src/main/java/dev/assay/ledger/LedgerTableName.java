package dev.assay.ledger;

import dev.assay.spec.StoredCode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.types.StructType;

/**
 * The ledger's tables: each one's directory under the ledger root (also its name in the catalog
 * database, {@code assay.runs} ...) and its schema. The directory names are on disk in every
 * warehouse, so they never change.
 */
public enum LedgerTableName implements StoredCode {
  /** Not append-only: a run's row is replaced when the run ends, and an abandoned run's row is updated. */
  RUNS(LedgerSchemas.RUNS, false),
  /** Not append-only: a promotion updates stages, and a failed run's model row is deleted by its rollback. */
  MODELS(LedgerSchemas.MODELS, false),
  /**
   * Not append-only: the rollback of a failed or abandoned run deletes its metric rows. So deleting rows
   * cannot be refused here; {@code ledger check} lists every metric row removed by a commit Assay did not make.
   */
  METRICS(LedgerSchemas.METRICS, false),
  /** Append-only: measurements are only ever appended, never merged, updated or rolled back. */
  BENCHMARKS(LedgerSchemas.BENCHMARKS, true),
  /** Not append-only: the rollback of a failed {@code retrain} deletes the drift rows it wrote. */
  DATA_DRIFT(LedgerSchemas.DATA_DRIFT, false),
  /** Not append-only: the rollback of a failed {@code monitor} run deletes the rows it wrote. */
  ALERTS(LedgerSchemas.ALERTS, false);

  /** The tables every job needs, created together by {@link Ledger#ensureTables()}; the others on first use. */
  public static final List<LedgerTableName> CORE = List.of(RUNS, MODELS, METRICS);

  /**
   * How long Delta keeps a table's commit history: {@code ledger check} reads every commit from the log,
   * and Delta's default (30 days) deletes older commit files at the next checkpoint, and with them the
   * evidence. A year outlasts any sensible schedule of the check (run it daily or weekly, beside the jobs),
   * while the log directory stays bounded: one file per commit and a few commits per run, against HDFS's
   * default limit of about a million entries per directory and object-store listings. Snapshot reads
   * start from the latest checkpoint, so a long history costs storage of small files, not read time.
   */
  static final String LOG_RETENTION = "interval 365 days";

  /**
   * How long VACUUM keeps the data files of removed rows: listing what a foreign commit removed (and
   * restoring it with {@code RESTORE TABLE}) needs the version before it, files included. Ledger tables
   * are small; a month of removed files (Delta's default is a week) is cheap.
   */
  static final String DELETED_FILE_RETENTION = "interval 30 days";

  private final StructType schema;
  private final boolean appendOnly;

  LedgerTableName(StructType schema, boolean appendOnly) {
    this.schema = schema;
    this.appendOnly = appendOnly;
  }

  /**
   * The Delta table properties a ledger table carries. {@code delta.appendOnly} makes Delta itself refuse
   * every commit that deletes or updates rows (a notebook's DELETE fails until someone lifts the property,
   * which is a commit {@code ledger check} reports); it is set only where Assay never removes a row.
   */
  public Map<String, String> properties() {
    Map<String, String> p = new TreeMap<>();
    p.put("delta.logRetentionDuration", LOG_RETENTION);
    p.put("delta.deletedFileRetentionDuration", DELETED_FILE_RETENTION);
    if (appendOnly) {
      p.put("delta.appendOnly", "true");
    }
    return p;
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
