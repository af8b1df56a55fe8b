package dev.assay.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.assay.errors.ReproducibilityErrors;
import dev.assay.spec.Algorithm;
import dev.assay.spec.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
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
public record EnsembleArtifact(String combine, String task, List<Member> members) {
  public static final String FILE = "ensemble.json";
  public static final String MEAN = "mean";
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.INDENT_OUTPUT, false);

  /** One member of an ensemble, as registered in the ledger's models table. */
  public record Member(String name, int version, String algorithm, String artifactUri, String modelHash) {}

  public EnsembleArtifact {
    members = List.copyOf(members);
  }

  /** The canonical bytes: fields in declaration order, no whitespace. */
  public byte[] bytes() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise ensemble descriptor", e);
    }
  }

  public String hash() {
    return Hashing.sha256(bytes());
  }

  public static String path(String dir) {
    return dir + "/" + FILE;
  }

  /** True when {@code dir} holds an ensemble rather than a Spark ML pipeline. */
  public static boolean isEnsemble(SparkSession spark, String dir) {
    Path p = new Path(path(dir));
    try {
      return p.getFileSystem(spark.sessionState().newHadoopConf()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p, e);
    }
  }

  public void save(SparkSession spark, String dir) {
    Path p = new Path(path(dir));
    try {
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      try (OutputStream out = fs.create(p, false)) {
        out.write(bytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + p, e);
    }
  }

  public static byte[] readBytes(SparkSession spark, String dir) {
    Path p = new Path(path(dir));
    try (InputStream in = p.getFileSystem(spark.sessionState().newHadoopConf()).open(p)) {
      return in.readAllBytes();
    } catch (ChecksumException e) {
      throw ReproducibilityErrors.ensembleChecksum(p, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  public static EnsembleArtifact read(SparkSession spark, String dir) {
    byte[] bytes = readBytes(spark, dir);
    try {
      return JSON.readValue(bytes, EnsembleArtifact.class);
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
