package dev.assay.data;

/**
 * What one {@link IngestTable#ingest} call committed.
 *
 * @param table the Delta table location written to
 * @param tableId the table's identity: {@code metaData.id} of its Delta snapshot, stable across
 *     renames and moves, unlike the path
 * @param version the table version the ingest created
 * @param rows the number of rows that version added
 */
public record IngestResult(String table, String tableId, long version, long rows) {}
