package dev.assay.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.spark.SavedTransformer;
import java.util.Arrays;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The category codes of a fitted {@link StringIndexerModel} as a plain SQL expression per column: {@code CASE
 * CAST(c AS STRING) WHEN label0 THEN 0.0 WHEN label1 THEN 1.0 ... ELSE n END}, so a value gets the code the indexer
 * gives it, and an unseen value or a null gets {@code n} (the number of labels), as with {@code handleInvalid=keep}.
 *
 * <p>Why: the GPU path (XGBoost reading the feature columns itself) runs the whole input query on the RAPIDS
 * Accelerator, and the indexer's Scala UDF is the one operator there RAPIDS cannot run; a {@code CASE} over
 * literals it can. The codes are the indexer's own (the vocabulary is fitted by the indexer, alphabetically), so a
 * model on either path reads the same numbers; {@code CategoryCodesTest} compares them row by row.
 */
public class CategoryCodes extends SavedTransformer {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;
  /** One JSON array of labels per input column, in code order. */
  private final StringArrayParam labels;

  public CategoryCodes() {
    this(Identifiable$.MODULE$.randomUID("categoryCodes"));
  }

  public CategoryCodes(String uid) {
    super(uid);
    this.inputCols = new StringArrayParam(this, "inputCols", "categorical input columns");
    this.outputCols = new StringArrayParam(this, "outputCols", "code output columns (doubles)");
    this.labels = new StringArrayParam(this, "labels", "per input column, a JSON array of its labels in code order");
  }

  /** The codes of {@code indexer} (fitted, any handleInvalid: unseen values and nulls get the extra code here). */
  public static CategoryCodes of(StringIndexerModel indexer) {
    String[] in = indexer.isSet(indexer.inputCols()) ? indexer.getInputCols() : new String[] {indexer.getInputCol()};
    String[] out = indexer.isSet(indexer.outputCols()) ? indexer.getOutputCols()
        : new String[] {indexer.getOutputCol()};
    String[] json = Arrays.stream(indexer.labelsArray()).map(CategoryCodes::write).toArray(String[]::new);
    CategoryCodes codes = new CategoryCodes();
    codes.set(codes.inputCols, in);
    codes.set(codes.outputCols, out);
    codes.set(codes.labels, json);
    return codes;
  }

  // Spark finds a stage's params through public methods returning them (saving and copying rely on it).
  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public StringArrayParam labels() {
    return labels;
  }

  public String[] getInputCols() {
    return $(inputCols);
  }

  /** The labels of every input column, in code order. */
  public String[][] labelsArray() {
    return Arrays.stream($(labels)).map(CategoryCodes::parse).toArray(String[][]::new);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    String[] in = $(inputCols);
    String[] out = $(outputCols);
    String[][] vocabularies = labelsArray();
    Dataset<Row> result = dataset.toDF();
    for (int i = 0; i < in.length; i++) {
      result = result.withColumn(out[i], code(col(quote(in[i])).cast(DataTypes.StringType), vocabularies[i]));
    }
    return result;
  }

  private static Column code(Column value, String[] vocabulary) {
    if (vocabulary.length == 0) {
      return lit(0.0);
    }
    Column c = when(value.equalTo(lit(vocabulary[0])), lit(0.0));
    for (int k = 1; k < vocabulary.length; k++) {
      c = c.when(value.equalTo(lit(vocabulary[k])), lit((double) k));
    }
    return c.otherwise(lit((double) vocabulary.length));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructType result = schema;
    for (String o : $(outputCols)) {
      result = result.add(new StructField(o, DataTypes.DoubleType, false, Metadata.empty()));
    }
    return result;
  }

  private static String quote(String c) {
    return "`" + c.replace("`", "``") + "`";
  }

  private static String write(String[] values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write category labels as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String[] parse(String json) {
    try {
      return JSON.readValue(json, String[].class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read the category labels of a saved CategoryCodes stage: "
          + e.getOriginalMessage(), e);
    }
  }

  public static MLReader<CategoryCodes> read() {
    return new DefaultParamsReader<>();
  }
}
