package dev.assay.model;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.assay.errors.DataErrors;
import dev.assay.spark.Columns;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks an input table against the spec before any model sees it — columns present, types
 * usable, labels valid — and selects the used columns in canonical types. One aggregation pass.
 */
public final class InputChecks {
  /**
   * The checked input, its row count and, for task multiclass, the number of classes K (the
   * largest label + 1; 0 for other tasks).
   */
  public record Checked(Dataset<Row> data, long rows, int classes) {
    public Checked(Dataset<Row> data, long rows) {
      this(data, rows, 0);
    }
  }

  /** The most classes a multiclass model may have. */
  public static final int MAX_CLASSES = 1000;

  private InputChecks() {}

  /** Columns a model reads, in a fixed order: id, numeric, categorical, label, weight. */
  public static List<String> usedColumns(FeatureSpec f) {
    Set<String> cols = new LinkedHashSet<>();
    if (f.id() != null) {
      cols.add(f.id());
    }
    cols.addAll(f.numeric());
    cols.addAll(f.categorical());
    cols.add(f.label());
    if (f.weight() != null) {
      cols.add(f.weight());
    }
    return new ArrayList<>(cols);
  }

  /** Selects and casts the used columns; the label is optional for scoring-only inputs. */
  public static Dataset<Row> prepare(Dataset<Row> data, FeatureSpec f, String table, boolean needLabel) {
    return prepare(data, f, table, needLabel, List.of());
  }

  /**
   * As {@link #prepare(Dataset, FeatureSpec, String, boolean)}, also keeping {@code extraColumns}
   * (slice columns, a row hash) as they are, after the used columns; an extra column that is also
   * a used column is kept once, in its used (cast) form.
   */
  public static Dataset<Row> prepare(Dataset<Row> data, FeatureSpec f, String table, boolean needLabel,
      List<String> extraColumns) {
    return prepare(data, f, table, needLabel, extraColumns, f.hasFeatureStage());
  }

  /**
   * As {@link #prepare(Dataset, FeatureSpec, String, boolean, List)}, for scoring with
   * {@code pipeline}: when it (or a member of an ensemble) starts with a feature stage, every column
   * of the table stays, as that stage may read columns the spec does not list.
   */
  public static Dataset<Row> prepare(PipelineModel pipeline, Dataset<Row> data, FeatureSpec f, String table,
      boolean needLabel, List<String> extraColumns) {
    CategoryTypes.check(pipeline, data.schema(), table);
    return prepare(data, f, table, needLabel, extraColumns, f.hasFeatureStage()
        || FeatureStages.anyStageIn(pipeline));
  }

  private static Dataset<Row> prepare(Dataset<Row> data, FeatureSpec f, String table, boolean needLabel,
      List<String> extraColumns, boolean keepAllColumns) {
    StructType schema = data.schema();
    Set<String> have = new LinkedHashSet<>(Arrays.asList(schema.fieldNames()));
    List<String> missing = new ArrayList<>();
    Set<String> produced = f.produced();
    for (String c : usedColumns(f)) {
      boolean optional = !needLabel && (c.equals(f.label()) || c.equals(f.weight()));
      if (!have.contains(c) && !optional && !produced.contains(c)) {
        missing.add(c);
      }
    }
    if (keepAllColumns) {
      return withUsedColumnsCast(data, f, table);
    }
    if (!missing.isEmpty()) {
      throw DataErrors.missingColumns(table, missing, have);
    }
    List<Column> out = new ArrayList<>();
    if (f.id() != null) {
      out.add(Columns.named(f.id()));
    }
    for (String c : f.numeric()) {
      requireNumeric(schema, c, table, "a numeric feature");
      out.add(Columns.named(c).cast("double").as(c));
    }
    for (String c : f.categorical()) {
      DataType t = schema.apply(c).dataType();
      if (!(t instanceof StringType || t instanceof NumericType || t instanceof BooleanType)) {
        throw DataErrors.wrongColumnType(table, c, t.simpleString(),
            "a categorical feature (string, number or boolean)");
      }
      out.add(Columns.named(c).cast("string").as(c));
    }
    if (have.contains(f.label())) {
      requireNumeric(schema, f.label(), table, "the label");
      out.add(Columns.named(f.label()).cast("double").as(f.label()));
    }
    if (f.weight() != null && have.contains(f.weight())) {
      requireNumeric(schema, f.weight(), table, "the weight");
      out.add(Columns.named(f.weight()).cast("double").as(f.weight()));
    }
    List<String> used = usedColumns(f);
    for (String c : extraColumns) {
      if (!used.contains(c)) {
        out.add(Columns.named(c));
      }
    }
    return data.select(out.toArray(Column[]::new));
  }

  /**
   * For a spec with a feature stage: every column of the table stays (derived expressions and
   * transforms may read any of them; Spark prunes the unread ones), the used columns the table has
   * are cast as for a plain spec, and the columns the stage makes are left to it.
   */
  private static Dataset<Row> withUsedColumnsCast(Dataset<Row> data, FeatureSpec f, String table) {
    StructType schema = data.schema();
    List<Column> out = new ArrayList<>();
    for (String c : schema.fieldNames()) {
      Column quoted = Columns.named(c);
      if (f.numeric().contains(c) || c.equals(f.label()) || c.equals(f.weight())) {
        requireNumeric(schema, c, table, f.numeric().contains(c) ? "a numeric feature" : "the label or weight");
        out.add(quoted.cast("double").as(c));
      } else if (f.categorical().contains(c)) {
        out.add(quoted.cast("string").as(c));
      } else {
        out.add(quoted);
      }
    }
    return data.select(out.toArray(Column[]::new));
  }

  private static void requireNumeric(StructType schema, String c, String table, String role) {
    DataType t = schema.apply(c).dataType();
    if (!(t instanceof NumericType || t instanceof BooleanType)) {
      throw DataErrors.wrongColumnType(table, c, t.simpleString(), role + " (a number or boolean)");
    }
  }

  /** Prepares a training input and validates its labels and weights in one pass. */
  public static Checked checkTraining(Dataset<Row> data, FeatureSpec f, Task task, String table) {
    Dataset<Row> prepared = prepare(data, f, table, true);
    Column label = Columns.named(f.label());
    Column badLabel = label.isNull().or(isnan(label));
    List<Column> aggs = new ArrayList<>(List.of(
        count(lit(1)).as("rows"),
        sum(when(badLabel, 1).otherwise(0)).as("bad_label"),
        sum(when(label.equalTo(1.0), 1).otherwise(0)).as("positives"),
        sum(when(badLabel.or(label.isin(0.0, 1.0)), 0).otherwise(1)).as("non_binary"),
        sum(when(badLabel.or(label.geq(0.0).and(label.equalTo(floor(label)))), 0)
            .otherwise(1)).as("non_class"),
        max(when(badLabel, null).otherwise(label)).as("max_label")));
    if (f.weight() != null) {
      Column w = Columns.named(f.weight());
      aggs.add(sum(when(w.isNull().or(isnan(w)).or(w.lt(0)), 1).otherwise(0)).as("bad_weight"));
    }
    int firstFeature = aggs.size();
    List<String> features = new ArrayList<>(f.numeric());
    features.addAll(f.categorical());
    for (String c : features) {
      aggs.add(count(Columns.named(c)));
    }
    // +-Inf is a value to Spark but not to XGBoost (it refuses the whole matrix) nor to the metrics: counted in
    // the same pass, so the error names the column and the count instead of ending in a native stack trace.
    int firstInfinite = aggs.size();
    for (String c : f.numeric()) {
      aggs.add(sum(when(Columns.named(c).isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), 1).otherwise(0)));
    }
    Row r = prepared.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long rows = r.getLong(0);
    if (rows == 0) {
      throw DataErrors.emptyData(table, "training");
    }
    for (int i = 0; i < features.size(); i++) {
      if (r.getLong(firstFeature + i) == 0) {
        String kind = i < f.numeric().size() ? "features.numeric" : "features.categorical";
        throw DataErrors.featureAllNull(table, features.get(i), rows, kind);
      }
    }
    for (int i = 0; i < f.numeric().size(); i++) {
      long infinite = r.isNullAt(firstInfinite + i) ? 0 : r.getLong(firstInfinite + i);
      if (infinite > 0) {
        throw DataErrors.featureInfinite(table, f.numeric().get(i), infinite, rows);
      }
    }
    long badLabels = r.isNullAt(1) ? 0 : r.getLong(1);
    if (badLabels > 0) {
      throw DataErrors.labelsMissing(table, f.label(), badLabels, rows);
    }
    if (task == Task.BINARY) {
      long nonBinary = r.getLong(3);
      if (nonBinary > 0) {
        throw DataErrors.labelsNotBinary(table, f.label(), nonBinary);
      }
      long positives = r.getLong(2);
      if (positives == 0 || positives == rows) {
        throw DataErrors.singleClass(table, f.label(), rows, positives == 0);
      }
    }
    int classes = 0;
    if (task == Task.MULTICLASS) {
      long nonClass = r.getLong(4);
      double maxLabel = r.getDouble(5);
      if (nonClass > 0) {
        throw DataErrors.labelsNotClassIndexes(table, f.label(), nonClass);
      }
      if (maxLabel < 1 || maxLabel >= MAX_CLASSES) {
        throw DataErrors.classCountOutOfRange(table, f.label(), (long) maxLabel, MAX_CLASSES);
      }
      classes = (int) maxLabel + 1;
    }
    if (f.weight() != null && r.getLong(6) > 0) {
      throw DataErrors.badWeights(table, f.weight(), r.getLong(6));
    }
    return new Checked(prepared, rows, classes);
  }

  static boolean hasField(StructType schema, String name) {
    for (StructField s : schema.fields()) {
      if (s.name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
