package dev.assay.model;

import dev.assay.errors.ReproducibilityErrors;
import dev.assay.spec.Algorithm;
import dev.assay.spec.StackSpec;
import dev.assay.spec.Task;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;

/**
 * The stored form of a stack: {@code <dir>/stack.json} names every part (the refitted base models
 * under {@code <dir>/members/<key>} and the meta model under {@code <dir>/meta}) with its algorithm and
 * model hash. The stack's own model hash is the SHA-256 of these bytes, so it changes whenever any
 * part would; loading checks every part against its recorded hash before the stack can score a row.
 *
 * @param task the stack's task, as its code (the bytes are hashed, so text)
 * @param folds the number of folds the out-of-fold predictions were made with
 * @param seed the seed of the fold hash
 * @param passthrough whether the meta model also reads the table's feature columns
 * @param classes the number of class probabilities each base contributes (binary 1: class 1; multiclass K;
 *     regression 1: the prediction)
 * @param members the base models, in spec order
 * @param meta the meta model
 */
public record StackArtifact(String task, int folds, long seed, boolean passthrough, int classes, List<Part> members,
    Part meta) implements ModelDescriptor, Serializable {
  public static final String FILE = "stack.json";

  /** A part of the stack: its key ({@code meta} for the meta model), algorithm, directory in the stack, hash. */
  public record Part(String key, String algorithm, String path, String modelHash) implements Serializable {}

  public StackArtifact {
    members = List.copyOf(members);
  }

  /** The meta-feature columns, in the order the meta model reads them. */
  public List<String> metaColumns() {
    return metaColumns(members.stream().map(Part::key).toList(), classes);
  }

  /** The meta-feature columns of base models {@code keys}, each contributing {@code classes} columns. */
  static List<String> metaColumns(List<String> keys, int classes) {
    List<String> cols = new ArrayList<>();
    for (String key : keys) {
      String base = StackSpec.metaColumn(key);
      if (classes == 1) {
        cols.add(base);
      } else {
        for (int c = 0; c < classes; c++) {
          cols.add(base + "_" + c);
        }
      }
    }
    return cols;
  }

  public static boolean isStack(SparkSession spark, String dir) {
    return DescriptorFile.exists(spark, new Path(dir, FILE));
  }

  /** Writes the descriptor last, after every part: a directory with a descriptor is a whole stack. */
  void save(SparkSession spark, String dir) {
    DescriptorFile.write(spark, new Path(dir, FILE), bytes());
  }

  public static byte[] readBytes(SparkSession spark, String dir) {
    Path p = new Path(dir, FILE);
    try {
      return DescriptorFile.read(spark, p);
    } catch (IOException e) {
      throw ReproducibilityErrors.stackDescriptorUnreadable(p, e);
    }
  }

  /** Loads every part, checks it against its recorded hash and wraps them in one pipeline of a {@link StackMembers}. */
  static PipelineModel load(SparkSession spark, String dir) {
    byte[] bytes = readBytes(spark, dir);
    StackArtifact stack;
    try {
      stack = DescriptorFile.parse(bytes, StackArtifact.class);
    } catch (IOException e) {
      throw ReproducibilityErrors.stackDescriptorUnreadable(new Path(dir, FILE), e);
    }
    List<PipelineModel> bases = new ArrayList<>();
    for (Part p : stack.members()) {
      bases.add(loadChecked(dir, p));
    }
    StackMembers stage = new StackMembers(stack, bases, loadChecked(dir, stack.meta()), Hashing.sha256(bytes));
    return new PipelineModel(stage.uid(), new Transformer[] {stage});
  }

  private static PipelineModel loadChecked(String dir, Part part) {
    String partDir = dir + "/" + part.path();
    PipelineModel p = ModelArtifacts.load(partDir);
    String hash;
    try {
      hash = ModelTrainer.of(Algorithm.of(part.algorithm())).hash(p);
    } catch (RuntimeException e) {
      hash = "none (not a " + part.algorithm() + " model: " + e.getMessage() + ")";
    }
    if (!hash.equals(part.modelHash())) {
      throw ReproducibilityErrors.stackPartAltered(dir, part.path().equals("meta") ? "the meta model"
          : "base model '" + part.key() + "'", partDir, hash, part.modelHash());
    }
    return p;
  }

  public Task taskConstant() {
    return Task.of(task);
  }
}
