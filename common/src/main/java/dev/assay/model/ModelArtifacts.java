package dev.assay.model;

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
 * {@code <dir>/booster.json} (XGBoost's portable JSON, for Python, R or C++ serving).
 */
public final class ModelArtifacts {
  public static final String BOOSTER_FILE = "booster.json";

  private ModelArtifacts() {}

  public static String pipelinePath(String dir) {
    return dir + "/pipeline";
  }

  public static String boosterPath(String dir) {
    return dir + "/" + BOOSTER_FILE;
  }

  public static void save(SparkSession spark, TrainedModel model, String dir) {
    try {
      model.pipeline().write().overwrite().save(pipelinePath(dir));
      if (model.boosterJson() == null) {
        return;
      }
      Path booster = new Path(boosterPath(dir));
      FileSystem fs = booster.getFileSystem(conf(spark));
      try (OutputStream out = fs.create(booster, true)) {
        out.write(model.boosterJson());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model artifacts under " + dir, e);
    }
  }

  /** The pipeline saved under {@code dir}; for an ensemble, its members checked and wrapped in one pipeline. */
  public static PipelineModel load(String dir) {
    SparkSession spark = SparkSession.active();
    if (EnsembleArtifact.isEnsemble(spark, dir)) {
      byte[] bytes = EnsembleArtifact.readBytes(spark, dir);
      return EnsembleArtifact.read(spark, dir).load(spark, Hashing.sha256(bytes));
    }
    return PipelineModel.load(pipelinePath(dir));
  }

  public static byte[] readBooster(SparkSession spark, String dir) {
    Path booster = new Path(boosterPath(dir));
    try (InputStream in = booster.getFileSystem(conf(spark)).open(booster)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + booster, e);
    }
  }

  /** Removes a run's artifacts; used when the run fails after saving them. */
  public static void delete(SparkSession spark, String dir) {
    Path p = new Path(dir);
    try {
      p.getFileSystem(conf(spark)).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }

  private static Configuration conf(SparkSession spark) {
    return spark.sessionState().newHadoopConf();
  }
}
