package dev.assay.packaging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import dev.assay.errors.DataErrors;
import dev.assay.errors.PackageErrors;
import dev.assay.model.AssembleDenseFeatures;
import dev.assay.model.InputChecks;
import dev.assay.model.ScoreModel;
import dev.assay.scorer.GoldenRow;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.Prediction;
import dev.assay.scorer.expr.SqlType;
import dev.assay.spark.Columns;
import dev.assay.spark.VectorColumns;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The golden examples of a package: rows drawn from an evaluation version, plus rows made to exercise what a
 * sample may miss (each input in turn set to null, an unseen value for each string category, NaN for a double),
 * scored by the model's Spark pipeline exactly as {@code assay score} scores them. The draw is deterministic: the
 * rows with the smallest hash of their input values ({@code xxhash64}, ties by the values), so the same version
 * gives the same examples.
 */
final class GoldenExamples {
  /** The value given to a string category for the "unseen category" examples. */
  static final String UNSEEN = "__assay_unseen_category__";
  private static final String ROW = "__assay_golden_row";
  /** In a template of {@link #variants}: set this column to null. */
  private static final Object MISSING = new Object();

  private GoldenExamples() {}

  /** How a golden row records the feature vector its model read. */
  enum Vectors {
    /** Each value as the float the model reads (XGBoost, ONNX), written as the double of that float. */
    FLOAT32,
    /** Each value as the double the model reads (MLlib). */
    FLOAT64,
    /** No vector: an ensemble's members record their own. */
    NONE
  }

  /**
   * The request's golden rows (fewer when the version has fewer) from its source's columns the package reads, with
   * the feature vectors as {@code vectors} says.
   */
  static List<GoldenRow> draw(ExportPackage.Request r, List<Manifest.Input> inputs, Vectors vectors) {
    PipelineModel pipeline = r.pipeline();
    FeatureSpec f = r.trainSpec().features();
    Task task = r.model().task();
    double threshold = r.trainSpec().metrics().threshold();
    Dataset<Row> source = r.goldenSource();
    int n = r.goldenRows();
    String table = r.goldenTable();
    List<String> have = Arrays.asList(source.columns());
    List<String> missing = inputs.stream().map(Manifest.Input::name).filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw DataErrors.missingColumns(table, missing, have);
    }
    Column[] cols = inputs.stream().map(i -> Columns.named(i.name())).toArray(Column[]::new);
    List<Row> made = variants(inputs, n);
    int drawnCount = Math.max(1, n - made.size());
    List<Column> order = new ArrayList<>(List.of(xxhash64(cols)));
    order.addAll(List.of(cols));
    List<Row> drawn = source.select(cols).orderBy(order.toArray(Column[]::new)).limit(drawnCount).collectAsList();
    if (drawn.isEmpty()) {
      throw PackageErrors.goldenSourceEmpty(table);
    }
    List<Row> rows = new ArrayList<>(drawn);
    for (Row template : made) {
      rows.add(merge(drawn.get(rows.size() % drawn.size()), template));
    }
    rows = rows.subList(0, Math.min(rows.size(), Math.max(n, 1)));

    SparkSession spark = source.sparkSession();
    // Every input nullable: the made rows set each input to null in turn, and Spark reads a null in a column declared
    // non-nullable (a stack's meta-feature, a computed column) as 0, not as a missing value.
    StructType schema = new StructType();
    for (StructField field : source.select(cols).schema().fields()) {
      schema = schema.add(field.name(), field.dataType(), true);
    }
    schema = schema.add(ROW, DataTypes.IntegerType, false);
    List<Row> indexed = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Object[] values = new Object[inputs.size() + 1];
      for (int c = 0; c < inputs.size(); c++) {
        values[c] = rows.get(i).get(c);
      }
      values[inputs.size()] = i;
      indexed.add(RowFactory.create(values));
    }
    FeatureSpec withoutId = new FeatureSpec(f.numeric(), f.categorical(), f.label(), f.weight(), null, f.derive(),
        f.transforms());
    Dataset<Row> examples = spark.createDataFrame(indexed, schema);
    Dataset<Row> scored = ScoreModel.predict(pipeline, examples, withoutId, task,
        table, false, List.of(ROW));
    List<Column> out = new ArrayList<>(List.of(col(ROW)));
    out.addAll(ScoreModel.predictionColumns(task, threshold));
    List<Row> results = scored.select(out.toArray(Column[]::new)).orderBy(ROW).collectAsList();
    List<List<Double>> features = vectors == Vectors.NONE ? null : vectors(pipeline, examples, withoutId, table,
        vectors == Vectors.FLOAT32);
    List<GoldenRow> golden = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      golden.add(new GoldenRow(json(inputs, rows.get(i)), features == null ? null : features.get(i),
          prediction(task, results.get(i))));
    }
    return golden;
  }

  /**
   * The feature vector each row reaches the model with: the pipeline up to the dense assembler, each value as the
   * double MLlib reads or the float XGBoost4J-Spark hands the booster (written as the double of that float).
   */
  private static List<List<Double>> vectors(PipelineModel pipeline, Dataset<Row> rows, FeatureSpec f,
      String table, boolean floatFeatures) {
    Transformer[] stages = pipeline.stages();
    AssembleDenseFeatures assembler = (AssembleDenseFeatures) stages[stages.length - 2];
    PipelineModel front = new PipelineModel(pipeline.uid(), Arrays.copyOf(stages, stages.length - 1));
    Dataset<Row> prepared = InputChecks.prepare(pipeline, rows, f, table, false, List.of(ROW));
    List<Row> out = front.transform(prepared).select(col(ROW), VectorColumns.values(col(assembler
        .getOrDefault(assembler.outputCol())))).orderBy(ROW).collectAsList();
    List<List<Double>> vectors = new ArrayList<>();
    for (Row row : out) {
      List<Double> v = row.getList(1);
      vectors.add(v.stream().map(x -> x == null ? Double.NaN : floatFeatures ? (double) (float) (double) x : x)
          .toList());
    }
    return vectors;
  }

  /**
   * Templates of made rows: null marks "keep the drawn value", {@link #MISSING} "set to null"; each input in
   * turn missing, an unseen value per string category, NaN per double input.
   */
  private static List<Row> variants(List<Manifest.Input> inputs, int n) {
    List<Row> out = new ArrayList<>();
    int budget = Math.max(0, n / 10);
    for (int i = 0; i < inputs.size() && out.size() < budget; i++) {
      out.add(template(inputs.size(), i, MISSING));
    }
    for (int i = 0; i < inputs.size() && out.size() < budget; i++) {
      Manifest.Input in = inputs.get(i);
      if (in.role() == Manifest.Role.CATEGORICAL && in.type() == SqlType.STRING) {
        out.add(template(inputs.size(), i, UNSEEN));
      } else if (in.type() == SqlType.DOUBLE) {
        out.add(template(inputs.size(), i, Double.NaN));
      }
    }
    return out;
  }

  private static Row template(int width, int column, Object value) {
    Object[] values = new Object[width];
    values[column] = value;
    return RowFactory.create(values);
  }

  private static Row merge(Row drawn, Row template) {
    Object[] values = new Object[drawn.size()];
    for (int c = 0; c < values.length; c++) {
      Object t = template.get(c);
      values[c] = t == null ? drawn.get(c) : t == MISSING ? null : t;
    }
    return RowFactory.create(values);
  }

  /** The row as a request sends it: JSON values, NaN and infinities as strings. */
  private static Map<String, Object> json(List<Manifest.Input> inputs, Row row) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int c = 0; c < inputs.size(); c++) {
      Object v = row.get(c);
      if (v instanceof Double d && (d.isNaN() || d.isInfinite()) || v instanceof Float x && (x.isNaN()
          || x.isInfinite())) {
        v = v.toString();
      }
      out.put(inputs.get(c).name(), v);
    }
    return out;
  }

  private static Prediction prediction(Task task, Row r) {
    double prediction = r.getDouble(1);
    return switch (task) {
      case BINARY -> new Prediction(prediction, r.getDouble(2), null);
      case MULTICLASS -> new Prediction(prediction, r.getDouble(2), r.getList(3));
      case REGRESSION -> new Prediction(prediction, null, null);
    };
  }
}
