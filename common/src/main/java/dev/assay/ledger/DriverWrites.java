package dev.assay.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.errors.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.delta.NoMapping$;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.immutable.Map$;

/**
 * Writes the few rows of a small ledger table's commit as one Parquet file, in the driver's thread, for a
 * transaction of Assay's own ({@link RowTransaction}): what {@code OptimisticTransaction.writeFiles} does in a Spark
 * job, without the job.
 *
 * <p>Why: a Spark job of one task for one row (the RUNNING row, a closed run, a registration) costs its planning,
 * the task's scheduling and its result's return, 0.05–0.1 s on two cores, three times per command; the rows are
 * already on the driver. The file is the one Spark writes: Spark's own Parquet writer ({@code ParquetFileFormat}'s
 * output writer, the session's compression), fed by Spark's own row encoder, so a reader cannot tell it from a
 * task's file.
 *
 * <p>Its statistics (the {@code add} action's {@code stats}, which Delta's and Kernel's file skipping read) are
 * computed from the rows: the row count, the null count of every top-level column of an atomic type, and the
 * exact minimum and maximum of every top-level string, int and long column, ordered as Spark orders them (strings
 * by UTF-8 bytes). Those are the columns the ledger's lookups filter on (run id, status, model name and version,
 * null errors). Other columns have no bounds: a reader then keeps the file, never skips it wrongly. Exact string
 * bounds are tighter than Delta's 32-character prefixes and just as valid.
 */
final class DriverWrites {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DriverWrites() {}

  /**
   * Writes {@code rows} (of the transaction's table schema, every non-nullable column set) as one new data file of
   * {@code txn}'s table (at {@code table}), and returns its {@code add} action for the transaction to commit.
   */
  static AddFile write(SparkSession spark, OptimisticTransaction txn, String table, List<Row> rows) {
    Metadata metadata = txn.metadata();
    Preconditions.checkArgument(metadata.partitionColumns().isEmpty()
        && metadata.columnMappingMode() == NoMapping$.MODULE$, "Cannot write ledger table %s on the driver: it is "
        + "partitioned or maps column names, which the ledger never does", table);
    StructType schema = metadata.schema();
    for (Row row : rows) {
      for (int i = 0; i < schema.size(); i++) {
        Preconditions.checkArgument(schema.fields()[i].nullable() || !row.isNullAt(i), "Cannot write a null to "
            + "column '%s' of ledger table %s: the column is not nullable", schema.fields()[i].name(), table);
      }
    }
    String name = "part-00000-" + UUID.randomUUID() + "-c000.snappy.parquet";
    Path file = new Path(txn.deltaLog().dataPath(), name);
    try {
      Configuration conf = txn.deltaLog().newDeltaHadoopConf();
      Job job = Job.getInstance(conf);
      var factory = new ParquetFileFormat().prepareWrite(spark, job, Map$.MODULE$.empty(), schema);
      var context = new TaskAttemptContextImpl(job.getConfiguration(), new TaskAttemptID());
      ExpressionEncoder.Serializer<Row> encoder = ExpressionEncoder.apply(RowEncoder.encoderFor(schema))
          .createSerializer();
      OutputWriter writer = factory.newInstance(file.toString(), schema, context);
      try {
        for (Row row : rows) {
          writer.write(encoder.apply(row));
        }
      } finally {
        writer.close();
      }
      FileStatus status = file.getFileSystem(conf).getFileStatus(file);
      ObjectNode add = JSON.createObjectNode();
      add.put("path", name);
      add.putObject("partitionValues");
      add.put("size", status.getLen());
      add.put("modificationTime", status.getModificationTime());
      add.put("dataChange", true);
      add.put("stats", stats(schema, rows).toString());
      ObjectNode action = JSON.createObjectNode();
      action.set("add", add);
      return (AddFile) Action.fromJson(action.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a data file of ledger table " + table + ": " + e.getMessage(), e);
    }
  }

  /** Delta's statistics of {@code rows}, as the class comment says. */
  private static ObjectNode stats(StructType schema, List<Row> rows) {
    ObjectNode stats = JSON.createObjectNode();
    stats.put("numRecords", rows.size());
    ObjectNode min = stats.putObject("minValues");
    ObjectNode max = stats.putObject("maxValues");
    ObjectNode nulls = stats.putObject("nullCount");
    for (int i = 0; i < schema.size(); i++) {
      StructField field = schema.fields()[i];
      if (field.dataType() instanceof StructType || field.dataType() instanceof ArrayType
          || field.dataType() instanceof MapType) {
        continue;
      }
      long nullCount = 0;
      Object low = null;
      Object high = null;
      for (Row row : rows) {
        if (row.isNullAt(i)) {
          nullCount++;
          continue;
        }
        Object v = row.get(i);
        if (low == null || compare(field, v, low) < 0) {
          low = v;
        }
        if (high == null || compare(field, v, high) > 0) {
          high = v;
        }
      }
      nulls.put(field.name(), nullCount);
      if (low != null && bounded(field)) {
        min.set(field.name(), JSON.valueToTree(low));
        max.set(field.name(), JSON.valueToTree(high));
      }
    }
    return stats;
  }

  /** Whether the column's statistics carry bounds: the types the ledger filters on, compared exactly. */
  private static boolean bounded(StructField field) {
    return field.dataType() instanceof StringType || field.dataType() instanceof IntegerType
        || field.dataType() instanceof LongType;
  }

  /** Spark's order of two non-null values of a bounded column (strings by UTF-8 bytes); 0 for the others. */
  private static int compare(StructField field, Object a, Object b) {
    if (field.dataType() instanceof StringType) {
      return UTF8String.fromString((String) a).compareTo(UTF8String.fromString((String) b));
    }
    if (bounded(field)) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
    return 0;
  }
}
