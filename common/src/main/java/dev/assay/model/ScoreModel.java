package dev.assay.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

import dev.assay.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies a fitted pipeline and reduces its output to one {@code score} column: the probability
 * of class 1 for binary models, the prediction for regression.
 */
public final class ScoreModel {
  public static final String SCORE = "score";

  private ScoreModel() {}

  /** Predictions with the id (if any), the label (if present) and {@link #SCORE}. */
  public static Dataset<Row> predict(PipelineModel pipeline, Dataset<Row> data, FeatureSpec f, String task,
      String table, boolean needLabel) {
    Dataset<Row> prepared = InputChecks.prepare(data, f, table, needLabel);
    Dataset<Row> out = pipeline.transform(prepared);
    Column score = "binary".equals(task)
        ? element_at(functions.vector_to_array(col("probability"), "float64"), 2)
        : col("prediction").cast("double");
    List<Column> keep = new ArrayList<>();
    if (f.id() != null) {
      keep.add(col(f.id()));
    }
    if (InputChecks.hasField(prepared.schema(), f.label())) {
      keep.add(col(f.label()));
    }
    keep.add(score.as(SCORE));
    return out.select(keep.toArray(Column[]::new));
  }
}
