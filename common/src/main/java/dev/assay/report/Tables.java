package dev.assay.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;
import scala.collection.Map;
import scala.collection.Seq;

/** Prints query results for people (aligned columns) or for programs (RFC 4180 CSV). */
public final class Tables {
  private Tables() {}

  public static void csv(Dataset<Row> df, PrintStream out) {
    out.println(String.join(",", List.of(df.columns()).stream().map(Tables::csvCell).toList()));
    var it = df.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        cells.add(csvCell(format(r.get(i))));
      }
      out.println(String.join(",", cells));
    }
    out.flush();
  }

  static String csvCell(String s) {
    if (s == null) {
      return "";
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Aligned text table; doubles with 6 significant decimals, long cells cut at 60 characters. */
  public static void text(Dataset<Row> df, PrintStream out, int limit) {
    List<Row> rows = df.limit(limit).collectAsList();
    String[] cols = df.columns();
    int[] width = new int[cols.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < cols.length; i++) {
      width[i] = cols[i].length();
    }
    for (Row r : rows) {
      String[] c = new String[cols.length];
      for (int i = 0; i < cols.length; i++) {
        Object v = r.get(i);
        String s = v instanceof Double d ? String.format("%.6f", d) : format(v);
        s = s == null ? "" : s;
        c[i] = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cols.length; i++) {
      line.append(i == 0 ? "" : "  ").append(pad(cols[i], width[i]));
    }
    out.println(line.toString().stripTrailing());
    for (String[] c : cells) {
      line.setLength(0);
      for (int i = 0; i < cols.length; i++) {
        line.append(i == 0 ? "" : "  ").append(pad(c[i], width[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  static String format(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Seq<?> seq) {
      return JavaConverters.seqAsJavaList(seq).toString();
    }
    if (v instanceof Map<?, ?> map) {
      return JavaConverters.mapAsJavaMap(map).toString();
    }
    return v.toString();
  }
}
