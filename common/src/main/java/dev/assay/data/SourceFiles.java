package dev.assay.data;

import dev.assay.errors.IngestErrors;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks an ingest source on its file system and settles its format, before Spark reads it:
 * Spark's own errors for a missing path or an unreadable format name neither the fix nor the
 * option to pass.
 */
final class SourceFiles {
  static final Set<String> FORMATS = Set.of("csv", "parquet");

  private SourceFiles() {}

  /**
   * Returns {@code format} normalised, or the format inferred from the source's extension or,
   * for a directory, from its data files' extensions.
   */
  static String resolveFormat(String source, String format, Configuration hadoopConf) {
    if (format != null && !format.isBlank()) {
      String f = format.trim().toLowerCase(Locale.ROOT);
      if (!FORMATS.contains(f)) {
        throw IngestErrors.unknownFormat(source, format);
      }
      checkSource(source, hadoopConf);
      return f;
    }
    FileStatus[] matches = checkSource(source, hadoopConf);
    String byName = formatOfName(stripSlash(source));
    if (byName != null) {
      return byName;
    }
    if (matches.length == 1 && matches[0].isDirectory()) {
      return formatOfDirectory(source, matches[0].getPath(), hadoopConf);
    }
    throw IngestErrors.formatNotInName(source);
  }

  /** Fails with INPUT_DATA naming the path when nothing exists there; refuses Delta tables. */
  private static FileStatus[] checkSource(String source, Configuration hadoopConf) {
    try {
      Path path = new Path(source);
      FileSystem fs = path.getFileSystem(hadoopConf);
      // globStatus also serves plain paths, and lets users name a set of files with wildcards.
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw IngestErrors.sourceNotFound(source, fs.makeQualified(path));
      }
      for (FileStatus m : matches) {
        // The parquet files of a Delta table include removed ones: reading them directly is wrong.
        if (m.isDirectory() && fs.exists(new Path(m.getPath(), "_delta_log"))) {
          throw IngestErrors.sourceIsDelta(source);
        }
      }
      return matches;
    } catch (IOException e) {
      throw IngestErrors.sourceInaccessible(source, e.getMessage(), e);
    }
  }

  private static String formatOfDirectory(String source, Path dir, Configuration hadoopConf) {
    String found = null;
    try {
      FileSystem fs = dir.getFileSystem(hadoopConf);
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        // Spark skips _SUCCESS, _metadata and hidden .crc files when reading; so does inference.
        if (name.startsWith("_") || name.startsWith(".") || f.isDirectory()) {
          continue;
        }
        String format = formatOfName(name);
        if (format == null || (found != null && !found.equals(format))) {
          throw IngestErrors.mixedDirectory(source, name);
        }
        found = format;
      }
    } catch (IOException e) {
      throw IngestErrors.listingFailed(source, e.getMessage(), e);
    }
    if (found == null) {
      throw IngestErrors.noDataFiles(source);
    }
    return found;
  }

  private static String formatOfName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv") || n.endsWith(".csv.gz")) {
      return "csv";
    }
    if (n.endsWith(".parquet")) {
      return "parquet";
    }
    return null;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
