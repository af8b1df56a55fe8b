package dev.assay.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.synapse.ml.lightgbm.LightGBMClassificationModel;
import com.microsoft.azure.synapse.ml.lightgbm.LightGBMRegressionModel;
import dev.assay.errors.PackageErrors;
import dev.assay.model.TrainXGBoost;
import dev.assay.onnx.OnnxBinding;
import dev.assay.onnx.OnnxScoreStage;
import dev.assay.onnx.OnnxSessions;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.RuntimeVersions;
import dev.assay.scorer.runtime.ForestFile;
import dev.assay.scorer.runtime.LogisticRegressionFile;
import dev.assay.scorer.runtime.ModelFiles;
import dev.assay.scorer.runtime.OnnxFeed;
import dev.assay.spec.Task;
import dev.assay.version.LibraryVersions;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.DecisionTreeModel;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.SparkSession;

/**
 * The model part of a package, by algorithm: the files the scorer reads (XGBoost's JSON and UBJSON; MLlib's numbers
 * as JSON), the runtimes that read them with the oldest versions that read them right, what a missing value does,
 * and for MLlib the model in Spark's own format besides ({@link #sparkModel}, saved under {@value #MLLIB_DIR}).
 *
 * @param algorithm the scorer's algorithm
 * @param files the model files by package path, the file the scorer reads first
 * @param runtimes one per model file
 * @param missing the missing-value convention, for the manifest
 * @param transform how the model's raw output becomes the score, for the manifest's {@code output.transform}
 * @param sparkModel an MLlib model to save in Spark's format as well, or null
 * @param onnxFeed how an imported ONNX graph is fed and read, or null
 */
record PackagedModel(Manifest.Algorithm algorithm, Map<String, byte[]> files, List<Manifest.Runtime> runtimes,
    String missing, String transform, MLWritable sparkModel, OnnxFeed onnxFeed) {
  static final String BOOSTER_JSON = "model/booster.json";
  static final String BOOSTER_UBJ = "model/booster.ubj";
  static final String LOGISTIC_REGRESSION = "model/logistic_regression.json";
  static final String RANDOM_FOREST = "model/random_forest.json";
  static final String MLLIB_DIR = "model/mllib";
  static final String ONNX_GRAPH = "model/model.onnx";
  static final String LIGHTGBM_MODEL = "model/lightgbm.txt";
  /**
   * The oldest XGBoost that reads a booster whose {@code base_score} is a vector, as XGBoost 3.1 and later write
   * it: older releases parse only a number and misread the intercept, shifting every margin.
   */
  static final String VECTOR_INTERCEPT_SINCE = "3.1.0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MLLIB_MISSING = "a null or NaN numeric input becomes 0 in the feature <column>__filled "
      + "and 1 in <column>__missing (else the value and 0), as Assay's MLlib pipeline imputes it; a null or unseen "
      + "category gets the code one past its vocabulary";

  /** The model files of the pipeline's last stage; a stage the scorer does not run is refused by name. */
  static PackagedModel of(String ref, Task task, String objective, PipelineModel pipeline) {
    Transformer last = pipeline.stages()[pipeline.stages().length - 1];
    if (last instanceof XGBoostClassificationModel || last instanceof XGBoostRegressionModel) {
      return xgboost(task, objective, pipeline);
    }
    if (last instanceof OnnxScoreStage onnx) {
      return onnx(ref, onnx);
    }
    if (last instanceof LightGBMClassificationModel c) {
      return lightgbm(ref, c.getNativeModel(), c.getStartIteration(), c.getNumIterations(),
          c.getModel().numTotalIterations(), task);
    }
    if (last instanceof LightGBMRegressionModel r) {
      return lightgbm(ref, r.getNativeModel(), r.getStartIteration(), r.getNumIterations(),
          r.getModel().numTotalIterations(), task);
    }
    String spark = SparkSession.active().version();
    if (last instanceof LogisticRegressionModel lr) {
      LogisticRegressionFile file = new LogisticRegressionFile(boxed(lr.coefficients().toArray()), lr.intercept());
      String why = "Spark's BLAS.dot calls netlib's JavaBLAS.ddot; its kernels sum in their own order, so the same "
          + "release on a JVM that picks the same kernel (" + JavaBLAS.getInstance().getClass().getSimpleName()
          + " at export) gives Spark's bits";
      return mllib(Manifest.Algorithm.MLLIB_LOGISTIC_REGRESSION, LOGISTIC_REGRESSION, ModelFiles.write(file),
          new Manifest.Runtime("netlib-blas", LOGISTIC_REGRESSION, "json", RuntimeVersions.netlibBlas() + " "
              + JavaBLAS.getInstance().getClass().getSimpleName(), RuntimeVersions.netlibBlas(), why),
          "probability of class 1 = 1 - 1 / (1 + exp(margin)), margin = dot(features, coefficients) + intercept "
              + "(Spark's raw2probability of the raw prediction (-margin, margin))", lr, spark);
    }
    if (last instanceof RandomForestClassificationModel rf) {
      return forest(new ForestFile(true, rf.numClasses(), trees(rf.trees(), true)), "the mean over the trees of each "
          + "leaf's class counts divided by their sum, normalized to sum to 1", rf, spark);
    }
    if (last instanceof RandomForestRegressionModel rf) {
      return forest(new ForestFile(false, 0, trees(rf.trees(), false)), "the mean of the trees' leaf predictions", rf,
          spark);
    }
    throw PackageErrors.notExportable(ref, "its model stage " + last.getClass().getSimpleName());
  }

  /** The manifest's output section: what a prediction is, by task. */
  Manifest.Output output(Task task, int classes, double threshold) {
    return output(task, classes, threshold, transform);
  }

  /** The output section of a model whose raw output becomes the score by {@code transform}. */
  static Manifest.Output output(Task task, int classes, double threshold, String transform) {
    return switch (task) {
      case BINARY -> new Manifest.Output("probability of class 1", transform, 2, threshold, List.of("prediction",
          "probability"));
      case MULTICLASS -> new Manifest.Output("probability of the predicted class", transform, classes, null,
          List.of("prediction", "probability", "probabilities"));
      case REGRESSION -> new Manifest.Output("the predicted value", transform, 0, null, List.of("prediction"));
    };
  }

  private static PackagedModel xgboost(Task task, String objective, PipelineModel pipeline) {
    byte[] json = TrainXGBoost.boosterBytes(pipeline, "json");
    String min = minXgboost(json);
    String why = "XGBoost >= 3.1 stores base_score as a vector; older releases misread it and shift every margin";
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(BOOSTER_JSON, json);
    files.put(BOOSTER_UBJ, TrainXGBoost.boosterBytes(pipeline, "ubj"));
    String version = LibraryVersions.xgboostVersion();
    String transform = switch (task) {
      case BINARY -> "sigmoid of the margin, applied by the booster (objective " + objective + ")";
      case MULTICLASS -> "softmax over the class margins, applied by the booster (objective " + objective + ")";
      case REGRESSION -> "none (objective " + objective + ")";
    };
    return new PackagedModel(Manifest.Algorithm.XGBOOST, files, List.of(
        new Manifest.Runtime("xgboost", BOOSTER_JSON, "json", version, min, why),
        new Manifest.Runtime("xgboost", BOOSTER_UBJ, "ubj", version, min, why)),
        "a null or NaN input, and a feature the pipeline leaves null, reaches XGBoost as NaN (missing); XGBoost "
            + "reads NaN as missing (DMatrix missing = NaN), never 0", transform, null, null);
  }

  /**
   * A LightGBM booster as LightGBM's text model, read by the native library SynapseML scored it with. Why that
   * release as the minimum: the text format is stable, but a prediction's last bits follow the library's code.
   * The scorer predicts with every iteration; SynapseML's model names how many it predicts with (the training's
   * {@code numIterations}), which must then be all of them.
   */
  private static PackagedModel lightgbm(String ref, String model, int start, int iterations, int total, Task task) {
    if (start != 0 || iterations > 0 && iterations < total) {
      throw PackageErrors.notExportable(ref, "a LightGBM model predicting with iterations " + start + " to "
          + iterations + " of its " + total + " (not all of them)");
    }
    String version = RuntimeVersions.lightgbm();
    return new PackagedModel(Manifest.Algorithm.LIGHTGBM, Map.of(LIGHTGBM_MODEL, model.getBytes(
        StandardCharsets.UTF_8)), List.of(new Manifest.Runtime("lightgbm", LIGHTGBM_MODEL, "text", version, version,
            "LightGBM's native library as SynapseML ships it (lightgbmlib); another build may change the last bits")),
        "a null or NaN input reaches LightGBM as NaN, which it reads as missing", switch (task) {
          case BINARY -> "the booster's sigmoid of the margin (LGBM_BoosterPredictForMatSingle, normal output)";
          case MULTICLASS -> "the booster's softmax over the class margins";
          case REGRESSION -> "none: the booster's output";
        }, null, null);
  }

  /**
   * An imported graph: the ONNX file as imported (its SHA-256 is the model's hash), read by the ONNX Runtime
   * release that scored it in Spark. Why that release as the minimum: ONNX Runtime's kernels may change a result's
   * last bits between releases; the golden rows check any other.
   */
  private static PackagedModel onnx(String ref, OnnxScoreStage stage) {
    OnnxBinding binding = stage.bound();
    if (binding.cuda()) {
      throw PackageErrors.notExportable(ref, "an ONNX graph bound to the GPU (device=cuda)");
    }
    String version = OnnxSessions.runtimeVersion();
    return new PackagedModel(Manifest.Algorithm.ONNX, Map.of(ONNX_GRAPH, stage.modelBytes()), List.of(
        new Manifest.Runtime("onnxruntime", ONNX_GRAPH, "onnx", version, version, "the ONNX Runtime release that "
            + "scored the graph in Spark; another may change the last bits of a kernel's result")),
        "a null or NaN input reaches the graph as NaN in its float32 input, as Spark's ONNX stage feeds it",
        "none: the graph's output " + binding.output() + " is the score (binary: the class-1 probability, its "
            + "second column when it has two)", null, binding.feed());
  }

  /** {@value #VECTOR_INTERCEPT_SINCE} for a booster with a vector intercept, else XGBoost's first JSON release. */
  static String minXgboost(byte[] boosterJson) {
    try {
      JsonNode base = JSON.readTree(boosterJson).path("learner").path("learner_model_param").path("base_score");
      return base.asText().startsWith("[") ? VECTOR_INTERCEPT_SINCE : "1.0.0";
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the booster's JSON", e);
    }
  }

  private static PackagedModel forest(ForestFile file, String transform, MLWritable model, String spark) {
    return mllib(Manifest.Algorithm.MLLIB_RANDOM_FOREST, RANDOM_FOREST, ModelFiles.write(file),
        new Manifest.Runtime("assay-scorer", RANDOM_FOREST, "json", Integer.toString(Manifest.SCHEMA_VERSION),
            Integer.toString(Manifest.SCHEMA_VERSION), "a tree walk any reader of package schema "
                + Manifest.SCHEMA_VERSION + " runs: value <= threshold (or a left category) goes left"),
        transform, model, spark);
  }

  private static PackagedModel mllib(Manifest.Algorithm algorithm, String path, byte[] bytes,
      Manifest.Runtime runtime, String transform, MLWritable model, String spark) {
    Manifest.Runtime own = new Manifest.Runtime("spark-mllib", MLLIB_DIR, "mllib", spark, "3.5.0",
        "Spark's own format (" + model.getClass().getSimpleName() + ".load), for Spark readers");
    return new PackagedModel(algorithm, Map.of(path, bytes), List.of(runtime, own), MLLIB_MISSING, transform,
        model, null);
  }

  /** The trees as data; a classifier's leaves keep their class counts, a regressor's only the prediction. */
  private static List<ForestFile.Node> trees(DecisionTreeModel[] trees, boolean classifier) {
    List<ForestFile.Node> out = new ArrayList<>(trees.length);
    for (DecisionTreeModel t : trees) {
      out.add(node(t.rootNode(), classifier));
    }
    return out;
  }

  private static ForestFile.Node node(Node n, boolean classifier) {
    if (n instanceof InternalNode in) {
      ForestFile.Node left = node(in.leftChild(), classifier);
      ForestFile.Node right = node(in.rightChild(), classifier);
      if (in.split() instanceof ContinuousSplit s) {
        return ForestFile.Node.split(s.featureIndex(), s.threshold(), left, right);
      }
      CategoricalSplit s = (CategoricalSplit) in.split();
      return ForestFile.Node.split(s.featureIndex(), boxed(s.leftCategories()), left, right);
    }
    LeafNode leaf = (LeafNode) n;
    return ForestFile.Node.leaf(leaf.prediction(), classifier ? boxed(leaf.impurityStats().stats()) : null);
  }

  private static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }
}
