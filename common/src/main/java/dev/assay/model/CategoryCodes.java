package dev.assay.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.spark.SavedTransformer;
import java.util.Arrays;
import java.util.List;
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

  /** One categorical column: its input, its code output (double) and its labels in code order. */
  record Coded(String input, String output, String[] labels) {}

  /** Per categorical column, a JSON object of {@link Coded} (one param: Spark saves it with the pipeline). */
  private final StringArrayParam columns;

  public CategoryCodes() {
    this(Identifiable$.MODULE$.randomUID("categoryCodes"));
  }

  public CategoryCodes(String uid) {
    super(uid);
    this.columns = new StringArrayParam(this, "columns", "per categorical column: input, output and labels (JSON)");
  }

  /** The codes of {@code indexer} (fitted, any handleInvalid: unseen values and nulls get the extra code here). */
  public static CategoryCodes of(StringIndexerModel indexer) {
    String[] in = indexer.isSet(indexer.inputCols()) ? indexer.getInputCols() : new String[] {indexer.getInputCol()};
    String[] out = indexer.isSet(indexer.outputCols()) ? indexer.getOutputCols()
        : new String[] {indexer.getOutputCol()};
    String[][] labels = indexer.labelsArray();
    String[] json = new String[in.length];
    for (int i = 0; i < in.length; i++) {
      json[i] = write(new Coded(in[i], out[i], labels[i]));
    }
    CategoryCodes codes = new CategoryCodes();
    codes.set(codes.columns, json);
    return codes;
  }

  /** Spark finds a stage's params through public methods returning them (saving and copying rely on it). */
  public StringArrayParam columns() {
    return columns;
  }

  private List<Coded> coded() {
    return Arrays.stream($(columns)).map(CategoryCodes::parse).toList();
  }

  public String[] getInputCols() {
    return coded().stream().map(Coded::input).toArray(String[]::new);
  }

  /** The labels of every input column, in code order. */
  public String[][] labelsArray() {
    return coded().stream().map(Coded::labels).toArray(String[][]::new);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> result = dataset.toDF();
    for (Coded c : coded()) {
      result = result.withColumn(c.output(), code(col(quote(c.input())).cast(DataTypes.StringType), c.labels()));
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
    for (Coded c : coded()) {
      result = result.add(new StructField(c.output(), DataTypes.DoubleType, false, Metadata.empty()));
    }
    return result;
  }

  private static String quote(String c) {
    return "`" + c.replace("`", "``") + "`";
  }

  private static String write(Coded column) {
    try {
      return JSON.writeValueAsString(column);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write category labels as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Coded parse(String json) {
    try {
      return JSON.readValue(json, Coded.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read the category labels of a saved CategoryCodes stage: "
          + e.getOriginalMessage(), e);
    }
  }

  public static MLReader<CategoryCodes> read() {
    return new DefaultParamsReader<>();
  }
}
