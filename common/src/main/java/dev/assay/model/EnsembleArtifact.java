package dev.assay.model;

import dev.assay.errors.ReproducibilityErrors;
import dev.assay.spec.Algorithm;
import dev.assay.spec.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;

/**
 * The stored form of an averaging ensemble: {@code <dir>/ensemble.json}, naming each member by
 * model name, version, algorithm, artifact and model hash. The ensemble's own model hash is the
 * SHA-256 of these bytes, so it changes whenever any member would; loading checks every member's
 * artifact against its recorded hash before the ensemble can score a row.
 *
 * @param combine how members are combined; only {@link #MEAN}
 * @param task the members' common task, as its {@link Task} code: the descriptor stores text, and its bytes
 *     are hashed, so it stays text here (as does each member's algorithm)
 * @param members the members in averaging order
 */
public record EnsembleArtifact(String combine, String task, List<Member> members) implements ModelDescriptor {
  public static final String FILE = "ensemble.json";
  public static final String MEAN = "mean";

  /** One member of an ensemble, as registered in the ledger's models table. */
  public record Member(String name, int version, String algorithm, String artifactUri, String modelHash) {}

  public EnsembleArtifact {
    members = List.copyOf(members);
  }

  public static String path(String dir) {
    return dir + "/" + FILE;
  }

  /** True when {@code dir} holds an ensemble rather than a Spark ML pipeline. */
  public static boolean isEnsemble(SparkSession spark, String dir) {
    return DescriptorFile.exists(spark, new Path(path(dir)));
  }

  public void save(SparkSession spark, String dir) {
    DescriptorFile.write(spark, new Path(path(dir)), bytes());
  }

  public static byte[] readBytes(SparkSession spark, String dir) {
    Path p = new Path(path(dir));
    try {
      return DescriptorFile.read(spark, p);
    } catch (ChecksumException e) {
      throw ReproducibilityErrors.ensembleChecksum(p, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  public static EnsembleArtifact read(SparkSession spark, String dir) {
    byte[] bytes = readBytes(spark, dir);
    try {
      return DescriptorFile.parse(bytes, EnsembleArtifact.class);
    } catch (IOException e) {
      throw ReproducibilityErrors.ensembleDescriptorUnreadable(path(dir),
          new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8), e);
    }
  }

  /**
   * Loads every member pipeline, checks it against its recorded model hash, and wraps them in one
   * pipeline whose single stage is an {@link AverageMembers}.
   */
  public PipelineModel load(SparkSession spark, String descriptorHash) {
    List<PipelineModel> loaded = new ArrayList<>();
    for (Member m : members) {
      PipelineModel p = ModelArtifacts.load(m.artifactUri());
      String hash = ModelTrainer.of(Algorithm.of(m.algorithm())).hash(p);
      if (!hash.equals(m.modelHash())) {
        throw ReproducibilityErrors.ensembleMemberAltered(m.name(), m.version(), m.artifactUri(), hash, m.modelHash());
      }
      loaded.add(p);
    }
    AverageMembers stage = new AverageMembers(loaded, Task.of(task), descriptorHash);
    return new PipelineModel(stage.uid(), new Transformer[] {stage});
  }
}
