package dev.assay.packaging;

import dev.assay.errors.PackageErrors;
import dev.assay.ledger.ModelRecord;
import dev.assay.scorer.GoldenRow;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import dev.assay.scorer.PackageException;
import dev.assay.scorer.PackageFiles;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.JobSpec;
import dev.assay.version.DataVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a package: the model files, the golden examples and the manifest (with every file's SHA-256) into a
 * directory beside the target, loads it with the Spark-free scorer (which re-scores the golden examples and
 * refuses any difference), and only then moves it to the target in one rename. A failed export leaves nothing
 * at the target.
 */
public final class ExportPackage {
  static final String GOLDEN = "golden.jsonl";

  private ExportPackage() {}

  /**
   * One export: the registered model, its training spec and loaded pipeline, the training table's schema (the
   * input types), the pinned version golden rows are drawn from, how many, and the local target directory.
   */
  public record Request(ModelRecord model, JobSpec trainSpec, PipelineModel pipeline, StructType trainSchema,
      Dataset<Row> goldenSource, DataVersion goldenVersion, String goldenTable, int goldenRows, Path target) {}

  /** Builds, writes and checks the package of {@code r}; returns its manifest. */
  public static Manifest export(Request r) {
    ModelRecord m = r.model();
    FeatureSpec f = r.trainSpec().features();
    PackageContents contents = PackageContents.of(m, f, r.pipeline(), r.trainSchema());
    double threshold = r.trainSpec().metrics().threshold();
    Manifest.Algorithm algorithm = contents.model().algorithm();
    List<GoldenRow> golden = GoldenExamples.draw(r, contents.inputs(), algorithm == Manifest.Algorithm.XGBOOST
        || algorithm == Manifest.Algorithm.ONNX);
    int classes = golden.get(0).expected().probabilities() == null ? 2 : golden.get(0).expected().probabilities()
        .size();
    return write(contents, golden, r, contents.model().output(m.task(), classes, threshold));
  }

  /** Writes the package to {@code target} (a local directory that must not exist or be empty); returns its manifest. */
  private static Manifest write(PackageContents contents, List<GoldenRow> golden, Request d, Manifest.Output output) {
    Path target = d.target();
    if (Files.exists(target) && !isEmptyDir(target)) {
      throw PackageErrors.outputExists(target.toString());
    }
    Path tmp = target.resolveSibling("." + target.getFileName() + ".export-" + d.model().runId().substring(0, 8)
        + "-" + System.nanoTime());
    try {
      Files.createDirectories(tmp.resolve("model"));
      PackagedModel model = contents.model();
      for (Map.Entry<String, byte[]> f : model.files().entrySet()) {
        Files.write(tmp.resolve(f.getKey()), f.getValue());
      }
      if (model.sparkModel() != null) {
        model.sparkModel().write().save(tmp.resolve(PackagedModel.MLLIB_DIR).toUri().toString());
      }
      PackageFiles.writeGolden(tmp.resolve(GOLDEN), golden);
      Map<String, String> files = new TreeMap<>();
      try (Stream<Path> all = Files.walk(tmp)) {
        for (Path f : all.filter(Files::isRegularFile).toList()) {
          files.put(tmp.relativize(f).toString().replace('\\', '/'), PackageFiles.sha256(Files.readAllBytes(f)));
        }
      }
      Manifest manifest = manifest(contents, golden.size(), d, output, files);
      Files.write(tmp.resolve(Manifest.FILE), PackageFiles.manifestBytes(manifest));
      try (ModelPackage check = ModelPackage.load(tmp)) {
        // loaded: checksums, runtime version and every golden row reproduced
      } catch (PackageException e) {
        throw PackageErrors.refused(e);
      }
      if (Files.exists(target)) {
        Files.delete(target);
      }
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.move(tmp, target);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the package to " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static Manifest manifest(PackageContents c, int goldenRows, Request d, Manifest.Output output,
      Map<String, String> files) {
    ModelRecord m = d.model();
    List<Manifest.TrainData> train = m.trainData().stream().filter(i -> i.role().equals("train"))
        .map(i -> new Manifest.TrainData(i.table(), i.version().version(), i.version().tableId())).toList();
    return new Manifest(Manifest.SCHEMA_VERSION,
        new Manifest.ModelInfo(m.modelName(), m.modelVersion(), m.ref(), m.modelHash(), c.model().algorithm(),
            Manifest.Task.valueOf(m.task().name()), m.params().getOrDefault("objective", ""), "cpu",
            c.model().onnxFeed()),
        output, c.inputs(), c.features(), c.model().missing(),
        new Manifest.Lineage(train, m.runId(), m.runKey(), m.codeVersion(), String.valueOf(m.createdAt())),
        c.model().runtimes(), files, new Manifest.Golden(GOLDEN, goldenRows, d.goldenTable(),
            d.goldenVersion().version(),
            "the rows with the smallest xxhash64 of their input values, plus rows with each input null, unseen "
                + "string categories and NaN doubles"));
  }

  private static boolean isEmptyDir(Path p) {
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  public static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory beside the target; the target itself is untouched
    }
  }
}
