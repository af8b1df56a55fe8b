package dev.assay.features;

import dev.assay.spark.SavedTransformer;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The first stage of a model whose spec derives or transforms features: it holds the fitted
 * {@link FeatureState} as one JSON param, so the saved pipeline carries it and every command that
 * loads the model (evaluate, score, benchmark, gate, verify) applies exactly what training
 * applied, with no second implementation.
 *
 * <p>Why not Spark's own stages: {@code Imputer}'s mean is a double sum in task-completion order
 * and its median, like {@code QuantileDiscretizer}'s splits, is approximate and depends on the
 * partitioning; {@code OneHotEncoder} emits sparse vectors, whose zeros XGBoost reads as missing.
 * The state here is fitted exactly ({@link FitFeatureStage}) and applied as per-row expressions.
 */
public class FeatureStageModel extends SavedTransformer {
  private static final long serialVersionUID = 1L;

  private final Param<String> state;
  private transient FeatureState parsed;

  public FeatureStageModel() {
    this(Identifiable$.MODULE$.randomUID("assayFeatures"));
  }

  public FeatureStageModel(String uid) {
    super(uid);
    this.state = new Param<>(this, "state", "the fitted feature state as JSON (FeatureState)");
  }

  /** A stage applying {@code fitted}. */
  public static FeatureStageModel of(FeatureState fitted) {
    FeatureStageModel m = new FeatureStageModel();
    m.set(m.state, fitted.toJson());
    return m;
  }

  /** The fitted state's JSON, as recorded in the models table and hashed. */
  public String stateJson() {
    return $(state);
  }

  /** The param holding the fitted state's JSON (Spark finds a stage's params by their accessors). */
  public Param<String> state() {
    return state;
  }

  /** The fitted state. */
  public FeatureState fitted() {
    if (parsed == null) {
      parsed = FeatureState.fromJson(stateJson());
    }
    return parsed;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return fitted().apply(dataset.toDF());
  }

  /** The schema after the stage: analysed on an empty frame of {@code schema}, which runs no job. */
  @Override
  public StructType transformSchema(StructType schema) {
    SparkSession spark = SparkSession.active();
    return fitted().apply(spark.createDataFrame(List.of(), schema)).schema();
  }

  public static MLReader<FeatureStageModel> read() {
    return new DefaultParamsReader<>();
  }

}
