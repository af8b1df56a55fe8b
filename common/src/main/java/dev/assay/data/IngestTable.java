package dev.assay.data;

import dev.assay.errors.AssayException;
import dev.assay.errors.IngestErrors;
import dev.assay.spark.SparkMessages;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Loads a CSV or Parquet file (or directory) into a Delta table as exactly one new version.
 *
 * <p>Either the whole source lands in one commit or the table is left as it was: Delta commits
 * atomically, empty sources are refused before writing, and a table this call created is
 * removed again when its first write fails.
 */
public final class IngestTable {
  /** Options for the Delta writer; every other option goes to the CSV/Parquet reader. */
  private static final Set<String> WRITER_OPTIONS = Set.of("mergeschema", "overwriteschema", "usermetadata");
  /** A DDL schema ("id INT, name STRING") that replaces CSV schema inference. */
  public static final String SCHEMA_OPTION = "schema";

  private static final Logger LOG = LoggerFactory.getLogger(IngestTable.class);

  private IngestTable() {}

  /**
   * Appends (or overwrites with) the rows of {@code source} to the Delta table at
   * {@code targetTable}, creating it if missing.
   *
   * @param format {@code csv} or {@code parquet}; null infers it from the extension or, for a
   *     directory, from its files
   * @param mode {@code append} (the default when null) or {@code overwrite}; an overwrite keeps
   *     the table schema unless {@code overwriteSchema=true} or {@code mergeSchema=true} is given
   * @param options reader options (CSV defaults: {@code header=true}, {@code inferSchema=true};
   *     {@value #SCHEMA_OPTION} takes a DDL schema) plus the Delta writer options
   *     {@code mergeSchema}, {@code overwriteSchema} and {@code userMetadata}
   * @throws AssayException INPUT_DATA for a missing, empty or unreadable source or a schema
   *     mismatch; USAGE for an unknown format or mode, or a target that is not a Delta table
   */
  public static IngestResult ingest(SparkSession spark, String source, String format, String targetTable,
      String mode, Map<String, String> options) {
    if (source == null || source.isBlank() || targetTable == null || targetTable.isBlank()) {
      throw IngestErrors.sourceOrTargetMissing(source, targetTable);
    }
    String writeMode = resolveMode(mode);
    Map<String, String> readerOptions = new LinkedHashMap<>();
    Map<String, String> writerOptions = new LinkedHashMap<>();
    if (options != null) {
      options.forEach((k, v) -> (WRITER_OPTIONS.contains(k.toLowerCase(Locale.ROOT)) ? writerOptions
          : readerOptions).put(k, v));
    }
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    String fmt = SourceFiles.resolveFormat(source, format, hadoopConf);
    boolean existed = checkTarget(spark, targetTable, hadoopConf);
    long before = existed ? latestVersion(spark, targetTable) : -1;

    Dataset<Row> data = read(spark, source, fmt, readerOptions);
    if (data.isEmpty()) {
      throw IngestErrors.sourceEmpty(source, data.schema().isEmpty(), targetTable);
    }
    boolean replaceSchema = writerOptions.entrySet().stream().anyMatch(o ->
        o.getKey().equalsIgnoreCase("overwriteSchema") && o.getValue().equalsIgnoreCase("true"));
    if (existed && !replaceSchema) {
      data = TypeWidening.alignTo(data, spark.read().format("delta").load(targetTable).schema());
    }
    try {
      data.write().format("delta").mode(writeMode).options(writerOptions).save(targetTable);
    } catch (Exception e) {
      if (!existed) {
        removeFailedCreation(spark, targetTable, hadoopConf);
      }
      throw writeFailure(spark, source, targetTable, writeMode, existed, data.schema(), e);
    }

    DeltaCommits.Commit commit = DeltaCommits.latest(spark, targetTable);
    long version = commit.version();
    if (version != before + 1) {
      LOG.warn("ingest: {} moved from v{} to v{} during this ingest: another writer committed too",
          targetTable, before, version);
    }
    String tableId = DeltaLog.forTable(spark, targetTable).update(false, Option.empty(), Option.empty())
        .metadata().id();
    long rows = outputRows(commit, data);
    LOG.info("ingest: wrote {} rows from {} to {} v{}", rows, source, targetTable, version);
    return new IngestResult(targetTable, tableId, version, rows);
  }

  private static String resolveMode(String mode) {
    String m = mode == null || mode.isBlank() ? "append" : mode.trim().toLowerCase(Locale.ROOT);
    if (!m.equals("append") && !m.equals("overwrite")) {
      throw IngestErrors.unknownMode(mode);
    }
    return m;
  }

  /** Returns whether the target is an existing Delta table; refuses any other existing data. */
  private static boolean checkTarget(SparkSession spark, String target, Configuration hadoopConf) {
    if (DeltaTable.isDeltaTable(spark, target)) {
      return true;
    }
    try {
      Path path = new Path(target);
      FileSystem fs = path.getFileSystem(hadoopConf);
      // Writing a Delta log into a directory of other files would silently adopt or hide them.
      if (fs.exists(path) && (fs.isFile(path) || fs.listStatus(path).length > 0)) {
        throw IngestErrors.targetNotDelta(target);
      }
      return false;
    } catch (IOException e) {
      throw IngestErrors.targetUnreadable(target, e.getMessage(), e);
    }
  }

  private static long latestVersion(SparkSession spark, String table) {
    return DeltaCommits.latest(spark, table).version();
  }

  private static Dataset<Row> read(SparkSession spark, String source, String format, Map<String, String> options) {
    DataFrameReader reader = spark.read().format(format);
    if (format.equals("csv")) {
      reader = reader.option("header", "true").option("inferSchema", "true");
    }
    for (Map.Entry<String, String> o : options.entrySet()) {
      if (o.getKey().equalsIgnoreCase(SCHEMA_OPTION)) {
        reader = reader.schema(parseSchema(source, o.getValue()));
      } else {
        reader = reader.option(o.getKey(), o.getValue());
      }
    }
    try {
      return reader.load(source);
    } catch (Exception e) {
      // Scala does not declare AnalysisException, so javac will not let us catch it by name here.
      if (e instanceof AnalysisException) {
        throw IngestErrors.sourceNotReadable(source, format, SparkMessages.firstLine(e), e);
      }
      throw e;
    }
  }

  private static StructType parseSchema(String source, String ddl) {
    try {
      return StructType.fromDDL(ddl);
    } catch (Exception e) {
      // ParseException is an AnalysisException, hence checked in Java's eyes yet undeclared.
      throw IngestErrors.badSchemaOption(source, ddl, SparkMessages.firstLine(e), e);
    }
  }

  /** A table this ingest was creating must not stay behind as a directory of orphan files. */
  private static void removeFailedCreation(SparkSession spark, String target, Configuration hadoopConf) {
    try {
      if (!DeltaTable.isDeltaTable(spark, target)) {
        Path path = new Path(target);
        path.getFileSystem(hadoopConf).delete(path, true);
      }
    } catch (IOException | RuntimeException cleanup) {
      LOG.warn("ingest: could not remove the partly created {}: {}", target, cleanup.toString());
    }
  }

  private static RuntimeException writeFailure(SparkSession spark, String source, String target, String mode,
      boolean existed, StructType sourceSchema, Exception e) {
    if (!(e instanceof AnalysisException)) {
      // A FAILFAST parse error surfaces inside the job failure, several causes deep.
      for (Throwable t = e; t != null; t = t.getCause()) {
        String what = SparkMessages.firstLine(t);
        if (what.contains("MALFORMED_RECORD") || what.contains("Malformed record")) {
          return IngestErrors.malformedRecords(source, what, e);
        }
      }
      return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    String diff = existed
        ? SchemaDiff.describe(spark.read().format("delta").load(target).schema(), sourceSchema)
        : "";
    if (!diff.isEmpty()) {
      String fix = mode.equals("append")
          ? "make the source match the table, or pass mergeSchema=true to add new columns"
          : "make the source match the table, or pass overwriteSchema=true to replace the schema";
      return IngestErrors.schemasDiffer(what(mode, source, target), diff, fix, e);
    }
    return IngestErrors.writeFailed(what(mode, source, target), SparkMessages.firstLine(e), e);
  }

  private static String what(String mode, String source, String target) {
    return mode.equals("append")
        ? "Cannot append " + source + " to " + target
        : "Cannot overwrite " + target + " with " + source;
  }

  /** Delta records the rows a write added; counting the source again would read it twice. */
  private static long outputRows(DeltaCommits.Commit commit, Dataset<Row> data) {
    return commit.metric("numOutputRows").map(Long::parseLong).orElseGet(data::count);
  }

}
