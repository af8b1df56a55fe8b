package dev.assay.ledger;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas of the ledger tables. Flat and typed on purpose: analysts query them with plain SQL,
 * so there are no JSON blobs except the spec itself, which is kept verbatim for audit. Nested
 * fields are nullable because Delta cannot enforce NOT NULL inside arrays.
 */
public final class LedgerSchemas {
  private LedgerSchemas() {}

  /** A data version as stored: the path is a label, (table_id, version) the identity. */
  public static final StructType DATA_VERSION = struct(
      f("role", StringType, true),
      f("table", StringType, true),
      f("table_id", StringType, true),
      f("version", LongType, true),
      f("commit_timestamp", TimestampType, true));

  public static final StructType RUNS = struct(
      f("run_id", StringType, false),
      f("run_key", StringType, true),
      f("command", StringType, false),
      f("status", StringType, false),
      f("started_at", TimestampType, false),
      f("ended_at", TimestampType, true),
      f("spec", StringType, true),
      f("code_version", StringType, false),
      f("code_dirty", BooleanType, false),
      f("project_version", StringType, false),
      f("data_versions", createArrayType(DATA_VERSION, true), true),
      f("spark_version", StringType, false),
      f("xgboost_version", StringType, true),
      f("java_version", StringType, false),
      f("master", StringType, true),
      f("engine", StringType, false),
      f("exit_code", IntegerType, true),
      f("error", StringType, true),
      f("scheduler_context", createMapType(StringType, StringType, true), true),
      f("user", StringType, true),
      f("host", StringType, true),
      f("device_model", StringType, true),
      f("pid", LongType, true),
      f("boot_id", StringType, true),
      f("pid_namespace", StringType, true),
      f("process_start_ticks", LongType, true));

  public static final StructType MODELS = struct(
      f("model_name", StringType, false),
      f("model_version", IntegerType, false),
      f("run_id", StringType, false),
      f("run_key", StringType, true),
      f("algorithm", StringType, false),
      f("task", StringType, false),
      f("artifact_uri", StringType, false),
      f("booster_uri", StringType, true),
      f("booster_format", StringType, true),
      f("model_hash", StringType, false),
      f("params", createMapType(StringType, StringType, true), false),
      f("features", createArrayType(StringType, true), false),
      f("label", StringType, false),
      f("spec", StringType, false),
      f("train_data", createArrayType(DATA_VERSION, true), false),
      f("train_rows", LongType, false),
      f("seed", LongType, false),
      f("num_workers", IntegerType, false),
      f("stage", StringType, false),
      f("engine", StringType, false),
      f("code_version", StringType, false),
      f("xgboost_version", StringType, true),
      f("created_at", TimestampType, false),
      f("feature_transforms", StringType, true));

  public static final StructType METRICS = struct(
      f("model_name", StringType, false),
      f("model_version", IntegerType, false),
      f("eval_name", StringType, true),
      f("eval_table", StringType, false),
      f("eval_table_id", StringType, false),
      f("eval_version", LongType, false),
      f("eval_filter", StringType, true),
      f("metric_code_version", StringType, false),
      f("slice_column", StringType, true),
      f("slice_value", StringType, true),
      f("metric", StringType, false),
      f("value", DoubleType, true),
      f("ci_low", DoubleType, true),
      f("ci_high", DoubleType, true),
      f("ci_method", StringType, true),
      f("status", StringType, false),
      f("n_rows", LongType, false),
      f("run_id", StringType, false),
      f("code_version", StringType, false),
      f("engine", StringType, false),
      f("computed_at", TimestampType, false),
      f("device_model", StringType, true));

  /** Prediction cost per model, data version and machine: appended, never merged (it is not a pure function). */
  public static final StructType BENCHMARKS = struct(
      f("model_name", StringType, false),
      f("model_version", IntegerType, false),
      f("input_table", StringType, true),
      f("input_table_id", StringType, false),
      f("input_version", LongType, false),
      f("rows", LongType, false),
      f("throughput_rows_per_s", DoubleType, false),
      f("p50_ms", DoubleType, true),
      f("p95_ms", DoubleType, true),
      f("p99_ms", DoubleType, true),
      f("latency_rows", LongType, true),
      f("latency_method", StringType, true),
      f("warmup", IntegerType, false),
      f("repeat", IntegerType, false),
      f("engine", StringType, false),
      f("cpu_model", StringType, true),
      f("cores", IntegerType, false),
      f("java_version", StringType, false),
      f("spark_master", StringType, true),
      f("run_id", StringType, false),
      f("measured_at", TimestampType, false),
      // The exported package's single-row latency in the Spark-free scorer (added later: nullable, at the end).
      f("package_p50_ms", DoubleType, true),
      f("package_p95_ms", DoubleType, true),
      f("package_p99_ms", DoubleType, true),
      f("package_method", StringType, true));

  /**
   * Drift between two versions of a table, one row per feature (and one {@code __table__} row for
   * row counts and schema changes); insert-only on (table_id, from_version, to_version, feature).
   */
  public static final StructType DATA_DRIFT = struct(
      f("table", StringType, true),
      f("table_id", StringType, false),
      f("from_version", LongType, false),
      f("to_version", LongType, false),
      f("feature", StringType, false),
      f("kind", StringType, false),
      f("psi", DoubleType, true),
      f("bins", IntegerType, true),
      f("from_rows", LongType, false),
      f("to_rows", LongType, false),
      f("from_missing", LongType, true),
      f("to_missing", LongType, true),
      f("schema_change", StringType, true),
      f("method", StringType, false),
      f("run_id", StringType, false),
      f("code_version", StringType, false),
      f("computed_at", TimestampType, false));

  /**
   * Verdicts of {@code assay monitor}, one row per check, series and point judged (passing points too,
   * so history charts can mark the anomalous ones); insert-only on (check_name, check_hash, series,
   * point). {@code check_hash} covers the check's series and strategy, so a changed check writes new
   * rows instead of being hidden by the old ones.
   */
  public static final StructType ALERTS = struct(
      f("check_name", StringType, false),
      f("check_hash", StringType, false),
      f("series", StringType, false),
      f("point", StringType, false),
      f("point_order", LongType, false),
      f("value", DoubleType, false),
      f("lower", DoubleType, true),
      f("upper", DoubleType, true),
      f("status", StringType, false),
      f("strategy", StringType, false),
      f("parameters", createMapType(StringType, StringType, true), false),
      f("points_used", createArrayType(StringType, true), false),
      f("latest", BooleanType, false),
      f("run_id", StringType, false),
      f("code_version", StringType, false),
      f("computed_at", TimestampType, false));

  /**
   * Columns added after ledgers already existed. They are nullable and last, and {@link Ledger} adds
   * them in place to an older table (rows written before read as null) instead of refusing it.
   */
  public static final Set<String> ADDED_COLUMNS = Set.of("device_model", "pid", "feature_transforms", "boot_id",
      "pid_namespace", "process_start_ticks");

  private static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField f(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
