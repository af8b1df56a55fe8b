package dev.assay.scorer;

import dev.assay.scorer.features.InputValues;
import dev.assay.scorer.features.RowPipeline;
import dev.assay.scorer.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exported model package, loaded and checked: every file's SHA-256 against the manifest, the runtime's version
 * against the oldest one that reads the model files correctly, and the golden examples re-scored and compared bit
 * for bit with the outputs Spark gave at export. A package that fails any check is refused, so a server never
 * answers with numbers other than Assay's.
 *
 * <pre>{@code
 * ModelPackage model = ModelPackage.load(Path.of("churn-xgb-1"));
 * Prediction p = model.predict(Map.of("tenure_months", 12, "plan", "basic", ...));
 * }</pre>
 */
public final class ModelPackage implements AutoCloseable {
  private final Path dir;
  private final Manifest manifest;
  private final RowPipeline pipeline;
  private final ModelRuntime model;

  private ModelPackage(Path dir, Manifest manifest, RowPipeline pipeline, ModelRuntime model) {
    this.dir = dir;
    this.manifest = manifest;
    this.pipeline = pipeline;
    this.model = model;
  }

  /** Loads the package in {@code dir}, checks it and re-scores its golden examples; refuses it on any difference. */
  public static ModelPackage load(Path dir) {
    Manifest manifest = PackageFiles.readManifest(dir);
    PackageFiles.verifyChecksums(dir, manifest);
    Manifest.Algorithm algorithm = manifest.model().algorithm();
    String name = ModelRuntime.runtimeName(algorithm);
    Manifest.Runtime runtime = manifest.runtimes().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> PackageException.corrupt("runtimes", "has no " + name + " entry, which reads a "
            + algorithm.code() + " model"));
    ModelRuntime model;
    try {
      model = ModelRuntime.open(manifest, PackageFiles.read(dir, runtime.file()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw PackageException.unreadable(dir.toString(), runtime.file(), e);
    }
    if (Versions.compare(model.version(), runtime.minVersion()) < 0) {
      model.close();
      throw PackageException.runtimeTooOld(name, model.version(), runtime.minVersion(), runtime.why());
    }
    ModelPackage p = new ModelPackage(dir, manifest, new RowPipeline(manifest), model);
    try {
      p.checkGolden(PackageFiles.readGolden(dir, manifest.golden()));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  public Manifest manifest() {
    return manifest;
  }

  public Path dir() {
    return dir;
  }

  /** The prediction of one row: input column name to value, as JSON gives it (see {@link InputValues}). */
  public Prediction predict(Map<String, ?> row) {
    return predictBatch(List.of(row)).get(0);
  }

  /** The predictions of {@code rows}, in order; one runtime call for all of them. */
  public List<Prediction> predictBatch(List<? extends Map<String, ?>> rows) {
    int width = pipeline.width();
    double[] data = new double[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      pipeline.features(typed(rows.get(i)), data, i * width);
    }
    return model.predict(data, rows.size(), width);
  }

  /** The row's values as their input types; a missing column or a value of the wrong type is a bad row. */
  private Map<String, Object> typed(Map<String, ?> row) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Manifest.Input in : manifest.inputs()) {
      if (!row.containsKey(in.name())) {
        throw PackageException.badRow(in.name(), "is missing (the model reads " + manifest.inputs().stream()
            .map(Manifest.Input::name).toList() + "; send null for a missing value)");
      }
      try {
        out.put(in.name(), InputValues.coerce(row.get(in.name()), in.type()));
      } catch (IllegalArgumentException e) {
        throw PackageException.badRow(in.name(), e.getMessage());
      }
    }
    return out;
  }

  /**
   * Re-scores the golden rows: first the feature vectors (a difference is in the feature pipeline), then the
   * predictions (a difference is in the model runtime). Either refuses the package, naming the first row.
   */
  private void checkGolden(List<GoldenRow> golden) {
    int width = pipeline.width();
    double[] data = new double[golden.size() * width];
    for (int i = 0; i < golden.size(); i++) {
      pipeline.features(typed(golden.get(i).row()), data, i * width);
    }
    int first = -1;
    int column = -1;
    int differing = 0;
    for (int i = 0; i < golden.size(); i++) {
      List<Double> expected = golden.get(i).features();
      int j = expected == null ? -1 : firstDifference(expected, data, i * width);
      if (j >= 0) {
        differing++;
        if (first < 0) {
          first = i;
          column = j;
        }
      }
    }
    if (differing > 0) {
      double actual = data[first * width + column];
      throw PackageException.pipelineMismatch(manifest.model().ref(), first + 1, manifest.features().vector()
          .get(column), golden.get(first).features().get(column), model.floatFeatures() ? (float) actual : actual,
          differing, golden.size());
    }
    List<Prediction> actual = model.predict(data, golden.size(), width);
    for (int i = 0; i < golden.size(); i++) {
      if (!golden.get(i).expected().sameBits(actual.get(i))) {
        differing++;
        first = first < 0 ? i : first;
      }
    }
    if (differing > 0) {
      String field = golden.get(first).expected().firstDifference(actual.get(first));
      throw PackageException.goldenMismatch(manifest.model().ref(), model.name(), model.version(),
          first + 1, field, golden.get(first).expected().field(field), actual.get(first).field(field), differing,
          golden.size());
    }
  }

  /**
   * The first column that differs in bits from {@code expected} (NaN equal to NaN), or -1; compared as floats where
   * the model reads floats.
   */
  private int firstDifference(List<Double> expected, double[] data, int offset) {
    for (int j = 0; j < expected.size(); j++) {
      Double e = expected.get(j);
      double x = data[offset + j];
      boolean same = e == null || e.isNaN() ? Double.isNaN(x) : model.floatFeatures()
          ? Float.floatToRawIntBits((float) (double) e) == Float.floatToRawIntBits((float) x)
          : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(x);
      if (!same) {
        return j;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    model.close();
  }
}
