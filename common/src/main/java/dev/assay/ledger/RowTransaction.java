package dev.assay.ledger;

import dev.assay.errors.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.Literal$;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.immutable.Seq;

/**
 * One transaction on a small ledger table that reads the rows in a {@link Where}'s scope and writes one file,
 * made here instead of by SQL's {@code UPDATE} or {@code MERGE} or a DataFrame's append: the close of every run
 * ({@link #update}), the registration of a model version ({@link #insertUnlessTaken}) and the RUNNING row of every
 * run ({@link #append}, which reads nothing).
 *
 * <p>Why: SQL's {@code UPDATE} plans and runs three Spark queries for a table of a few hundred rows (the files
 * whose rows match, twice, then the rewrite of those files with one conditional expression per column), 0.6 s of
 * every command on two cores, about two thirds of it planning, and the insert-only {@code MERGE} of a
 * registration is planned as a join (docs/performance.md). Here Delta Kernel picks the candidate files of the
 * transaction's version by their statistics and reads their rows on the driver ({@link DriverReads}): no Spark
 * job, and no reconstruction of the table's state in Spark; the transaction records those files and the
 * predicate as read (what its {@code filterFiles} would record), and the new file is written on the driver too
 * ({@link DriverWrites}): a command's ledger rows cost no Spark job at all.
 *
 * <p>The guarantees are the SQL commands', because the transaction is the same kind: its commit fails with
 * Delta's conflict (retried by {@link CommitRetry} against the new version) when a concurrent commit removed a
 * file it read (a recovery that claimed the run) or, under Delta's default Serializable isolation, added files
 * (another job's RUNNING row, another registration), and the retry reads again. The rows of a rewritten file that
 * do not match are written back as read (values as Spark's {@code collect} gives them); the rows a deletion vector
 * deleted are not written again, as in Delta's own rewrite.
 */
final class RowTransaction {
  private static final DeltaOperations.Operation APPEND = new DeltaOperations.Write(SaveMode.Append, Option.empty(),
      Option.empty(), Option.empty());
  private final SparkSession spark;
  private final String path;
  private final OptimisticTransaction txn;
  private final StructType table;
  private final Expression scope;
  private final List<DriverReads.FileRows> files = new ArrayList<>();
  private final List<AddFile> read = new ArrayList<>();

  /** Starts a transaction on the table at {@code path} and reads the rows of {@code where}'s files. */
  private RowTransaction(SparkSession spark, DriverReads reads, String path, Where where) {
    this(spark, path, where);
    files.addAll(reads.files(path, txn.snapshot().version(), where));
    for (DriverReads.FileRows file : files) {
      read.add((AddFile) Action.fromJson(file.add()));
    }
    // What filterFiles records, for Delta's conflict checks at commit.
    txn.trackReadPredicates(seq(List.of(scope)), false, true);
    txn.trackFilesRead(seq(read));
  }

  /** Starts a transaction on the table at {@code path} that reads nothing (a blind append). */
  private RowTransaction(SparkSession spark, String path, Where where) {
    this.spark = spark;
    this.path = path;
    this.txn = DeltaLog.forTable(spark, path).startTransaction();
    this.table = txn.metadata().schema();
    this.scope = catalyst(where, table);
  }

  /**
   * Appends {@code rows} (of {@code schema}; the table's other columns null) to the table at {@code path} in one
   * commit of the caller's transaction, reading nothing: a blind append, which no concurrent commit but a change
   * of the table's schema or protocol conflicts with, as Spark's own append.
   */
  static void append(SparkSession spark, String path, List<Row> rows, StructType schema) {
    RowTransaction t = new RowTransaction(spark, path, Where.ALL);
    List<Row> stored = new ArrayList<>();
    for (Row row : rows) {
      stored.add(t.fresh(row, schema));
    }
    t.commit(List.of(), stored, APPEND, () -> { });
  }

  /**
   * Sets the columns of {@code schema} of every row of the table at {@code path} that matches {@code where} to
   * the values of {@code row}, in one commit of the caller's (tagged, retried) transaction; the table's other
   * columns keep their values. Returns how many rows it updated; none matched: nothing is committed.
   */
  static long update(SparkSession spark, DriverReads reads, String path, Where where, Row row, StructType schema) {
    return update(spark, reads, path, where, row, schema, () -> { });
  }

  /** The same, running {@code beforeCommit} between the read and the commit (a test's concurrent writer). */
  static long update(SparkSession spark, DriverReads reads, String path, Where where, Row row, StructType schema,
      Runnable beforeCommit) {
    RowTransaction t = new RowTransaction(spark, reads, path, where);
    List<Action> removes = new ArrayList<>();
    List<Row> rewritten = new ArrayList<>();
    long updated = 0;
    long now = System.currentTimeMillis();
    for (int i = 0; i < t.files.size(); i++) {
      DriverReads.FileRows file = t.files.get(i);
      if (!file.matched().isEmpty()) {
        removes.add(t.read.get(i).removeWithTimestamp(now, true));
        rewritten.addAll(file.others());
        for (Row old : file.matched()) {
          rewritten.add(merge(t.table, old, row, schema));
        }
        updated += file.matched().size();
      }
    }
    if (updated > 0) {
      t.commit(removes, rewritten, new DeltaOperations.Update(Option.apply(t.scope)), beforeCommit);
    }
    return updated;
  }

  /**
   * Appends {@code row} (of {@code schema}; the table's other columns null) to the table at {@code path} unless a
   * stored row in {@code where}'s scope is {@code taken}, in one commit of the caller's transaction. Returns
   * whether it appended.
   */
  static boolean insertUnlessTaken(SparkSession spark, DriverReads reads, String path, Where where,
      Predicate<Row> taken, Row row, StructType schema) {
    RowTransaction t = new RowTransaction(spark, reads, path, where);
    for (DriverReads.FileRows file : t.files) {
      if (file.matched().stream().anyMatch(taken)) {
        return false;
      }
    }
    t.commit(List.of(), List.of(t.fresh(row, schema)), APPEND, () -> { });
    return true;
  }

  /** A new row of the table: the columns of {@code schema} set to {@code row}'s values, the others null. */
  private Row fresh(Row row, StructType schema) {
    return merge(table, new GenericRowWithSchema(new Object[table.size()], table), row, schema);
  }

  /** Writes {@code rows} as one file, on the driver ({@link DriverWrites}), and commits it with {@code removes}. */
  private void commit(List<Action> removes, List<Row> rows, DeltaOperations.Operation operation,
      Runnable beforeCommit) {
    List<Action> actions = new ArrayList<>(removes);
    actions.add(DriverWrites.write(spark, txn, path, rows));
    beforeCommit.run();
    txn.commit(seq(actions), operation);
  }

  /**
   * {@code where} as a Catalyst predicate over {@code table}'s columns, resolved, so that Delta's file skipping
   * can read it (an int value compared with a long column is widened, as SQL would).
   */
  private static Expression catalyst(Where where, StructType table) {
    Expression all = null;
    for (Where.Term t : where.terms()) {
      Preconditions.checkArgument(table.getFieldIndex(t.column()).isDefined(), "Cannot filter ledger column '%s': "
          + "the table has %s", t.column(), List.of(table.fieldNames()));
      StructField field = table.apply(t.column());
      AttributeReference column = new AttributeReference(field.name(), field.dataType(), field.nullable(),
          Metadata.empty(), NamedExpression.newExprId(), JavaConverters.asScalaBuffer(List.<String>of()).toSeq());
      Expression test = new IsNull(column);
      if (t.op() != Where.Op.IS_NULL) {
        Object v = t.value() instanceof Integer i && field.dataType() instanceof LongType ? (Object) i.longValue()
            : t.value();
        Expression value = Literal$.MODULE$.apply(v);
        Preconditions.checkArgument(value.dataType().equals(field.dataType()), "Cannot filter ledger column '%s' "
            + "of type %s on %s, a value of type %s", t.column(), field.dataType().simpleString(), v,
            value.dataType().simpleString());
        test = t.op() == Where.Op.EQUAL ? new EqualTo(column, value) : new Not(new EqualTo(column, value));
      }
      all = all == null ? test : new And(all, test);
    }
    return all == null ? Literal$.MODULE$.TrueLiteral() : all;
  }

  /**
   * {@code old} (a row of {@code table}) with the columns of {@code schema} set to {@code row}'s values; every one
   * of them must be a column of the table (the ledger adds missing columns when it opens a table), never dropped.
   */
  private static Row merge(StructType table, Row old, Row row, StructType schema) {
    for (String name : schema.fieldNames()) {
      Preconditions.checkArgument(table.getFieldIndex(name).isDefined(), "Cannot write column '%s' to a ledger "
          + "table that has %s", name, List.of(table.fieldNames()));
    }
    Object[] values = new Object[table.size()];
    for (int i = 0; i < values.length; i++) {
      String name = table.fields()[i].name();
      values[i] = schema.getFieldIndex(name).isDefined() ? row.get(schema.fieldIndex(name)) : old.get(i);
    }
    return new GenericRowWithSchema(values, table);
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }
}
