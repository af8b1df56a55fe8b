package dev.assay.features;

import static org.apache.spark.sql.functions.col;

import dev.assay.errors.FeatureErrors;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.Names;
import dev.assay.spec.TransformStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Fits the feature stage of a spec on the pinned training version: checks every derived expression
 * and transform against the schema (exit 2, before any data is read), then fits each transform, in
 * order, on the data as the steps before it left it. Every fitted value is computed exactly
 * ({@link ExactMoments}), so the stage, like the model after it, is the same bits for any
 * partitioning and row order of the same version.
 */
public final class FitFeatureStage {
  /** The most categories one-hot encoding accepts for one column. */
  public static final int MAX_CATEGORIES = 1000;

  /**
   * The fitted stage, the feature lists the model after it reads (a one-hot encoded categorical
   * becomes numeric indicator columns), and the training data with the stage applied.
   */
  public record Fitted(FeatureStageModel stage, FeatureSpec features, Dataset<Row> data) {}

  private FitFeatureStage() {}

  /** Fits {@code f}'s derive and transforms on {@code prepared}, read from {@code table}. */
  public static Fitted fit(FeatureSpec f, Dataset<Row> prepared, String table) {
    Set<String> target = new HashSet<>();
    target.add(f.label());
    if (f.weight() != null) {
      target.add(f.weight());
    }
    Dataset<Row> data = prepared;
    for (String name : f.derived().keySet()) {
      if (Arrays.asList(data.columns()).contains(name)) {
        throw FeatureErrors.deriveShadowsInput("derive." + name, table);
      }
    }
    // The derived columns are added in one order that depends only on their set: the first by name
    // whose columns all exist. The spec's order is not kept by its canonical form, which verify
    // reads back, and a name is never shadowed, so any order that resolves computes the same values.
    Map<String, String> pending = new TreeMap<>(f.derived());
    List<FeatureState.Derived> derived = new ArrayList<>();
    while (!pending.isEmpty()) {
      Dataset<Row> current = data;
      Set<String> columns = Set.of(data.columns());
      String next = pending.keySet().stream().filter(n -> DeriveChecks.resolves(current, pending.get(n), columns))
          .findFirst().orElse(f.derived().keySet().stream().filter(pending::containsKey).findFirst().orElseThrow());
      data = DeriveChecks.derive(data, "derive." + next, next, pending.remove(next), target);
      derived.add(new FeatureState.Derived(next, f.derived().get(next)));
    }
    List<FittedStep> steps = new ArrayList<>();
    for (int i = 0; i < f.steps().size(); i++) {
      TransformStep t = f.steps().get(i);
      String key = "transforms[" + i + "]." + t.kind();
      check(t, key, data.schema());
      for (FittedStep step : fitStep(t, key, data, table)) {
        steps.add(step);
        data = step.apply(data);
      }
    }
    Map<String, String> casts = new LinkedHashMap<>();
    Set<String> produced = f.produced();
    checkFeatures(f.numeric(), "numeric", data.schema());
    checkFeatures(f.categorical(), "categorical", data.schema());
    f.numeric().stream().filter(produced::contains).forEach(c -> casts.put(c, "double"));
    f.categorical().stream().filter(produced::contains).forEach(c -> casts.put(c, "string"));
    FeatureState state = new FeatureState(derived, steps, casts);
    return new Fitted(FeatureStageModel.of(state), modelFeatures(f, state), state.apply(prepared));
  }

  /** What the model after the stage reads: one-hot encoded categoricals as their indicator columns. */
  private static FeatureSpec modelFeatures(FeatureSpec f, FeatureState state) {
    List<String> numeric = new ArrayList<>(f.numeric());
    List<String> categorical = new ArrayList<>();
    Map<String, List<String>> indicators = new LinkedHashMap<>();
    state.steps().stream().filter(s -> s instanceof FittedStep.OneHot).map(s -> (FittedStep.OneHot) s)
        .forEach(o -> indicators.put(o.column(), o.indicators()));
    for (String c : f.categorical()) {
      if (indicators.containsKey(c)) {
        numeric.addAll(indicators.get(c));
      } else {
        categorical.add(c);
      }
    }
    return f.withFeatures(numeric, categorical);
  }

  private static void check(TransformStep t, String key, StructType schema) {
    List<String> columns = Arrays.asList(schema.fieldNames());
    for (String c : t.inputs()) {
      if (!columns.contains(c)) {
        throw FeatureErrors.unknownColumn(key, c, columns);
      }
      DataType type = schema.apply(c).dataType();
      if (t.oneHot() == null && !(type instanceof NumericType || type instanceof BooleanType)) {
        throw FeatureErrors.notNumeric(key, c, type.simpleString());
      }
    }
    if (t.output() != null && columns.contains(t.output())) {
      throw FeatureErrors.outputShadowsColumn(key, t.output());
    }
  }

  private static void checkFeatures(List<String> features, String key, StructType schema) {
    List<String> columns = Arrays.asList(schema.fieldNames());
    for (String c : features) {
      if (!columns.contains(c)) {
        throw FeatureErrors.featureNotProduced(key, c, columns);
      }
    }
  }

  private static List<FittedStep> fitStep(TransformStep t, String key, Dataset<Row> data, String table) {
    if (t.impute() != null) {
      return fillValues(t.impute(), key, data, table);
    }
    if (t.bucketize() != null) {
      TransformStep.Bucketize b = t.bucketize();
      return List.of(new FittedStep.Buckets(b.column(), b.output(), b.splits() != null ? b.splits()
          : quantileSplits(b, key, data, table)));
    }
    if (t.oneHot() != null) {
      return t.oneHot().stream().map(c -> (FittedStep) new FittedStep.OneHot(c, vocabulary(c, key, data, table)))
          .toList();
    }
    if (t.scale() != null) {
      return scales(t.scale(), key, data, table);
    }
    if (t.log1p() != null) {
      return t.log1p().stream().map(c -> (FittedStep) new FittedStep.Log1p(c)).toList();
    }
    return List.of(new FittedStep.Clip(t.clip().column(), t.clip().min(), t.clip().max()));
  }

  private static List<FittedStep> fillValues(TransformStep.Impute impute, String key, Dataset<Row> data,
      String table) {
    List<String> columns = impute.columns();
    double[] values = new double[columns.size()];
    switch (impute.strategy()) {
      case CONSTANT -> Arrays.fill(values, impute.value());
      case MEAN -> {
        ExactMoments m = ExactMoments.of(data, columns, null);
        for (int i = 0; i < values.length; i++) {
          requireValues(m.count[i], key, columns.get(i), table);
          values[i] = m.quotient(i, m.count[i]);
        }
      }
      case MEDIAN -> {
        Double[][] p = ExactPercentiles.of(data, columns, new double[] {0.5});
        for (int i = 0; i < values.length; i++) {
          requireValues(p[i][0] == null ? 0 : 1, key, columns.get(i), table);
          values[i] = p[i][0];
        }
      }
      default -> throw new IllegalStateException("Unknown strategy " + impute.strategy());
    }
    List<FittedStep> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new FittedStep.Fill(columns.get(i), values[i]));
    }
    return out;
  }

  /** Interior split points at the exact quantiles 1/K .. (K-1)/K, without repeats. */
  private static List<Double> quantileSplits(TransformStep.Bucketize b, String key, Dataset<Row> data,
      String table) {
    int k = b.quantiles();
    double[] fractions = new double[k - 1];
    for (int i = 1; i < k; i++) {
      fractions[i - 1] = (double) i / k;
    }
    Double[] p = ExactPercentiles.of(data, List.of(b.column()), fractions)[0];
    requireValues(p[0] == null ? 0 : 1, key, b.column(), table);
    TreeSet<Double> splits = new TreeSet<>(Arrays.asList(p));
    return List.copyOf(splits);
  }

  private static List<String> vocabulary(String column, String key, Dataset<Row> data, String table) {
    Column c = col(Names.quoteIdentifier(column));
    List<Row> rows = data.select(c.cast("string")).where(c.isNotNull()).distinct().limit(MAX_CATEGORIES + 1)
        .collectAsList();
    if (rows.size() > MAX_CATEGORIES) {
      long found = data.select(c).distinct().count();
      throw FeatureErrors.tooManyCategories(key, column, table, found, MAX_CATEGORIES);
    }
    requireValues(rows.size(), key, column, table);
    return rows.stream().map(r -> r.getString(0)).sorted().toList();
  }

  private static List<FittedStep> scales(TransformStep.Scale scale, String key, Dataset<Row> data, String table) {
    List<String> columns = scale.columns();
    ExactMoments m = ExactMoments.of(data, columns, null);
    double[] shift = new double[columns.size()];
    double[] span = new double[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      requireValues(m.count[i], key, columns.get(i), table);
      boolean standard = scale.method() == TransformStep.ScaleMethod.STANDARD;
      shift[i] = standard ? m.quotient(i, m.count[i]) : m.min[i];
      span[i] = standard ? 0.0 : m.max[i] - m.min[i];
    }
    if (scale.method() == TransformStep.ScaleMethod.STANDARD) {
      // A second pass over the squared deviations from the exact mean: exact, and without the
      // cancellation of sum(x^2) - n * mean^2.
      ExactMoments deviations = ExactMoments.of(data, columns, shift);
      for (int i = 0; i < columns.size(); i++) {
        span[i] = deviations.count[i] < 2 ? 0.0 : Math.sqrt(deviations.quotient(i, deviations.count[i] - 1));
      }
    }
    List<FittedStep> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      out.add(new FittedStep.Affine(columns.get(i), shift[i], span[i]));
    }
    return out;
  }

  private static void requireValues(long present, String key, String column, String table) {
    if (present == 0) {
      throw FeatureErrors.noValues(key, column, table);
    }
  }
}
