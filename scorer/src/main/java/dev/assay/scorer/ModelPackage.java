package dev.assay.scorer;

import dev.assay.scorer.features.InputValues;
import dev.assay.scorer.features.RowPipeline;
import dev.assay.scorer.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exported model package, loaded and checked: every file's SHA-256 against the manifest, the runtime's version
 * against the oldest one that reads the model files correctly, and the golden examples re-scored and compared bit
 * for bit with the outputs Spark gave at export. A package that fails any check is refused, so a server never
 * answers with numbers other than Assay's. An ensemble or a stack is a package of packages: each part is loaded and
 * checked on its own first, then the whole against its own golden rows, so a part that passes alone but is wired
 * wrongly (another member order, a meta-feature from the wrong base) is still refused.
 *
 * <pre>{@code
 * ModelPackage model = ModelPackage.load(Path.of("churn-xgb-1"));
 * Prediction p = model.predict(Map.of("tenure_months", 12, "plan", "basic", ...));
 * }</pre>
 */
public final class ModelPackage implements AutoCloseable {
  private final Path dir;
  private final Manifest manifest;
  /** A single model's feature pipeline and runtime; null for an ensemble or a stack. */
  private final RowPipeline pipeline;
  private final ModelRuntime model;
  /** An ensemble's member packages, in averaging order, or a stack's bases; empty for a single model. */
  private final List<ModelPackage> members;
  /** A stack's meta model package; null otherwise. */
  private final ModelPackage meta;

  private ModelPackage(Path dir, Manifest manifest, RowPipeline pipeline, ModelRuntime model,
      List<ModelPackage> members, ModelPackage meta) {
    this.dir = dir;
    this.manifest = manifest;
    this.pipeline = pipeline;
    this.model = model;
    this.members = members;
    this.meta = meta;
  }

  /** Loads the package in {@code dir}, checks it and re-scores its golden examples; refuses it on any difference. */
  public static ModelPackage load(Path dir) {
    Manifest manifest = PackageFiles.readManifest(dir);
    PackageFiles.verifyChecksums(dir, manifest);
    ModelPackage p = manifest.members().isEmpty() ? single(dir, manifest) : composite(dir, manifest);
    try {
      p.checkGolden(PackageFiles.readGolden(dir, manifest.golden()));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /**
   * An ensemble's members or a stack's bases and meta model, each loaded (and its own golden rows checked) from its
   * directory and checked to hold the model the manifest names.
   */
  private static ModelPackage composite(Path dir, Manifest manifest) {
    List<ModelPackage> loaded = new ArrayList<>();
    try {
      for (Manifest.Member m : manifest.members()) {
        loaded.add(member(dir, m, "members[" + m.dir() + "]"));
      }
      ModelPackage meta = manifest.stack() == null ? null : member(dir, manifest.stack().meta(), "stack.meta");
      return new ModelPackage(dir, manifest, null, null, List.copyOf(loaded), meta);
    } catch (RuntimeException e) {
      loaded.forEach(ModelPackage::close);
      throw e;
    }
  }

  /** The package of member {@code m}, refused unless it holds the model hash the composite names ({@code key}). */
  private static ModelPackage member(Path dir, Manifest.Member m, String key) {
    ModelPackage member = load(dir.resolve(m.dir()));
    if (!member.manifest.model().modelHash().equals(m.modelHash())) {
      member.close();
      throw PackageException.corrupt(key + ".model_hash", "is " + m.modelHash() + ", but the package in " + m.dir()
          + " holds model_hash " + member.manifest.model().modelHash());
    }
    return member;
  }

  private static ModelPackage single(Path dir, Manifest manifest) {
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
    return new ModelPackage(dir, manifest, new RowPipeline(manifest), model, List.of(), null);
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
    if (!members.isEmpty()) {
      // Checked against the composite's inputs first, so a bad row is refused naming every column it reads, not one
      // member's; each member then reads its own columns.
      rows.forEach(this::typed);
      List<List<Prediction>> each = members.stream().map(m -> m.predictBatch(rows)).toList();
      if (meta != null) {
        return stacked(rows, each);
      }
      List<Prediction> out = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        out.add(mean(each, i));
      }
      return out;
    }
    int width = pipeline.width();
    double[] data = new double[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      pipeline.features(typed(rows.get(i)), data, i * width);
    }
    return model.predict(data, rows.size(), width);
  }

  /**
   * A stack's predictions: each row with its meta-feature columns added (the bases' outputs, as Spark's stack turns
   * them into columns), scored by the meta package. The meta model reads the row's own columns as they came in.
   */
  private List<Prediction> stacked(List<? extends Map<String, ?>> rows, List<List<Prediction>> each) {
    List<Manifest.MetaFeature> features = manifest.stack().features();
    int[] member = new int[features.size()];
    for (int f = 0; f < member.length; f++) {
      String dir = features.get(f).member();
      member[f] = manifest.members().indexOf(manifest.members().stream().filter(m -> m.dir().equals(dir))
          .findFirst().orElseThrow());
    }
    List<Map<String, Object>> metaRows = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>(rows.get(i));
      for (int f = 0; f < member.length; f++) {
        row.put(features.get(f).column(), features.get(f).of(each.get(member[f]).get(i)));
      }
      metaRows.add(row);
    }
    return meta.predictBatch(metaRows);
  }

  /**
   * Row {@code i}'s mean over the members, as Spark's {@code AverageMembers} computes it: each output added left to
   * right in member order, then divided once by the member count (binary: the class-1 probability; multiclass:
   * each class's; regression: the value).
   */
  private Prediction mean(List<List<Prediction>> each, int i) {
    double n = members.size();
    Prediction first = each.get(0).get(i);
    return switch (manifest.model().task()) {
      case BINARY -> {
        double sum = first.probability();
        for (int m = 1; m < each.size(); m++) {
          sum += each.get(m).get(i).probability();
        }
        yield ModelRuntime.binary(sum / n, manifest.output().threshold() == null ? 0.5
            : manifest.output().threshold());
      }
      case MULTICLASS -> {
        double[] p = new double[first.probabilities().size()];
        for (int k = 0; k < p.length; k++) {
          double sum = first.probabilities().get(k);
          for (int m = 1; m < each.size(); m++) {
            sum += each.get(m).get(i).probabilities().get(k);
          }
          p[k] = sum / n;
        }
        yield ModelRuntime.multiclass(p);
      }
      case REGRESSION -> {
        double sum = first.prediction();
        for (int m = 1; m < each.size(); m++) {
          sum += each.get(m).get(i).prediction();
        }
        yield new Prediction(sum / n, null, null);
      }
    };
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
    if (!members.isEmpty()) {
      checkOutputs(golden, predictBatch(golden.stream().map(GoldenRow::row).toList()));
      return;
    }
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
    checkOutputs(golden, model.predict(data, golden.size(), width));
  }

  /** Refuses the package unless {@code actual} has the golden outputs' bits, naming the first row that differs. */
  private void checkOutputs(List<GoldenRow> golden, List<Prediction> actual) {
    int differing = 0;
    int first = -1;
    for (int i = 0; i < golden.size(); i++) {
      if (!golden.get(i).expected().sameBits(actual.get(i))) {
        differing++;
        first = first < 0 ? i : first;
      }
    }
    if (differing > 0) {
      String field = golden.get(first).expected().firstDifference(actual.get(first));
      throw PackageException.goldenMismatch(manifest.model().ref(), model != null ? model.name() : meta != null
          ? "the meta model " + manifest.stack().meta().ref() + " over bases" : "the mean of members", model != null
          ? model.version() : manifest.members().stream().map(Manifest.Member::ref).toList().toString(),
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
    if (model != null) {
      model.close();
    }
    members.forEach(ModelPackage::close);
    if (meta != null) {
      meta.close();
    }
  }
}
