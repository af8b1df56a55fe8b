package dev.assay.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.assay.spark.SavedTransformer;
import dev.assay.spark.VectorColumns;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Assembles numeric columns into an always-dense feature vector, nulls as NaN.
 *
 * <p>Why not {@code VectorAssembler}: it emits sparse vectors when many values are zero, and
 * XGBoost reads an omitted entry of a sparse vector as <em>missing</em>, so a real zero would
 * silently become "unknown" for some rows and not for others. Dense vectors with NaN for null keep
 * zero a value and missing a missing value, on every row.
 */
public class AssembleDenseFeatures extends SavedTransformer {
  private static final long serialVersionUID = 1L;

  private final StringArrayParam inputCols;
  private final Param<String> outputCol;

  public AssembleDenseFeatures() {
    this(Identifiable$.MODULE$.randomUID("assembleDense"));
  }

  public AssembleDenseFeatures(String uid) {
    super(uid);
    this.inputCols = new StringArrayParam(this, "inputCols", "numeric input columns, in feature order");
    this.outputCol = new Param<>(this, "outputCol", "output dense vector column");
    setDefault(outputCol, "features");
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public AssembleDenseFeatures setInputCols(String[] cols) {
    set(inputCols, cols);
    return this;
  }

  public AssembleDenseFeatures setOutputCol(String col) {
    set(outputCol, col);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    String[] in = $(inputCols);
    Column[] parts = Arrays.stream(in)
        .map(c -> coalesce(col(c).cast("double"), lit(Double.NaN)))
        .toArray(Column[]::new);
    // The vector's storage made by a static call from the generated code (VectorColumns.dense), not by Spark's
    // array_to_vector, a Scala UDF that boxes every value into a Seq and back: per row in single-row latency,
    // 0.21 us against 0.50 at best and 1.0 against 2.7 in the median (28 features; B8), and less garbage in bulk.
    return dataset.withColumn($(outputCol), VectorColumns.dense(array(parts)));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return schema.add(new StructField($(outputCol), SQLDataTypes.VectorType(), false, Metadata.empty()));
  }

  public static MLReader<AssembleDenseFeatures> read() {
    return new DefaultParamsReader<>();
  }

}
