package dev.assay.model;

import dev.assay.errors.ModelErrors;
import dev.assay.features.FitFeatureStage;
import dev.assay.spec.Algorithm;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.ModelSpec;
import dev.assay.spec.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.DecisionTreeModel;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark MLlib families ({@code mllib_logistic_regression}, {@code mllib_random_forest}) through the
 * same feature pipeline as XGBoost: alphabetical category indexing, then dense assembly.
 *
 * <p>MLlib estimators reject NaN features, so numeric features go through a fixed imputation:
 * a missing (null or NaN) value becomes 0 and a 0/1 missing-indicator feature is added per numeric
 * column. Why not Spark's {@code Imputer} with the mean: the mean is a double sum whose merge
 * order follows task completion, so its bits (and the model's) could change from run to run; the
 * zero-plus-indicator rule needs no fitting and keeps "missing" visible to the model.
 *
 * <p>Determinism: rows are hash-partitioned into {@code num_workers} partitions and sorted, as for
 * XGBoost. With one worker (one partition) LR and RF are bit-for-bit reproducible; with more,
 * MLlib merges per-partition double sums in task completion order (LR gradients, RF regression
 * statistics), which the reproducibility contract does not cover.
 *
 * <p>{@code model_hash} is a SHA-256 over a canonical text of the fitted model: the raw bits of
 * LR's coefficients and intercept; for RF every tree's nodes (split feature, threshold or left
 * categories, leaf prediction, impurity and impurity statistics) in pre-order.
 */
public final class TrainMllib implements ModelTrainer {
  static final String IMPUTATION = "zero_with_missing_indicator";
  /** The suffix of an imputed numeric feature's value column. */
  public static final String FILLED = "__filled";
  /** The suffix of an imputed numeric feature's 0/1 missing-indicator column. */
  public static final String MISSING = "__missing";
  /** Params that would rename or re-route the pipeline's columns that scoring relies on. */
  private static final List<String> FIXED = List.of("predictionCol", "probabilityCol", "rawPredictionCol",
      "varianceCol", "leafCol", "family");

  private final Algorithm algorithm;

  /** The trainer of {@link Algorithm#MLLIB_LOGISTIC_REGRESSION} or {@link Algorithm#MLLIB_RANDOM_FOREST}. */
  public TrainMllib(Algorithm algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  public TrainedModel train(SparkSession spark, ModelSpec model, FeatureSpec spec, Dataset<Row> raw,
      String table) {
    if (!"cpu".equals(model.device())) {
      throw ModelErrors.cpuOnly(algorithm, model.device(), "Spark MLlib");
    }
    boolean binary = model.task() == Task.BINARY;
    if (algorithm == Algorithm.MLLIB_LOGISTIC_REGRESSION && !binary) {
      throw ModelErrors.logisticRegressionTask(algorithm, model.task());
    }
    FeatureStages.Prepared prepared = FeatureStages.fitAndCheck(spec, raw, model.task(), table);
    FitFeatureStage.Fitted stage = prepared.stage();
    FeatureSpec features = prepared.features();
    InputChecks.Checked checked = prepared.checked();
    Dataset<Row> ordered = prepared.ordered(model.numWorkers());

    List<PipelineStage> stages = new ArrayList<>(featureStages(features));
    Map<String, String> effective = new TreeMap<>();
    stages.add(estimator(model, features, effective));
    PipelineModel fitted = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(ordered);
    List<String> featureNames = new ArrayList<>(features.numeric());
    featureNames.addAll(features.categorical());
    return new TrainedModel(FeatureStages.prepend(stage.stage(), fitted), null,
        FeatureStages.hash(stage.stage(), modelHash(fitted)), checked.rows(), featureNames, effective,
        stage.stage() == null ? null : stage.stage().stateJson());
  }

  /** Category indexing, zero-plus-indicator imputation and dense assembly, in feature order. */
  static List<PipelineStage> featureStages(FeatureSpec features) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>();
    List<String> indicators = new ArrayList<>();
    for (String c : features.numeric()) {
      assembled.add(c + FILLED);
      indicators.add(c + MISSING);
    }
    if (!features.numeric().isEmpty()) {
      stages.add(new SQLTransformer().setStatement(imputationSql(features.numeric())));
    }
    TrainXGBoost.indexCategories(features.categorical(), stages, assembled);
    assembled.addAll(indicators);
    stages.add(new AssembleDenseFeatures().setInputCols(assembled.toArray(String[]::new))
        .setOutputCol(TrainXGBoost.FEATURES_COL));
    return stages;
  }

  /**
   * The imputation stage's statement for {@code numeric}: per column, {@code c__filled} (0 where the value is null
   * or NaN) and {@code c__missing} (1 there, else 0). Export compares a pipeline's statement with it to read the
   * stage as data.
   */
  public static String imputationSql(List<String> numeric) {
    StringBuilder sql = new StringBuilder("SELECT *");
    for (String c : numeric) {
      String q = "`" + c.replace("`", "``") + "`";
      String missing = q + " IS NULL OR isnan(" + q + ")";
      sql.append(", CASE WHEN ").append(missing).append(" THEN 0.0D ELSE ").append(q).append(" END AS `")
          .append(c.replace("`", "``")).append(FILLED).append('`');
      sql.append(", CASE WHEN ").append(missing).append(" THEN 1.0D ELSE 0.0D END AS `")
          .append(c.replace("`", "``")).append(MISSING).append('`');
    }
    return sql.append(" FROM __THIS__").toString();
  }

  private PipelineStage estimator(ModelSpec model, FeatureSpec features, Map<String, String> effective) {
    Params est = algorithm == Algorithm.MLLIB_LOGISTIC_REGRESSION ? new LogisticRegression()
        : model.task() == Task.REGRESSION ? new RandomForestRegressor() : new RandomForestClassifier();
    // The columns are params of all three estimators, but each class declares its own setters: set them by name.
    ParamMap extra = new ParamMap();
    put(extra, est, "featuresCol", TrainXGBoost.FEATURES_COL);
    put(extra, est, "labelCol", features.label());
    if (features.weight() != null) {
      put(extra, est, "weightCol", features.weight());
    }
    if (est instanceof LogisticRegression) {
      put(extra, est, "family", "binomial");
      effective.put("family", "binomial");
    } else {
      put(extra, est, "seed", model.seed());
    }
    for (Map.Entry<String, Object> e : model.params().entrySet()) {
      String name = est.hasParam(e.getKey()) ? e.getKey() : TrainXGBoost.camel(e.getKey());
      if (!est.hasParam(name) || FIXED.contains(name)) {
        throw ModelErrors.unknownEstimatorParam(e.getKey(), algorithm, est.getClass().getSimpleName(),
            "Spark MLlib");
      }
      @SuppressWarnings("unchecked")
      Param<Object> p = (Param<Object>) est.getParam(name);
      try {
        extra.put(p, convert(p, e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw ModelErrors.rejectedMllibParam(e.getKey(), e.getValue(), algorithm, ex.getMessage(), ex);
      }
      effective.put(e.getKey(), String.valueOf(e.getValue()));
    }
    effective.put("seed", Long.toString(model.seed()));
    effective.put("num_workers", Integer.toString(model.numWorkers()));
    effective.put("device", model.device());
    effective.put("imputation", IMPUTATION);
    return (PipelineStage) est.copy(extra);
  }

  @SuppressWarnings("unchecked")
  static void put(ParamMap map, Params est, String name, Object value) {
    map.put((Param<Object>) est.getParam(name), value);
  }

  /** A spec param's value as {@code p} takes it (exception message: what was expected). */
  static Object convert(Param<?> p, Object v) {
    if (p instanceof IntParam || p instanceof LongParam) {
      if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("expected an integer");
      }
      return p instanceof IntParam ? (Object) n.intValue() : (Object) n.longValue();
    }
    if (p instanceof DoubleParam) {
      if (!(v instanceof Number n)) {
        throw new IllegalArgumentException("expected a number");
      }
      return n.doubleValue();
    }
    if (p instanceof BooleanParam) {
      if (!(v instanceof Boolean)) {
        throw new IllegalArgumentException("expected true or false");
      }
      return v;
    }
    if (v instanceof Number || v instanceof Boolean || v instanceof String) {
      return String.valueOf(v);
    }
    throw new IllegalArgumentException("unsupported value type");
  }

  @Override
  public String hash(PipelineModel pipeline) {
    return FeatureStages.hash(FeatureStages.stageOf(pipeline), modelHash(pipeline));
  }

  /** The hash of the fitted model alone (its last stage). */
  private static String modelHash(PipelineModel pipeline) {
    Transformer last = pipeline.stages()[pipeline.stages().length - 1];
    StringBuilder b = new StringBuilder();
    if (last instanceof LogisticRegressionModel lr) {
      b.append("mllib_logistic_regression\n");
      for (double c : lr.coefficients().toArray()) {
        b.append(bits(c)).append(' ');
      }
      b.append('\n').append(bits(lr.intercept()));
    } else if (last instanceof RandomForestClassificationModel rf) {
      b.append("mllib_random_forest classifier ").append(rf.numFeatures()).append(' ').append(rf.numClasses());
      trees(b, rf.trees(), rf.treeWeights());
    } else if (last instanceof RandomForestRegressionModel rf) {
      b.append("mllib_random_forest regressor ").append(rf.numFeatures());
      trees(b, rf.trees(), rf.treeWeights());
    } else {
      throw new IllegalStateException("Pipeline does not end with an MLlib model Assay trains: "
          + last.getClass().getName());
    }
    return Hashing.sha256(b.toString());
  }

  private static void trees(StringBuilder b, DecisionTreeModel[] trees, double[] weights) {
    for (int i = 0; i < trees.length; i++) {
      b.append("\ntree ").append(bits(weights[i])).append('\n');
      node(b, trees[i].rootNode());
    }
  }

  private static void node(StringBuilder b, Node n) {
    if (n instanceof InternalNode in) {
      b.append("(");
      if (in.split() instanceof ContinuousSplit s) {
        b.append('f').append(s.featureIndex()).append("<=").append(bits(s.threshold()));
      } else if (in.split() instanceof CategoricalSplit s) {
        b.append('f').append(s.featureIndex()).append(" in");
        for (double c : s.leftCategories()) {
          b.append(' ').append(bits(c));
        }
      }
      b.append(' ');
      node(b, in.leftChild());
      b.append(' ');
      node(b, in.rightChild());
      b.append(')');
    } else if (n instanceof LeafNode leaf) {
      b.append('[').append(bits(leaf.prediction())).append(' ').append(bits(leaf.impurity()));
      for (double s : leaf.impurityStats().stats()) {
        b.append(' ').append(bits(s));
      }
      b.append(']');
    }
  }

  private static String bits(double d) {
    return Long.toHexString(Double.doubleToRawLongBits(d));
  }
}
