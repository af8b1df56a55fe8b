package dev.assay.version;

import dev.assay.errors.Preconditions;

/**
 * The identity of one version of one Delta table: the table's id from its Delta metadata and the
 * version number. The path and the commit timestamp are labels that help people, not identity:
 * a table moved to another path is the same data.
 */
public record DataVersion(String tableId, long version, String path, long commitTimestampMillis) {
  public DataVersion {
    Preconditions.checkArgument(tableId != null && !tableId.isBlank(), "Cannot create DataVersion: table id is empty");
    Preconditions.checkArgument(version >= 0, "Cannot create DataVersion: version %s is negative", version);
    Preconditions.checkArgument(path != null, "Cannot create DataVersion: path is null");
  }

  /** The identity part only, {@code <tableId>@v<version>}, for keys and logs. */
  public String identity() {
    return tableId + "@v" + version;
  }
}
