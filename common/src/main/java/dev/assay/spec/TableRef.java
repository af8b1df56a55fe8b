package dev.assay.spec;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A Delta table read at a pinned point in its history: the latest version, an exact
 * {@code version}, or the version current at a {@code timestamp}; never both.
 *
 * <p>The timestamp is kept as written; it must parse as an ISO-8601 date-time with or without an
 * offset ({@code 2026-11-01T10:00:00Z}, {@code 2026-11-01T10:00:00}), with a space instead of the
 * {@code T} ({@code 2026-11-01 10:00:00}), or as a date ({@code 2026-11-01}).
 *
 * @param table the table, as a path or name relative to the warehouse
 * @param version the Delta version to read, at least 0, or null
 * @param timestamp the point in time to read, or null
 * @param filter a Spark SQL boolean expression over the table's columns, applied after the
 *     versioned read (e.g. {@code region = 'north'}), or null for every row; it changes the data,
 *     so it is part of an evaluation's identity ({@code eval_filter} in the metrics table)
 */
public record TableRef(String table, Long version, String timestamp, String filter) {
  private static final List<DateTimeFormatter> DATE_TIMES =
      List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME, DateTimeFormatter.ISO_LOCAL_DATE_TIME);

  public TableRef {
    table = Checks.requireText("table", table, "table name");
    String tableProblem = Names.tableProblem(table);
    if (tableProblem != null) {
      throw SpecException.invalid("table", tableProblem);
    }
    if (version != null && version < 0) {
      throw SpecException.invalid("version", "must be >= 0, got " + version);
    }
    if (timestamp != null && !isTimestamp(timestamp)) {
      throw SpecException.invalid("timestamp", "must be an ISO-8601 date-time or date such as "
          + "2026-11-01T10:00:00Z, 2026-11-01 10:00:00 or 2026-11-01, got " + Checks.show(timestamp));
    }
    if (version != null && timestamp != null) {
      throw SpecException.invalid("", "sets both version and timestamp: use one of version or timestamp");
    }
    filter = Checks.optionalText("filter", filter, "Spark SQL boolean expression");
  }

  /** A reference without a row filter. */
  public TableRef(String table, Long version, String timestamp) {
    this(table, version, timestamp, null);
  }

  /** The latest version of {@code table}. */
  public static TableRef latest(String table) {
    return new TableRef(table, null, null);
  }

  /** Version {@code version} of {@code table}. */
  public static TableRef atVersion(String table, long version) {
    return new TableRef(table, version, null);
  }

  private static boolean isTimestamp(String s) {
    String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + "T" + s.substring(11) : s;
    for (DateTimeFormatter f : DATE_TIMES) {
      try {
        f.parse(t);
        return true;
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    try {
      LocalDate.parse(t);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
