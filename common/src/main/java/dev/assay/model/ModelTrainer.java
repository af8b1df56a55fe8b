package dev.assay.model;

import dev.assay.errors.ModelErrors;
import dev.assay.onnx.OnnxScoreStage;
import dev.assay.spec.Algorithm;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.ModelSpec;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One model family: how to fit its pipeline from a pinned training version and how to hash a
 * fitted (or loaded) pipeline into the {@code model_hash} that identifies it. Train, evaluate,
 * verify and score go through this interface, so every family gets the same reproducibility checks.
 */
public interface ModelTrainer {
  /** Fits the pipeline; the same data version, spec and {@code num_workers} must give the same hash. */
  TrainedModel train(SparkSession spark, ModelSpec model, FeatureSpec features, Dataset<Row> data, String table);

  /** The hash of a fitted or loaded pipeline, comparable with {@link TrainedModel#modelHash()}. */
  String hash(PipelineModel pipeline);

  /** The hash of a saved artifact directory; by default that of its loaded pipeline. */
  default String artifactHash(SparkSession spark, String dir) {
    return hash(ModelArtifacts.load(dir));
  }

  /** XGBoost: the hash is that of the portable {@code booster.json} (and of the device, if not CPU). */
  ModelTrainer XGBOOST = new ModelTrainer() {
    @Override
    public TrainedModel train(SparkSession spark, ModelSpec model, FeatureSpec features, Dataset<Row> data,
        String table) {
      return TrainXGBoost.train(spark, model, features, data, table);
    }

    @Override
    public String hash(PipelineModel pipeline) {
      return FeatureStages.hash(FeatureStages.stageOf(pipeline), Hashing.sha256(
          TrainXGBoost.boosterJson(pipeline), TrainXGBoost.device(pipeline)));
    }

    @Override
    public String artifactHash(SparkSession spark, String dir) {
      byte[] booster = ModelArtifacts.readBooster(spark, dir);
      // The file is what is hashed; the device and the feature stage come from the saved pipeline.
      PipelineModel pipeline = ModelArtifacts.load(dir);
      return FeatureStages.hash(FeatureStages.stageOf(pipeline), Hashing.sha256(booster,
          TrainXGBoost.device(pipeline)));
    }
  };

  /**
   * Averaging ensembles are built from registered models by {@code assay ensemble}, not trained:
   * their hash is that of their descriptor, which names every member's hash.
   */
  ModelTrainer ENSEMBLE = new ModelTrainer() {
    @Override
    public TrainedModel train(SparkSession spark, ModelSpec model, FeatureSpec features, Dataset<Row> data,
        String table) {
      throw ModelErrors.ensembleNotTrainable(model.name(), Algorithm.ENSEMBLE_MEAN);
    }

    @Override
    public String hash(PipelineModel pipeline) {
      if (pipeline.stages().length != 1 || !(pipeline.stages()[0] instanceof AverageMembers members)) {
        throw new IllegalArgumentException("Not an ensemble pipeline: " + pipeline.uid());
      }
      return members.descriptorHash();
    }

    @Override
    public String artifactHash(SparkSession spark, String dir) {
      return Hashing.sha256(EnsembleArtifact.readBytes(spark, dir));
    }
  };

  /**
   * ONNX graphs are trained elsewhere and imported by {@code assay import-model}: their hash is the file's
   * SHA-256 (with the feature stage's state, if any), computed from the bytes the loaded pipeline scores with.
   */
  ModelTrainer ONNX = new ModelTrainer() {
    @Override
    public TrainedModel train(SparkSession spark, ModelSpec model, FeatureSpec features, Dataset<Row> data,
        String table) {
      throw ModelErrors.onnxNotTrainable(model.name());
    }

    @Override
    public String hash(PipelineModel pipeline) {
      OnnxScoreStage onnx = ImportOnnx.stageOf(pipeline);
      if (onnx == null) {
        throw new IllegalArgumentException("Not an ONNX pipeline: " + pipeline.uid());
      }
      return FeatureStages.hash(FeatureStages.stageOf(pipeline), Hashing.sha256(onnx.modelBytes(),
          onnx.bound().cuda() ? "cuda" : "cpu"));
    }
  };

  /** The trainer of a spec's {@code model.algorithm}. */
  static ModelTrainer of(Algorithm algorithm) {
    return switch (algorithm) {
      case XGBOOST -> XGBOOST;
      case MLLIB_LOGISTIC_REGRESSION, MLLIB_RANDOM_FOREST -> new TrainMllib(algorithm);
      case ENSEMBLE_MEAN -> ENSEMBLE;
      case STACK -> TrainStack.INSTANCE;
      case ONNX -> ONNX;
      case LIGHTGBM -> TrainLightGBM.INSTANCE;
      case EXTERNAL -> throw ModelErrors.noTrainer(algorithm,
          List.of(Algorithm.XGBOOST, Algorithm.MLLIB_LOGISTIC_REGRESSION, Algorithm.MLLIB_RANDOM_FOREST));
    };
  }
}
