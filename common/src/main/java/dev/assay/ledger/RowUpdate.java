package dev.assay.ledger;

import dev.assay.errors.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
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
 * Sets the columns of the rows of a small ledger table that match a {@link Where} to the values of one row, as
 * one Delta transaction made here instead of by SQL's {@code UPDATE}: what closes every run.
 *
 * <p>Why: SQL's {@code UPDATE} plans and runs three Spark queries for a table of a few hundred rows (the files
 * whose rows match, twice, then the rewrite of those files with one conditional expression per column), 0.6 s of
 * every command on two cores, about two thirds of it planning (docs/performance.md). Here Delta Kernel picks the
 * candidate files of the transaction's version by their statistics and reads their rows on the driver
 * ({@link DriverReads}): no Spark job, and no reconstruction of the table's state in Spark; the transaction records
 * those files and the predicate as read (what its {@code filterFiles} would record), and one small write replaces
 * the files that hold a matching row.
 *
 * <p>The guarantees are the UPDATE's, because the transaction is the same kind: it reads the files the predicate
 * selects, and its commit fails with Delta's conflict (retried by {@link CommitRetry} against the new version)
 * when a concurrent commit removed one of them (a recovery that claimed the run) or, under Delta's default
 * Serializable isolation, added files (another job's RUNNING row). The rows of a rewritten file that do not match
 * are written back as read (values as Spark's {@code collect} gives them); the rows a deletion vector deleted
 * are not written again, as in Delta's own rewrite. Nothing matched: nothing is committed, and 0 is returned.
 */
final class RowUpdate {
  private RowUpdate() {}

  /**
   * Sets the columns of {@code schema} of every row of the table at {@code path} that matches {@code where} to
   * the values of {@code row}, in one commit of the caller's (tagged, retried) transaction; the table's other
   * columns keep their values. Returns how many rows it updated.
   */
  static long apply(SparkSession spark, DriverReads reads, String path, Where where, Row row, StructType schema) {
    return apply(spark, reads, path, where, row, schema, () -> { });
  }

  /** The same, running {@code beforeCommit} between the read and the commit (a test's concurrent writer). */
  static long apply(SparkSession spark, DriverReads reads, String path, Where where, Row row, StructType schema,
      Runnable beforeCommit) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    OptimisticTransaction txn = log.startTransaction();
    StructType table = txn.metadata().schema();
    Expression condition = catalyst(where, table);
    long version = txn.snapshot().version();
    List<AddFile> read = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    List<Row> rewritten = new ArrayList<>();
    long updated = 0;
    long now = System.currentTimeMillis();
    for (DriverReads.FileRows file : reads.files(path, version, where)) {
      AddFile add = (AddFile) Action.fromJson(file.add());
      read.add(add);
      if (!file.matched().isEmpty()) {
        actions.add(add.removeWithTimestamp(now, true));
        rewritten.addAll(file.others());
        for (Row old : file.matched()) {
          rewritten.add(merge(table, old, row, schema));
        }
        updated += file.matched().size();
      }
    }
    // What filterFiles records, for Delta's conflict checks at commit.
    txn.trackReadPredicates(seq(List.of(condition)), false, true);
    txn.trackFilesRead(seq(read));
    if (updated == 0) {
      return 0;
    }
    // One file for the rewritten rows (a local list is split over the default parallelism otherwise).
    actions.addAll(JavaConverters.seqAsJavaList(txn.writeFiles(spark.createDataFrame(rewritten, table).coalesce(1))));
    beforeCommit.run();
    txn.commit(seq(actions), new DeltaOperations.Update(Option.apply(condition)));
    return updated;
  }

  /**
   * {@code where} as a Catalyst predicate over {@code table}'s columns, resolved, so that Delta's file skipping
   * can read it (an int value compared with a long column is widened, as SQL would).
   */
  static Expression catalyst(Where where, StructType table) {
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

  /** {@code old} (a row of {@code table}) with the columns of {@code schema} set to {@code row}'s values. */
  private static Row merge(StructType table, Row old, Row row, StructType schema) {
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
