package dev.assay.ledger;

import dev.assay.errors.AssayException;
import dev.assay.errors.LedgerErrors;
import dev.assay.errors.Preconditions;
import dev.assay.spark.SparkMessages;
import dev.assay.spec.Names;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The ledger: Delta tables {@code runs}, {@code models} and {@code metrics} under one root, created
 * on first use. A table at that location with another schema is refused; the only changes made to
 * an existing table are adding the nullable columns of {@link LedgerSchemas#ADDED_COLUMNS} it lacks
 * and setting the {@link LedgerTableName#properties() table properties} it lacks.
 *
 * <p>Every commit goes through {@link #commit}, which tags it with this ledger's {@link CommitTag} (the
 * run id and command of the job that opened it), so the tag reaches every write without being passed
 * down each call.
 */
public final class Ledger {
  private final SparkSession spark;
  private final String root;
  private final CommitTag tag;
  private final Set<LedgerTableName> ensured = EnumSet.noneOf(LedgerTableName.class);
  private DriverReads reads;

  /** The ledger at {@code root}, whose commits carry {@code tag}. */
  public Ledger(SparkSession spark, String root, CommitTag tag) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.tag = Preconditions.checkNotNull(tag, "Cannot open ledger %s: no commit tag", root);
  }

  public String root() {
    return root;
  }

  public SparkSession spark() {
    return spark;
  }

  public String path(LedgerTableName table) {
    return root + "/" + table.code();
  }

  /** Who this ledger's commits are made by. */
  public CommitTag tag() {
    return tag;
  }

  /**
   * Makes one commit to {@code table}: {@code commit} runs with this ledger's tag as the commit metadata,
   * and is retried by {@link CommitRetry} when it loses a race with a concurrent writer.
   */
  public <T> T commit(LedgerTableName table, Supplier<T> commit) {
    return CommitRetry.run(path(table), () -> tag.during(spark, () -> InterpretedQueries.run(spark, commit)));
  }

  /** Runs {@code query}, a read of ledger tables (its Spark actions), as every ledger query runs: interpreted. */
  public <T> T query(Supplier<T> query) {
    return InterpretedQueries.run(spark, query);
  }

  /** The driver-side reader of the small ledger tables (see {@link DriverReads}), made on first use. */
  synchronized DriverReads reads() {
    if (reads == null) {
      reads = new DriverReads(spark.sessionState().newHadoopConf());
    }
    return reads;
  }

  /** Where a model run's artifacts go: keyed by run id, so a failed run never shadows a model. */
  public String artifactPath(String modelName, String runId) {
    return root + "/artifacts/" + modelName + "/" + runId;
  }

  public RunsTable runs() {
    ensure(LedgerTableName.RUNS);
    return new RunsTable(this);
  }

  public ModelsTable models() {
    ensure(LedgerTableName.MODELS);
    return new ModelsTable(this);
  }

  public MetricsRepository metrics() {
    ensure(LedgerTableName.METRICS);
    return new DeltaMetricsRepository(this);
  }

  /** The {@code benchmarks} table, created on first use (not by {@link #ensureTables()}). */
  public BenchmarksTable benchmarks() {
    ensure(LedgerTableName.BENCHMARKS);
    return new BenchmarksTable(this);
  }

  /** The {@code data_drift} table, created on first use (not by {@link #ensureTables()}). */
  public DataDriftTable dataDrift() {
    ensure(LedgerTableName.DATA_DRIFT);
    return new DataDriftTable(this);
  }

  /** The {@code alerts} table, created on first use (not by {@link #ensureTables()}). */
  public AlertsTable alerts() {
    ensure(LedgerTableName.ALERTS);
    return new AlertsTable(this);
  }

  /** Creates missing tables and checks existing ones carry the ledger's columns. */
  public void ensureTables() {
    LedgerTableName.CORE.forEach(this::ensure);
  }

  /** True when all three tables exist; reading commands use it to say "empty ledger" clearly. */
  public boolean exists() {
    for (LedgerTableName t : LedgerTableName.CORE) {
      if (DeltaLog.forTable(spark, path(t)).update(false, Option.empty(), Option.empty()).version() < 0) {
        return false;
      }
    }
    return true;
  }

  /** Each table is checked once per Ledger: creating or opening a Delta table costs a commit or a log read. */
  private synchronized void ensure(LedgerTableName name) {
    if (ensured.contains(name)) {
      return;
    }
    StructType schema = name.schema();
    String path = path(name);
    try {
      DeltaLog log = DeltaLog.forTable(spark, path);
      // The snapshot's own schema: no DataFrame to analyse just to look at the columns.
      Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
      if (snapshot.version() < 0) {
        commit(name, () -> {
          DeltaTableBuilder create = DeltaTable.createIfNotExists(spark).location(path).addColumns(schema);
          name.properties().forEach(create::property);
          return create.execute();
        });
        snapshot = log.update(false, Option.empty(), Option.empty());
      }
      List<String> missing = missing(snapshot.schema(), schema);
      if (!missing.isEmpty() && LedgerSchemas.ADDED_COLUMNS.containsAll(missing)) {
        addColumns(name, schema, missing);
        missing = missing(log.update(false, Option.empty(), Option.empty()).schema(), schema);
      }
      if (!missing.isEmpty()) {
        throw LedgerErrors.foreignLedgerTable(path, missing);
      }
      setProperties(name, JavaConverters.mapAsJavaMap(snapshot.metadata().configuration()));
      ensured.add(name);
    } catch (AssayException e) {
      throw e;
    } catch (Exception e) {
      // Delta raises DeltaIOException (a checked IOException, thrown from Scala) for an uncreatable log path.
      throw LedgerErrors.tableNotOpened(path, SparkMessages.firstLine(e), e);
    }
  }

  private List<String> missing(String path, StructType schema) {
    return missing(spark.read().format("delta").load(path).schema(), schema);
  }

  private static List<String> missing(StructType actual, StructType schema) {
    Set<String> have = Arrays.stream(actual.fields()).map(StructField::name).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!have.contains(f.name())) {
        missing.add(f.name());
      }
    }
    return missing;
  }

  /**
   * Brings a ledger table written by an older Assay up to date: the columns added since are
   * nullable, so one ALTER TABLE commit adds them and older rows read as null. A concurrent job may
   * add them first; the caller re-reads the schema either way.
   */
  private void addColumns(LedgerTableName name, StructType schema, List<String> names) {
    String columns = Arrays.stream(schema.fields()).filter(f -> names.contains(f.name()))
        .map(f -> "`" + f.name() + "` " + f.dataType().sql()).collect(Collectors.joining(", "));
    String path = path(name);
    try {
      commit(name, () -> spark.sql("ALTER TABLE " + sqlName(name) + " ADD COLUMNS (" + columns + ")"));
    } catch (RuntimeException e) {
      if (missing(path, schema).stream().anyMatch(names::contains)) {
        throw e;
      }
    }
  }

  /**
   * Sets the {@link LedgerTableName#properties() properties} a table lacks (a ledger created before they
   * existed), in one commit. A property an operator set to another value is left alone: a longer retention
   * is theirs to choose, and lifting {@code delta.appendOnly} is a commit that {@code ledger check} reports.
   * A concurrent job setting them too only costs one more (tagged, retried) commit.
   */
  private void setProperties(LedgerTableName name, Map<String, String> have) {
    Map<String, String> lacking = new TreeMap<>(name.properties());
    lacking.keySet().removeAll(have.keySet());
    if (lacking.isEmpty()) {
      return;
    }
    String properties = lacking.entrySet().stream()
        .map(p -> Names.quoteString(p.getKey()) + " = " + Names.quoteString(p.getValue()))
        .collect(Collectors.joining(", "));
    commit(name, () -> spark.sql("ALTER TABLE " + sqlName(name) + " SET TBLPROPERTIES (" + properties + ")"));
  }

  /** The table in SQL: {@code delta.`<path>`}. */
  private String sqlName(LedgerTableName name) {
    return "delta.`" + path(name).replace("`", "``") + "`";
  }

}
