package dev.assay.jobs;

import dev.assay.errors.AssayException;
import dev.assay.errors.UsageErrors;
import dev.assay.spec.TableRef;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one parser of table references given as option values ({@code TABLE[@VERSION|@TIMESTAMP]},
 * {@code NAME=TABLE[@...]}), so every command reads and rejects them alike. Model references
 * ({@code NAME[:VERSION]}) are parsed by {@link dev.assay.ledger.ModelRef#parse}.
 */
final class OptionValues {
  private OptionValues() {}

  /** {@code TABLE[@VERSION|@TIMESTAMP]} of {@code option} as one table reference. */
  static TableRef table(String option, String text) {
    Map<String, TableRef> one = new LinkedHashMap<>();
    try {
      eval("x=" + text, one);
    } catch (AssayException e) {
      throw UsageErrors.tableOptionInvalid(option, text, e.getMessage());
    }
    return one.get("x");
  }

  /**
   * {@code --eval NAME=TABLE[@VERSION|@TIMESTAMP]} into {@code refs}; without {@code NAME=} the
   * table's last path segment, lower-cased, names it.
   */
  static void eval(String text, Map<String, TableRef> refs) {
    int eq = text.indexOf('=');
    String name = eq > 0 ? text.substring(0, eq) : null;
    String rest = eq > 0 ? text.substring(eq + 1) : text;
    int at = rest.lastIndexOf('@');
    String table = at > 0 ? rest.substring(0, at) : rest;
    String when = at > 0 ? rest.substring(at + 1) : null;
    Long version = null;
    String timestamp = null;
    if (when != null) {
      if (when.matches("v?\\d+")) {
        version = Long.parseLong(when.startsWith("v") ? when.substring(1) : when);
      } else {
        timestamp = when;
      }
    }
    if (table.isBlank()) {
      throw UsageErrors.evalOptionForm(text);
    }
    if (name == null) {
      name = table.substring(table.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    }
    try {
      refs.put(name, new TableRef(table, version, timestamp));
    } catch (AssayException e) {
      throw UsageErrors.evalOptionInvalid(text, e.getMessage());
    }
  }
}
