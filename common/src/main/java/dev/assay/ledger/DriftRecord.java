package dev.assay.ledger;

import java.sql.Timestamp;

/**
 * One row of the {@code data_drift} table: how one feature (or, for feature {@code __table__}, the
 * whole table: row counts and schema) moved from one version of a table to another. Keyed by
 * (table id, from version, to version, feature).
 */
public record DriftRecord(
    String table,
    String tableId,
    long fromVersion,
    long toVersion,
    String feature,
    String kind,
    Double psi,
    Integer bins,
    long fromRows,
    long toRows,
    Long fromMissing,
    Long toMissing,
    String schemaChange,
    String method,
    String runId,
    String codeVersion,
    Timestamp computedAt) {

  /** The feature name of the whole-table row (row counts and every schema change). */
  public static final String TABLE = "__table__";
}
