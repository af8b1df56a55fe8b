package dev.assay.model;

import dev.assay.onnx.OnnxScoreStage;
import dev.assay.spec.Algorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * Where a model lives on storage: {@code <dir>/pipeline} (the Spark ML pipeline, for Spark) and
 * {@code <dir>/booster.json} (XGBoost's portable JSON, for Python, R or C++ serving) or {@code <dir>/model.onnx}
 * (an imported ONNX graph, as imported) or {@code <dir>/model.txt} (LightGBM's text format).
 */
public final class ModelArtifacts {
  public static final String BOOSTER_FILE = "booster.json";

  private ModelArtifacts() {}

  /** A model's portable file and its format ({@code models.booster_uri} and {@code booster_format}). */
  public record Portable(String uri, String format) {}

  /** The portable file {@link #save} writes for {@code model} under {@code dir}: a booster's JSON, an ONNX graph. */
  public static Portable portable(TrainedModel model, String dir) {
    if (model.boosterJson() != null) {
      return new Portable(boosterPath(dir), "json");
    }
    if (TrainLightGBM.isLightGbm(model.pipeline())) {
      return new Portable(dir + "/" + TrainLightGBM.MODEL_FILE, "lightgbm_text");
    }
    return ImportOnnx.stageOf(model.pipeline()) != null ? new Portable(onnxPath(dir), "onnx") : null;
  }

  public static String pipelinePath(String dir) {
    return dir + "/pipeline";
  }

  /** An imported ONNX model's graph, as imported ({@link OnnxScoreStage} reads it from here). */
  public static String onnxPath(String dir) {
    return dir + "/" + OnnxScoreStage.FILE;
  }

  public static String boosterPath(String dir) {
    return dir + "/" + BOOSTER_FILE;
  }

  public static void save(SparkSession spark, TrainedModel model, String dir) {
    StackMembers stack = StackMembers.of(model.pipeline());
    if (stack != null) {
      saveStack(spark, stack, dir);
      return;
    }
    save(spark, model.pipeline(), model.boosterJson(), dir);
  }

  /** Each part of a stack in its own directory (a base model's booster beside its pipeline), the descriptor last. */
  private static void saveStack(SparkSession spark, StackMembers stack, String dir) {
    StackArtifact d = stack.descriptor();
    for (int i = 0; i < d.members().size(); i++) {
      StackArtifact.Part part = d.members().get(i);
      PipelineModel base = stack.bases().get(i);
      save(spark, base, Algorithm.XGBOOST.code().equals(part.algorithm()) ? TrainXGBoost.boosterJson(base) : null,
          dir + "/" + part.path());
    }
    save(spark, stack.meta(), Algorithm.XGBOOST.code().equals(d.meta().algorithm())
        ? TrainXGBoost.boosterJson(stack.meta()) : null, dir + "/" + d.meta().path());
    d.save(spark, dir);
  }

  private static void save(SparkSession spark, PipelineModel pipeline, byte[] boosterJson, String dir) {
    try {
      pipeline.write().overwrite().save(pipelinePath(dir));
      OnnxScoreStage onnx = ImportOnnx.stageOf(pipeline);
      if (onnx != null) {
        write(spark, new Path(onnxPath(dir)), onnx.modelBytes());
      }
      if (TrainLightGBM.isLightGbm(pipeline)) {
        write(spark, new Path(dir + "/" + TrainLightGBM.MODEL_FILE), TrainLightGBM.modelText(pipeline));
      }
      if (boosterJson == null) {
        return;
      }
      write(spark, new Path(boosterPath(dir)), boosterJson);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model artifacts under " + dir, e);
    }
  }

  private static void write(SparkSession spark, Path file, byte[] bytes) throws IOException {
    FileSystem fs = file.getFileSystem(conf(spark));
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }

  /**
   * The pipeline saved under {@code dir}; for an ensemble or a stack, its parts checked against their recorded
   * hashes and wrapped in one pipeline.
   */
  public static PipelineModel load(String dir) {
    SparkSession spark = SparkSession.active();
    if (StackArtifact.isStack(spark, dir)) {
      return StackArtifact.load(spark, dir);
    }
    if (EnsembleArtifact.isEnsemble(spark, dir)) {
      byte[] bytes = EnsembleArtifact.readBytes(spark, dir);
      return EnsembleArtifact.read(spark, dir).load(spark, Hashing.sha256(bytes));
    }
    return TrainXGBoost.restoreClassCount(PipelineModel.load(pipelinePath(dir)));
  }

  public static byte[] readBooster(SparkSession spark, String dir) {
    Path booster = new Path(boosterPath(dir));
    try (InputStream in = booster.getFileSystem(conf(spark)).open(booster)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + booster, e);
    }
  }

  /**
   * Removes a run's artifacts, and the model's directory when no other run has artifacts in it (a model whose
   * only run failed leaves nothing behind); used when the run fails after saving them.
   */
  public static void delete(SparkSession spark, String dir) {
    Path p = new Path(dir);
    try {
      FileSystem fs = p.getFileSystem(conf(spark));
      fs.delete(p, true);
      deleteIfEmpty(fs, p.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }

  /** A concurrent run may be creating its own directory in {@code dir}: then it is not empty, and it stays. */
  private static void deleteIfEmpty(FileSystem fs, Path dir) {
    try {
      if (dir != null && fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      // not empty after all, or gone: either way nothing of this run is left
    }
  }

  private static Configuration conf(SparkSession spark) {
    return spark.sessionState().newHadoopConf();
  }
}
