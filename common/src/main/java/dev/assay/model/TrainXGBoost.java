package dev.assay.model;

import dev.assay.errors.ModelErrors;
import dev.assay.features.FitFeatureStage;
import dev.assay.gpu.GpuCheck;
import dev.assay.spark.StaticPlans;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.ModelSpec;
import dev.assay.spec.Task;
import dev.assay.version.LibraryVersions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Predef;
import scala.collection.JavaConverters;

/**
 * Trains a Spark ML pipeline (categorical indexing, dense feature assembly, XGBoost) so that the
 * same data version, spec and {@code num_workers} give the same booster bytes on CPU. On GPU the
 * categories are coded by an expression ({@link CategoryCodes}) and XGBoost reads the columns themselves.
 */
public final class TrainXGBoost {
  private static final Logger LOG = LoggerFactory.getLogger(TrainXGBoost.class);
  static final String FEATURES_COL = "__assay_features";

  private TrainXGBoost() {}

  public static TrainedModel train(SparkSession spark, ModelSpec model, FeatureSpec spec, Dataset<Row> raw,
      String table) {
    if (!"cpu".equals(model.device())) {
      GpuCheck.requireGpu(spark);
    }
    TaskSlots.require(spark, model.numWorkers());
    FeatureStages.Prepared prepared = FeatureStages.fitAndCheck(spec, raw, model.task(), table);
    FitFeatureStage.Fitted stage = prepared.stage();
    FeatureSpec features = prepared.features();
    InputChecks.Checked checked = prepared.checked();
    long rows = checked.rows();
    Dataset<Row> ordered = prepared.ordered(model.numWorkers());

    List<String> featureNames = new ArrayList<>(features.numeric());
    featureNames.addAll(features.categorical());
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = indexCategories(features, stages);
    // On GPU, XGBoost reads the feature columns themselves (String[]; its GPU path takes no vector column).
    // On CPU, a dense vector column: String[] columns give wrong transform() output there (STACK-NOTES).
    boolean gpu = !"cpu".equals(model.device());
    if (gpu) {
      codeCategories(stages, ordered);
    } else {
      stages.add(new AssembleDenseFeatures().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FEATURES_COL));
    }
    Map<String, String> effective = new TreeMap<>();
    stages.add(estimator(spark, model, features, checked.classes(), effective,
        gpu ? assembled.toArray(String[]::new) : null));

    LOG.info("train {}: fitting XGBoost on {} ({} rows, {} features, {} worker(s))", model.name(), table, rows,
        featureNames.size(), model.numWorkers());
    PipelineModel fitted;
    try {
      fitted = StaticPlans.run(spark, () -> new Pipeline().setStages(stages.toArray(PipelineStage[]::new))
          .fit(ordered));
    } catch (RuntimeException e) {
      throw translate(e, model);
    }
    byte[] json = boosterJson(fitted);
    String hash = FeatureStages.hash(stage.stage(), modelHash(json, model.device()));
    return new TrainedModel(FeatureStages.prepend(stage.stage(), fitted), json, hash, rows, featureNames, effective,
        stage.stage() == null ? null : stage.stage().stateJson());
  }

  /**
   * Adds the category indexing stage of {@code features} (if any) to {@code stages} and returns the columns to
   * assemble: the numeric features, then each categorical feature's code. {@code alphabetAsc}: a category's code
   * must not depend on how often each value happens to occur.
   */
  static List<String> indexCategories(FeatureSpec features, List<PipelineStage> stages) {
    List<String> assembled = new ArrayList<>(features.numeric());
    indexCategories(features.categorical(), stages, assembled);
    return assembled;
  }

  /** Adds the indexing stage of {@code categorical} (if any) to {@code stages} and their codes to {@code assembled}. */
  static void indexCategories(List<String> categorical, List<PipelineStage> stages, List<String> assembled) {
    if (!categorical.isEmpty()) {
      String[] in = categorical.toArray(String[]::new);
      String[] out = categorical.stream().map(c -> c + "__idx").toArray(String[]::new);
      stages.add(new StringIndexer().setInputCols(in).setOutputCols(out).setHandleInvalid("keep")
          .setStringOrderType("alphabetAsc"));
      assembled.addAll(List.of(out));
    }
  }

  /**
   * The GPU path's category stage: each category indexer of {@code stages} fitted on {@code data} and replaced by
   * its {@link CategoryCodes}, so the whole input query runs on RAPIDS (the indexer's UDF cannot), with the same
   * codes.
   */
  static void codeCategories(List<PipelineStage> stages, Dataset<Row> data) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i) instanceof StringIndexer indexer) {
        stages.set(i, CategoryCodes.of(indexer.fit(data)));
      }
    }
  }

  /**
   * The input XGBoost's GPU plugin reads when {@code train} runs on GPU (checked, partitioned and sorted as on
   * CPU, categories coded by {@link CategoryCodes}, no vector column), without fitting: what
   * {@code CheckGpuReadiness} plans on a CPU machine.
   */
  public static Dataset<Row> gpuTrainingInput(ModelSpec model, FeatureSpec spec, Dataset<Row> raw, String table) {
    FeatureStages.Prepared prepared = FeatureStages.fitAndCheck(spec, raw, model.task(), table);
    Dataset<Row> input = prepared.ordered(model.numWorkers());
    List<PipelineStage> stages = new ArrayList<>();
    indexCategories(prepared.features(), stages);
    codeCategories(stages, input);
    for (PipelineStage s : stages) {
      input = ((Transformer) s).transform(input);
    }
    return input;
  }

  /** The objective Assay trains {@code task} with unless {@code model.params.objective} names another. */
  public static String defaultObjective(Task task) {
    return switch (task) {
      case BINARY -> "binary:logistic";
      case MULTICLASS -> "multi:softprob";
      case REGRESSION -> "reg:squarederror";
    };
  }

  private static PipelineStage estimator(SparkSession spark, ModelSpec model, FeatureSpec features, int classes,
      Map<String, String> effective, String[] featureCols) {
    boolean multiclass = model.task() == Task.MULTICLASS;
    boolean binary = model.task() == Task.BINARY || multiclass;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("objective", defaultObjective(model.task()));
    params.put("verbosity", 0);
    params.putAll(model.params());
    if (multiclass) {
      Object objective = params.get("objective");
      if (!"multi:softprob".equals(objective)) {
        throw ModelErrors.multiclassObjective(objective);
      }
      // K from the training labels (0..K-1), so the model knows every class even if rare.
      params.put("num_class", classes);
    }
    int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
    int nthread = params.containsKey("nthread") ? Integer.parseInt(params.get("nthread").toString()) : taskCpus;
    if (nthread > taskCpus) {
      throw ModelErrors.tooManyThreads(nthread, taskCpus);
    }
    params.put("nthread", nthread);
    var scalaParams = JavaConverters.mapAsScalaMapConverter(params)
        .asScala().toMap(Predef.$conforms());
    PipelineStage est = binary ? new XGBoostClassifier(scalaParams) : new XGBoostRegressor(scalaParams);
    for (String name : params.keySet()) {
      if (!est.hasParam(name) && !est.hasParam(camel(name))) {
        throw ModelErrors.unknownXgboostParam(name, LibraryVersions.xgboostVersion());
      }
    }
    setOwnParams((XGBoostEstimator<?, ?>) est, model, features, featureCols);
    params.forEach((k, v) -> effective.put(k, String.valueOf(v)));
    effective.put("seed", Long.toString(model.seed()));
    effective.put("num_workers", Integer.toString(model.numWorkers()));
    effective.put("device", model.device());
    effective.put("missing", "NaN");
    return est;
  }

  /**
   * The columns and run settings Assay owns, set the same way on the classifier and the regressor: both implement
   * {@link XGBoostEstimator}, and both are Spark {@link Predictor}s, which declare the one-column features and the
   * label setters (Java cannot name the two as one type: their {@code copy} methods return unrelated types).
   */
  private static void setOwnParams(XGBoostEstimator<?, ?> est, ModelSpec model, FeatureSpec features,
      String[] featureCols) {
    Predictor<?, ?, ?> predictor = (Predictor<?, ?, ?>) est;
    if (featureCols == null) {
      predictor.setFeaturesCol(FEATURES_COL);
    } else {
      est.setFeaturesCol(featureCols);
    }
    predictor.setLabelCol(features.label());
    est.setMissing(Float.NaN);
    est.setNumWorkers(model.numWorkers());
    est.setSeed(model.seed());
    est.setDevice(model.device());
    if (features.weight() != null) {
      est.setWeightCol(features.weight());
    }
  }

  /**
   * The {@code model_hash} of a booster: SHA-256 of its JSON on CPU (unchanged for existing models);
   * for another device the device goes into the hash input, so a GPU model never shares a hash with
   * a CPU model, even if their boosters were byte-identical.
   */
  /**
   * {@code pipeline} as loaded from disk, with every XGBoost classifier given back its class count. Why:
   * XGBoost4J-Spark 3.4.0 saves the class count as param {@code num_class} but its reader looks for
   * {@code numClass}, misses it and assumes 2, so a reloaded 3-class model turns its three margins into two
   * "probabilities" (score, evaluate and reevaluate of a reloaded multiclass model were wrong). The param itself
   * is read back, so the count is known; the booster is the same object, so the scores are the trained ones.
   */
  static PipelineModel restoreClassCount(PipelineModel pipeline) {
    Transformer[] stages = pipeline.stages().clone();
    boolean changed = false;
    for (int i = 0; i < stages.length; i++) {
      if (stages[i] instanceof XGBoostClassificationModel m && m.isSet(m.numClass())) {
        int classes = (Integer) m.getOrDefault(m.numClass());
        if (classes != m.numClasses()) {
          stages[i] = m.copyValues(new XGBoostClassificationModel(m.uid(), classes, m.nativeBooster(),
              Option.empty()), ParamMap.empty());
          changed = true;
        }
      }
    }
    return changed ? new PipelineModel(pipeline.uid(), stages) : pipeline;
  }

  public static String modelHash(byte[] boosterJson, String device) {
    return Hashing.sha256(boosterJson, device);
  }

  /** The device a fitted (or loaded) XGBoost pipeline was trained for: its model's {@code device} param. */
  public static String device(PipelineModel pipeline) {
    Object last = pipeline.stages()[pipeline.stages().length - 1];
    if (last instanceof Params p && p.hasParam("device")) {
      Param<Object> param = p.getParam("device");
      if (p.isDefined(param)) {
        return String.valueOf(p.getOrDefault(param));
      }
    }
    return "cpu";
  }

  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }

  /** The booster of a fitted pipeline, as XGBoost's portable JSON. */
  public static byte[] boosterJson(PipelineModel pipeline) {
    return boosterBytes(pipeline, "json");
  }

  /** The booster of a fitted pipeline in one of XGBoost's model formats ({@code json}, {@code ubj}). */
  public static byte[] boosterBytes(PipelineModel pipeline, String format) {
    Object last = pipeline.stages()[pipeline.stages().length - 1];
    try {
      if (last instanceof XGBoostClassificationModel m) {
        return m.nativeBooster().toByteArray(format);
      }
      if (last instanceof XGBoostRegressionModel m) {
        return m.nativeBooster().toByteArray(format);
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("Cannot export the booster as " + format, e);
    }
    throw new IllegalStateException("Pipeline does not end with an XGBoost model: " + last.getClass().getName());
  }

  private static RuntimeException translate(RuntimeException e, ModelSpec model) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("BarrierJobSlotsNumberCheckFailed") || m.contains("SPARK-24819")) {
        return ModelErrors.clusterTooSmall(model.numWorkers(), e);
      }
    }
    return e;
  }
}
