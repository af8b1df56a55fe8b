package dev.assay.spec;

import dev.assay.errors.SpecErrors;
import java.util.regex.Pattern;

/**
 * The one check of every name that ends up in a path or in SQL: model names, table names, output
 * tables and the ledger root. A model name is a plain name (never a path); a table name is a path
 * relative to the warehouse, an absolute path or a URI (as documented), but never one that climbs
 * out of where it points with {@code ..}, and never with control characters. Also quotes
 * identifiers and string literals for the few SQL statements Assay builds itself.
 */
public final class Names {
  /** Model names: lowercase letters, digits, '_', '.', '-'; at most 64 characters; no '..'. */
  public static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private Names() {}

  /** Null if {@code name} is a valid model name, else why not. */
  public static String modelNameProblem(String name) {
    if (name == null || !MODEL_NAME.matcher(name).matches() || name.contains("..")) {
      return "must match " + MODEL_NAME.pattern() + " (lowercase letters, digits, '_', '.', '-', at most 64 "
          + "characters, no '..'; a name, not a path), got " + Checks.show(name);
    }
    return null;
  }

  /** Null if {@code table} is an acceptable table location, else why not. */
  public static String tableProblem(String table) {
    if (table == null || table.isBlank()) {
      return "must be a non-blank table name, got " + Checks.show(table);
    }
    if (CONTROL.matcher(table).find()) {
      return "must not contain control characters, got " + Checks.show(table);
    }
    String path = table.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "").replaceFirst("^file:", "");
    for (String segment : path.split("[/\\\\]")) {
      if (segment.equals("..")) {
        return "must not contain '..' (a table is named relative to the warehouse, or by an absolute path or "
            + "URI that points at it directly), got " + Checks.show(table);
      }
    }
    return null;
  }

  /** Throws a usage error naming {@code what} (a spec key or an option) unless {@code table} is acceptable. */
  public static String checkTable(String what, String table) {
    String problem = tableProblem(table);
    if (problem != null) {
      throw SpecErrors.invalidName(what, problem);
    }
    return table;
  }

  /** Throws a usage error naming {@code what} unless {@code name} is a valid model name. */
  public static String checkModelName(String what, String name) {
    String problem = modelNameProblem(name);
    if (problem != null) {
      throw SpecErrors.invalidName(what, problem);
    }
    return name;
  }

  /** A Spark SQL identifier in backticks, inner backticks doubled: safe for any name. */
  public static String quoteIdentifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A Spark SQL string literal in single quotes, backslashes and quotes escaped. */
  public static String quoteString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
