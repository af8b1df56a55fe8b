package dev.assay.data;

import dev.assay.errors.Preconditions;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where relative table names live: {@code demo/train} means {@code <warehouse>/demo/train}.
 * Absolute paths and URIs ({@code s3a://}, {@code hdfs://}, {@code file:/}) are used as they are.
 */
public record Warehouse(String root) {
  public Warehouse {
    Preconditions.checkArgument(root != null && !root.isBlank(), "Cannot create Warehouse: root is empty");
    root = isUri(root) ? stripSlash(root) : Paths.get(root).toAbsolutePath().normalize().toString();
  }

  /** The warehouse named by {@code --warehouse}, else {@code $ASSAY_WAREHOUSE}, else {@code ./assay-warehouse}. */
  public static Warehouse fromEnvironment(String explicit) {
    if (explicit != null && !explicit.isBlank()) {
      return new Warehouse(explicit);
    }
    String env = System.getenv("ASSAY_WAREHOUSE");
    return new Warehouse(env != null && !env.isBlank() ? env : "assay-warehouse");
  }

  /** The location of a table given by name (relative) or by path. */
  public String resolve(String table) {
    Preconditions.checkArgument(table != null && !table.isBlank(), "Cannot resolve table: name is empty");
    if (isUri(table)) {
      return stripSlash(table);
    }
    Path p = Paths.get(table);
    if (p.isAbsolute()) {
      return p.normalize().toString();
    }
    if (isUri(root)) {
      return root + "/" + table;
    }
    return Paths.get(root).resolve(p).normalize().toString();
  }

  private static boolean isUri(String s) {
    if (!s.contains("://") && !s.startsWith("file:")) {
      return false;
    }
    try {
      return URI.create(s).getScheme() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
