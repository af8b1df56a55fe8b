package dev.assay.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.assay.spark.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Measures {@link TableDrift} between two versions with three Spark passes: the reference's exact
 * deciles of every numeric feature (Spark's {@code percentile}, order-independent, so a rerun
 * gives the same edges), then one grouped count of (feature, bin or category) per version. The
 * PSI itself is {@link PopulationStability}'s.
 */
public final class MeasureDrift {
  /** What the ledger records as the method, so a stored value says how it was computed. */
  public static final String METHOD = "psi: " + PopulationStability.BINS + " bins at exact reference deciles "
      + "(numeric), category shares (categorical), missing values as their own bin, shares floored at "
      + PopulationStability.EPSILON;

  static final String MISSING = "missing";
  static final String NULL_CATEGORY = "__null__";
  private static final String ROWS = "__rows__";

  private MeasureDrift() {}

  public static TableDrift measure(Dataset<Row> from, Dataset<Row> to, List<String> numeric, List<String> categorical) {
    Map<String, StructField> fromFields = fields(from.schema());
    Map<String, StructField> toFields = fields(to.schema());
    Map<String, String> changes = schemaChanges(fromFields, toFields);

    List<String> comparableNumeric = new ArrayList<>();
    for (String f : numeric) {
      StructField a = fromFields.get(key(f));
      StructField b = toFields.get(key(f));
      if (a != null && b != null && a.dataType() instanceof NumericType && b.dataType() instanceof NumericType) {
        comparableNumeric.add(f);
      }
    }
    List<String> comparableCategorical = categorical.stream()
        .filter(f -> fromFields.containsKey(key(f)) && toFields.containsKey(key(f))).toList();

    Map<String, double[]> edges = edges(from, comparableNumeric);
    List<Column> buckets = new ArrayList<>();
    buckets.add(struct(lit(ROWS).as("f"), lit("all").as("b")));
    for (String f : comparableNumeric) {
      buckets.add(struct(lit(f).as("f"), numericBucket(f, edges.get(f)).as("b")));
    }
    for (String f : comparableCategorical) {
      buckets.add(struct(lit(f).as("f"), coalesce(Columns.named(f).cast("string"), lit(NULL_CATEGORY)).as("b")));
    }
    Map<String, Map<String, Long>> fromCounts = counts(from, buckets);
    Map<String, Map<String, Long>> toCounts = counts(to, buckets);

    List<FeatureDrift> features = new ArrayList<>();
    for (String f : numeric) {
      features.add(feature(f, "numeric", comparableNumeric.contains(f), fromCounts, toCounts, MISSING,
          changes.get(key(f))));
    }
    for (String f : categorical) {
      features.add(feature(f, "categorical", comparableCategorical.contains(f), fromCounts, toCounts, NULL_CATEGORY,
          changes.get(key(f))));
    }
    long fromRows = fromCounts.getOrDefault(ROWS, Map.of()).getOrDefault("all", 0L);
    long toRows = toCounts.getOrDefault(ROWS, Map.of()).getOrDefault("all", 0L);
    String summary = changes.isEmpty() ? null : changes.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    return new TableDrift(fromRows, toRows, summary, features);
  }

  private static FeatureDrift feature(String f, String kind, boolean comparable, Map<String, Map<String, Long>> from,
      Map<String, Map<String, Long>> to, String missingLabel, String change) {
    if (!comparable) {
      return new FeatureDrift(f, kind, null, null, null, null, change == null ? "not comparable" : change);
    }
    Map<String, Long> a = from.getOrDefault(f, Map.of());
    Map<String, Long> b = to.getOrDefault(f, Map.of());
    double psi = PopulationStability.psi(a, b);
    Set<String> bins = new HashSet<>(a.keySet());
    bins.addAll(b.keySet());
    return new FeatureDrift(f, kind, Double.isNaN(psi) ? null : psi, bins.size(), a.getOrDefault(missingLabel, 0L),
        b.getOrDefault(missingLabel, 0L), change);
  }

  /** Exact deciles of the reference, NaN treated as missing (Spark sorts NaN above every number). */
  private static Map<String, double[]> edges(Dataset<Row> from, List<String> numeric) {
    Map<String, double[]> edges = new HashMap<>();
    if (numeric.isEmpty()) {
      return edges;
    }
    String probs = Arrays.stream(PopulationStability.cutProbabilities()).mapToObj(Double::toString)
        .collect(Collectors.joining(", ", "array(", ")"));
    Column[] aggs = numeric.stream().map(f -> {
      String x = "CAST(" + sqlName(f) + " AS DOUBLE)";
      return expr("percentile(CASE WHEN isnan(" + x + ") THEN NULL ELSE " + x
          + " END, " + probs + ")");
    }).toArray(Column[]::new);
    Row r = from.agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length)).first();
    for (int i = 0; i < numeric.size(); i++) {
      double[] q = r.isNullAt(i) ? new double[0]
          : r.<Double>getList(i).stream().mapToDouble(d -> d == null ? Double.NaN : d).toArray();
      edges.put(numeric.get(i), PopulationStability.edges(q));
    }
    return edges;
  }

  /** Right-closed bins at the edges, labelled {@code bin00}, {@code bin01}, ...; null and NaN are {@code missing}. */
  private static Column numericBucket(String f, double[] edges) {
    Column x = Columns.named(f).cast("double");
    Column b = when(x.isNull().or(isnan(x)), lit(MISSING));
    for (int i = 0; i < edges.length; i++) {
      b = b.when(x.leq(lit(edges[i])), lit(label(i)));
    }
    return b.otherwise(lit(label(edges.length)));
  }

  static String label(int bin) {
    return String.format(Locale.ROOT, "bin%02d", bin);
  }

  private static Map<String, Map<String, Long>> counts(Dataset<Row> df, List<Column> buckets) {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    for (Row r : df.select(explode(array(buckets.toArray(Column[]::new))).as("x"))
        .groupBy(col("x.f"), col("x.b")).count().collectAsList()) {
      counts.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
    }
    return counts;
  }

  /** Columns added, removed or retyped, by lower-case name as Spark resolves them, in name order. */
  static Map<String, String> schemaChanges(Map<String, StructField> from, Map<String, StructField> to) {
    Map<String, String> changes = new LinkedHashMap<>();
    TreeSet<String> names = new TreeSet<>(from.keySet());
    names.addAll(to.keySet());
    for (String n : names) {
      StructField a = from.get(n);
      StructField b = to.get(n);
      if (a == null) {
        changes.put(n, "added (" + b.dataType().simpleString() + ")");
      } else if (b == null) {
        changes.put(n, "removed");
      } else if (!a.dataType().catalogString().equals(b.dataType().catalogString())) {
        changes.put(n, "type " + a.dataType().simpleString() + " -> " + b.dataType().simpleString());
      }
    }
    return changes;
  }

  private static Map<String, StructField> fields(StructType schema) {
    Map<String, StructField> m = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      m.put(key(f.name()), f);
    }
    return m;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String sqlName(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
