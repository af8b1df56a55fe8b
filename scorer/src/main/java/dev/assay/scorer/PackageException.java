package dev.assay.scorer;

/**
 * Why a package or a row cannot be scored. Every message starts with "Cannot", says what failed, why and how to
 * fix it; {@link #kind()} says whose fault it is, which Assay maps to its exit codes and {@code serve} to HTTP.
 */
public final class PackageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whose fault: the caller's request, the package (altered, or read by the wrong runtime), or a row. */
  public enum Kind {
    /** Not a package, or one this scorer does not read: Assay exit 2. */
    USAGE,
    /** A file changed since export, or a runtime that does not reproduce the golden outputs: Assay exit 5. */
    NOT_REPRODUCED,
    /** A row that cannot be scored (a missing column, a value of the wrong type): HTTP 400. */
    BAD_ROW
  }

  private final Kind kind;
  private final String column;

  PackageException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  PackageException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, null);
  }

  private PackageException(Kind kind, String message, Throwable cause, String column) {
    super(message, cause);
    this.kind = kind;
    this.column = column;
  }

  public Kind kind() {
    return kind;
  }

  /** The input column a {@link Kind#BAD_ROW} error is about, or null. */
  public String column() {
    return column;
  }

  /** A manifest key that is missing or wrong. */
  static PackageException corrupt(String key, String problem) {
    return new PackageException(Kind.USAGE, "Cannot read the package manifest: " + key + " " + problem + ".");
  }

  static PackageException notAPackage(String dir, String why) {
    return new PackageException(Kind.USAGE, "Cannot load a model package from " + dir + ": " + why
        + ". Point to a directory written by `assay export`.");
  }

  static PackageException fileChanged(String dir, String file, String expected, String actual) {
    return new PackageException(Kind.NOT_REPRODUCED, "Cannot load the model package " + dir + ": " + file
        + " has SHA-256 " + actual + ", the manifest records " + expected + "; the file was altered after export. "
        + "Export the model again.");
  }

  static PackageException fileMissing(String dir, String file) {
    return new PackageException(Kind.NOT_REPRODUCED, "Cannot load the model package " + dir + ": " + file
        + " is listed in the manifest but missing. Copy the whole package directory, or export the model again.");
  }

  static PackageException runtimeTooOld(String runtime, String have, String min, String why) {
    return new PackageException(Kind.NOT_REPRODUCED, "Cannot score with " + runtime + " " + have
        + ": the package needs " + runtime + " >= " + min + " (" + why + "). Use a newer " + runtime + ".");
  }

  static PackageException goldenMismatch(String ref, String runtime, String version, int row, String field,
      Object expected, Object actual, int differing, int rows) {
    return new PackageException(Kind.NOT_REPRODUCED, "Cannot use the model package of " + ref + " with " + runtime
        + " " + version + ": it gives " + field + " = " + actual + " on golden row " + row + " where Assay's Spark "
        + "score gave " + expected + " (" + differing + " of " + rows + " golden rows differ). The runtime does not "
        + "read the model as it was trained; use the runtime versions in the manifest's `runtimes`.");
  }

  static PackageException pipelineMismatch(String ref, int row, String feature, Object expected, Object actual,
      int differing, int rows) {
    return new PackageException(Kind.NOT_REPRODUCED, "Cannot use the model package of " + ref + ": its feature "
        + "pipeline gives " + feature + " = " + actual + " on golden row " + row + " where Assay's Spark pipeline gave "
        + expected + " (" + differing + " of " + rows + " golden rows differ). The package's feature section and "
        + "this scorer disagree; export the model again with the Assay that ships this scorer.");
  }

  static PackageException badRow(String column, String reason) {
    return new PackageException(Kind.BAD_ROW, "Cannot score the row: column " + column + " " + reason + ".", null,
        column);
  }

  static PackageException unreadable(String dir, String file, Throwable cause) {
    return new PackageException(Kind.USAGE, "Cannot read " + file + " of the model package " + dir + ": "
        + cause.getMessage(), cause);
  }
}
