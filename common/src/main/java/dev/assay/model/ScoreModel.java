package dev.assay.model;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.assay.errors.DataErrors;
import dev.assay.features.FeatureState;
import dev.assay.spark.Columns;
import dev.assay.spark.VectorColumns;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Applies a fitted pipeline and reduces its output to one {@code score} column: the probability
 * of class 1 for binary models, the prediction for regression. Multiclass models also give
 * {@link #PROBABILITIES} (one per class) and {@link #PREDICTED_CLASS}, and their score is the
 * probability of the predicted class.
 */
public final class ScoreModel {
  public static final String SCORE = "score";
  /** Multiclass: the class probabilities, {@code array<double>} indexed by class. */
  public static final String PROBABILITIES = "probabilities";
  /** Multiclass: the index of the largest probability, the lowest on ties. */
  public static final String PREDICTED_CLASS = "predicted_class";
  private static final String RAW_COPY = "__assay_raw_";

  private ScoreModel() {}

  /** Predictions with the id (if any), the label (if present) and {@link #SCORE}. */
  public static Dataset<Row> predict(PipelineModel pipeline, Dataset<Row> data, FeatureSpec f, Task task,
      String table, boolean needLabel) {
    return predict(pipeline, data, f, task, table, needLabel, List.of());
  }

  /**
   * Predictions with the id (if any), the label (if present), the {@code extraColumns} of
   * {@code data} (e.g. slice columns; a used column keeps its cast form), then the score columns.
   * A missing extra column is an input-data error naming it.
   */
  public static Dataset<Row> predict(PipelineModel pipeline, Dataset<Row> data, FeatureSpec f, Task task,
      String table, boolean needLabel, List<String> extraColumns) {
    Set<String> have = new LinkedHashSet<>(Arrays.asList(data.columns()));
    // A derived column may be a slice column: the model's feature stage makes it.
    List<String> missing = extraColumns.stream().filter(c -> !have.contains(c) && !f.produced().contains(c)).toList();
    if (!missing.isEmpty()) {
      throw DataErrors.missingSliceColumns(table, missing, have);
    }
    Dataset<Row> prepared = InputChecks.prepare(pipeline, data, f, table, needLabel, extraColumns);
    // A stack's bases derive their columns inside it and its output keeps only its input columns: a derived
    // slice column of a stack is derived here, by the expressions its bases' stage recorded (they derive it
    // again from the same inputs, to the same values).
    StructType before = prepared.schema();
    if (extraColumns.stream().anyMatch(c -> !InputChecks.hasField(before, c))) {
      for (FeatureState.Derived d : FeatureStages.derivedInsideStack(pipeline)) {
        prepared = prepared.withColumn(d.name(), expr(d.sql()));
      }
    }
    // A feature stage may rewrite an input column in place (impute, scale, ...): a slice groups rows by the
    // value in the table, so extra columns are read from copies the pipeline does not touch.
    Map<String, String> copies = new LinkedHashMap<>();
    for (String c : extraColumns) {
      if (InputChecks.hasField(prepared.schema(), c)) {
        String copy = RAW_COPY + copies.size();
        prepared = prepared.withColumn(copy, Columns.named(c));
        copies.put(c, copy);
      }
    }
    Set<String> keep = new LinkedHashSet<>();
    if (f.id() != null) {
      keep.add(f.id());
    }
    if (InputChecks.hasField(prepared.schema(), f.label())) {
      keep.add(f.label());
    }
    Set<String> carried = new LinkedHashSet<>(keep);
    for (String c : extraColumns) {
      carried.add(copies.getOrDefault(c, c));
    }
    Dataset<Row> out = ModelStageInput.transformCarrying(pipeline, prepared, carried);
    List<Column> cols = new ArrayList<>(keep.stream().map(Columns::named).toList());
    for (String c : new LinkedHashSet<>(extraColumns)) {
      if (!keep.contains(c)) {
        cols.add(copies.containsKey(c) ? col(copies.get(c)).as(c) : Columns.named(c));
      }
    }
    if (task == Task.MULTICLASS) {
      Column probabilities = VectorColumns.values(col("probability"));
      cols.add(probabilities.as(PROBABILITIES));
      cols.add(array_max(probabilities).as(SCORE));
      // array_position finds the first maximum, 1-based: the same tie rule as the metrics.
      cols.add(array_position(probabilities, array_max(probabilities)).minus(1).cast("int").as(PREDICTED_CLASS));
    } else {
      Column score = task == Task.BINARY
          ? VectorColumns.element(col("probability"), 1)
          : col("prediction").cast("double");
      cols.add(score.as(SCORE));
    }
    return out.select(cols.toArray(Column[]::new));
  }

  /**
   * What a row's prediction is, by task: binary, the class (0/1) at the spec's threshold and the probability of
   * class 1; multiclass, the class index with the largest probability (the lowest on ties, as the metrics
   * count it), that probability, and every class's probability in class-index order; regression, the value and
   * no probability.
   */
  public static List<Column> predictionColumns(Task task, double threshold) {
    Column score = col(ScoreModel.SCORE);
    return switch (task) {
      case BINARY -> List.of(when(score.geq(threshold), 1.0).otherwise(0.0).as("prediction"),
          score.as("probability"));
      case MULTICLASS -> List.of(col(ScoreModel.PREDICTED_CLASS).cast("double").as("prediction"),
          score.as("probability"), col(ScoreModel.PROBABILITIES).as("probabilities"));
      case REGRESSION -> List.of(score.as("prediction"), lit(null).cast("double").as("probability"));
    };
  }
}
