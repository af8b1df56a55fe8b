package dev.assay.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.assay.version.LibraryVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  static final String BOOSTER_JSON = "model/booster.json";
  static final String BOOSTER_UBJ = "model/booster.ubj";
  static final String GOLDEN = "golden.jsonl";
  /**
   * The oldest XGBoost that reads a booster whose {@code base_score} is a vector, as XGBoost 3.1 and later write
   * it: older releases parse only a number and misread the intercept, shifting every margin.
   */
  static final String VECTOR_INTERCEPT_SINCE = "3.1.0";
  private static final ObjectMapper JSON = new ObjectMapper();

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
    List<GoldenRow> golden = GoldenExamples.draw(r.pipeline(), f, m.task(), threshold, r.goldenSource(),
        contents.inputs(), r.goldenRows(), r.goldenTable());
    String objective = m.params().getOrDefault("objective", "");
    int classes = golden.get(0).expected().probabilities() == null ? 2 : golden.get(0).expected().probabilities()
        .size();
    return write(contents, golden, r, PackageContents.output(m.task(), objective, classes, threshold), objective);
  }

  /** Writes the package to {@code target} (a local directory that must not exist or be empty); returns its manifest. */
  private static Manifest write(PackageContents contents, List<GoldenRow> golden, Request d, Manifest.Output output,
      String objective) {
    Path target = d.target();
    if (Files.exists(target) && !isEmptyDir(target)) {
      throw PackageErrors.outputExists(target.toString());
    }
    Path tmp = target.resolveSibling("." + target.getFileName() + ".export-" + d.model().runId().substring(0, 8)
        + "-" + System.nanoTime());
    try {
      Files.createDirectories(tmp.resolve("model"));
      Files.write(tmp.resolve(BOOSTER_JSON), contents.boosterJson());
      Files.write(tmp.resolve(BOOSTER_UBJ), contents.boosterUbj());
      PackageFiles.writeGolden(tmp.resolve(GOLDEN), golden);
      Map<String, String> files = new LinkedHashMap<>();
      for (String f : List.of(BOOSTER_JSON, BOOSTER_UBJ, GOLDEN)) {
        files.put(f, PackageFiles.sha256(Files.readAllBytes(tmp.resolve(f))));
      }
      Manifest manifest = manifest(contents, golden.size(), d, output, objective, files);
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
      String objective, Map<String, String> files) throws IOException {
    ModelRecord m = d.model();
    String min = minXgboost(c.boosterJson());
    String why = "XGBoost >= 3.1 stores base_score as a vector; older releases misread it and shift every margin";
    List<Manifest.Runtime> runtimes = List.of(
        new Manifest.Runtime("xgboost", BOOSTER_JSON, "json", LibraryVersions.xgboostVersion(), min, why),
        new Manifest.Runtime("xgboost", BOOSTER_UBJ, "ubj", LibraryVersions.xgboostVersion(), min, why));
    List<Manifest.TrainData> train = m.trainData().stream().filter(i -> i.role().equals("train"))
        .map(i -> new Manifest.TrainData(i.table(), i.version().version(), i.version().tableId())).toList();
    return new Manifest(Manifest.SCHEMA_VERSION,
        new Manifest.ModelInfo(m.modelName(), m.modelVersion(), m.ref(), m.modelHash(), Manifest.Algorithm.XGBOOST,
            Manifest.Task.valueOf(m.task().name()), objective, "cpu"),
        output, c.inputs(), c.features(),
        "a null or NaN input, and a feature the pipeline leaves null, reaches XGBoost as NaN (missing); XGBoost "
            + "reads NaN as missing (DMatrix missing = NaN), never 0",
        new Manifest.Lineage(train, m.runId(), m.runKey(), m.codeVersion(), String.valueOf(m.createdAt())),
        runtimes, files, new Manifest.Golden(GOLDEN, goldenRows, d.goldenTable(), d.goldenVersion().version(),
            "the rows with the smallest xxhash64 of their input values, plus rows with each input null, unseen "
                + "string categories and NaN doubles"));
  }

  /** {@value #VECTOR_INTERCEPT_SINCE} for a booster with a vector intercept, else XGBoost's first JSON release. */
  static String minXgboost(byte[] boosterJson) throws IOException {
    JsonNode base = JSON.readTree(boosterJson).path("learner").path("learner_model_param").path("base_score");
    return base.asText().startsWith("[") ? VECTOR_INTERCEPT_SINCE : "1.0.0";
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
