package dev.assay.features;

import static org.apache.spark.sql.functions.expr;

import dev.assay.errors.AssayException;
import dev.assay.errors.FeatureErrors;
import dev.assay.spark.SparkMessages;
import dev.assay.spec.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import scala.collection.JavaConverters;

/**
 * Finds which derived expression made a Spark job fail at run time, and a row it fails on. Only
 * run after a failure: each derived column gets one pass over the data, then a bisection over row
 * prefixes (about log2(rows) small jobs) finds the first failing row to show.
 */
public final class DeriveFailures {
  private DeriveFailures() {}

  /**
   * The input-data error (exit 3) naming the first derived expression of {@code state} that fails
   * on {@code prepared} (the data before the stage) and a row it fails on; empty when every one
   * computes, so the caller rethrows the original failure.
   */
  public static Optional<AssayException> explain(FeatureState state, Dataset<Row> prepared, String table) {
    Dataset<Row> data = prepared;
    for (FeatureState.Derived d : state.derive()) {
      Dataset<Row> probe;
      try {
        probe = data.select(expr(d.sql()));
      } catch (Exception e) {
        return Optional.empty();
      }
      Throwable failure = failure(probe);
      if (failure != null) {
        return Optional.of(FeatureErrors.deriveFailed("derive." + d.name(), d.sql(), table,
            sampleRow(data, d.sql()), SparkMessages.firstLine(rootCause(failure))));
      }
      data = data.withColumn(d.name(), expr(d.sql()));
    }
    return Optional.empty();
  }

  private static Throwable failure(Dataset<Row> probe) {
    try {
      probe.foreach((ForeachFunction<Row>) row -> { });
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  /** The input columns the expression reads, of the first row it fails on (by bisection over prefixes). */
  private static String sampleRow(Dataset<Row> data, String sql) {
    List<String> reads = new ArrayList<>();
    for (Attribute a : JavaConverters.asJavaIterable(data.select(expr(sql)).queryExecution().analyzed()
        .references())) {
      reads.add(a.name());
    }
    Dataset<Row> inputs = data.selectExpr(reads.stream().map(Names::quoteIdentifier).toArray(String[]::new));
    long lo = 0;
    long hi = 1;
    while (failure(data.limit((int) Math.min(hi, Integer.MAX_VALUE)).select(expr(sql))) == null) {
      if (hi >= Integer.MAX_VALUE) {
        return "(none found: the failure depends on more than one row)";
      }
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      long mid = (lo + hi) / 2;
      if (failure(data.limit((int) mid).select(expr(sql))) == null) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    List<Row> row = inputs.limit((int) hi).offset((int) lo).collectAsList();
    return row.isEmpty() ? "(not found)" : row.get(0).toString() + " of columns " + reads;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
