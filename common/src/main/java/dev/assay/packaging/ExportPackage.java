package dev.assay.packaging;

import dev.assay.errors.PackageErrors;
import dev.assay.ledger.ModelRecord;
import dev.assay.model.StackMembers;
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
   * input types), the pinned version golden rows are drawn from, how many, the local target directory, and the
   * exports of its parts (an ensemble's members or a stack's refitted bases, in order; empty for a single model).
   */
  public record Request(ModelRecord model, JobSpec trainSpec, PipelineModel pipeline, StructType trainSchema,
      Dataset<Row> goldenSource, DataVersion goldenVersion, String goldenTable, int goldenRows, Path target,
      List<Request> members) {
    public Request {
      members = members == null ? List.of() : List.copyOf(members);
    }

    /** The same export into {@code dir}. */
    public Request withTarget(Path dir) {
      return new Request(model, trainSpec, pipeline, trainSchema, goldenSource, goldenVersion, goldenTable,
          goldenRows, dir, members);
    }

    /** The same export with {@code rows} golden rows, its parts' too. */
    public Request withGoldenRows(int rows) {
      return new Request(model, trainSpec, pipeline, trainSchema, goldenSource, goldenVersion, goldenTable, rows,
          target, members.stream().map(m -> m.withGoldenRows(rows)).toList());
    }
  }

  /**
   * Builds, writes and checks the package of {@code r}: a single model's, or with {@code members} a package of
   * member packages ({@link CompositePackage}: an averaging ensemble or a stack); returns its manifest.
   */
  public static Manifest export(Request r) {
    if (!r.members().isEmpty()) {
      return StackMembers.of(r.pipeline()) != null ? CompositePackage.stack(r) : CompositePackage.ensemble(r);
    }
    ModelRecord m = r.model();
    FeatureSpec f = r.trainSpec().features();
    PackageContents contents = PackageContents.of(m, f, r.pipeline(), r.trainSchema());
    double threshold = r.trainSpec().metrics().threshold();
    Manifest.Algorithm algorithm = contents.model().algorithm();
    // XGBoost and ONNX graphs read floats; MLlib and LightGBM (SynapseML hands it the row's doubles) doubles.
    List<GoldenRow> golden = GoldenExamples.draw(r, contents.inputs(), algorithm == Manifest.Algorithm.XGBOOST
        || algorithm == Manifest.Algorithm.ONNX ? GoldenExamples.Vectors.FLOAT32 : GoldenExamples.Vectors.FLOAT64);
    Manifest.Output output = contents.model().output(m.task(), classes(golden), threshold);
    return writeChecked(r, tmp -> {
      Files.createDirectories(tmp.resolve("model"));
      PackagedModel model = contents.model();
      for (Map.Entry<String, byte[]> file : model.files().entrySet()) {
        Files.write(tmp.resolve(file.getKey()), file.getValue());
      }
      if (model.sparkModel() != null) {
        model.sparkModel().write().save(tmp.resolve(PackagedModel.MLLIB_DIR).toUri().toString());
      }
      PackageFiles.writeGolden(tmp.resolve(GOLDEN), golden);
      return new Manifest(Manifest.SCHEMA_VERSION, new Manifest.ModelInfo(m.modelName(), m.modelVersion(), m.ref(),
          m.modelHash(), algorithm, Manifest.Task.valueOf(m.task().name()), m.params().getOrDefault("objective", ""),
          "cpu", model.onnxFeed()), output, contents.inputs(), contents.features(), model.missing(), lineage(m),
          model.runtimes(), checksums(tmp), golden(r, golden.size()), List.of(), null);
    });
  }

  static int classes(List<GoldenRow> golden) {
    List<Double> p = golden.get(0).expected().probabilities();
    return p == null ? 2 : p.size();
  }

  /** Writes a package's files into a directory given to it and returns the package's manifest. */
  @FunctionalInterface
  interface Contents {
    Manifest write(Path dir) throws IOException;
  }

  /**
   * Writes a package into a directory beside {@code r.target()} (which must not exist or be empty), writes its
   * manifest, loads it with the scorer (checksums, runtimes, golden rows) and only then renames it to the target.
   */
  static Manifest writeChecked(Request r, Contents contents) {
    Path target = r.target();
    if (Files.exists(target) && !isEmptyDir(target)) {
      throw PackageErrors.outputExists(target.toString());
    }
    Path tmp = target.resolveSibling("." + target.getFileName() + ".export-" + r.model().runId().substring(0, 8)
        + "-" + System.nanoTime());
    try {
      Files.createDirectories(tmp);
      Manifest manifest = contents.write(tmp);
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

  /** The SHA-256 of every file under {@code dir}, by path relative to it. */
  static Map<String, String> checksums(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(f).toString().replace('\\', '/'), PackageFiles.sha256(Files.readAllBytes(f)));
      }
    }
    return files;
  }

  static Manifest.Lineage lineage(ModelRecord m) {
    List<Manifest.TrainData> train = m.trainData().stream().filter(i -> i.role().equals("train"))
        .map(i -> new Manifest.TrainData(i.table(), i.version().version(), i.version().tableId())).toList();
    return new Manifest.Lineage(train, m.runId(), m.runKey(), m.codeVersion(), String.valueOf(m.createdAt()));
  }

  static Manifest.Golden golden(Request d, int rows) {
    return new Manifest.Golden(GOLDEN, rows, d.goldenTable(), d.goldenVersion().version(), "the rows with the "
        + "smallest xxhash64 of their input values, plus rows with each input null, unseen string categories and "
        + "NaN doubles");
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
