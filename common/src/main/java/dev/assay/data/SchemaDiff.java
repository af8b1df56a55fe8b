package dev.assay.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Names the columns in which a source schema differs from a table schema, for error messages:
 * Delta's own mismatch message prints both full schemas and leaves the reader to compare them.
 */
final class SchemaDiff {
  private SchemaDiff() {}

  /**
   * A one-line description such as {@code "not in the table: [bonus]; other type: age (table
   * int, source string)"}, or an empty string when the top-level columns agree. Names compare
   * case-insensitively, as Spark and Delta resolve them by default.
   */
  static String describe(StructType table, StructType source) {
    Map<String, StructField> tableFields = byName(table);
    Map<String, StructField> sourceFields = byName(source);
    List<String> extra = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    // catalogString leaves out nullability, which Delta reconciles by itself.
    for (Map.Entry<String, StructField> e : sourceFields.entrySet()) {
      StructField t = tableFields.get(e.getKey());
      StructField s = e.getValue();
      if (t == null) {
        extra.add(s.name());
      } else if (!t.dataType().catalogString().equals(s.dataType().catalogString())) {
        changed.add(s.name() + " (table " + t.dataType().simpleString() + ", source "
            + s.dataType().simpleString() + ")");
      }
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, StructField> e : tableFields.entrySet()) {
      if (!sourceFields.containsKey(e.getKey())) {
        missing.add(e.getValue().name());
      }
    }
    List<String> parts = new ArrayList<>();
    if (!extra.isEmpty()) {
      parts.add("source columns not in the table: " + extra);
    }
    if (!changed.isEmpty()) {
      parts.add("columns with another type: " + String.join(", ", changed));
    }
    if (!missing.isEmpty()) {
      parts.add("table columns missing from the source: " + missing);
    }
    return String.join("; ", parts);
  }

  private static Map<String, StructField> byName(StructType schema) {
    Map<String, StructField> fields = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      fields.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    return fields;
  }
}
