package dev.assay.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.assay.spark.Columns;
import java.util.ArrayList;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Measures {@link TableDrift} between two versions: the reference's exact deciles of every numeric
 * feature ({@link RankedDeciles}: from ranks, order-independent, so a rerun gives the same edges),
 * then one grouped count of (feature, bin or category) over both versions, at most
 * {@link #MAX_CATEGORIES} per feature. The driver's memory is bounded by the number of features, not
 * by the rows or distinct values. The PSI itself is {@link PopulationStability}'s.
 */
public final class MeasureDrift {
  /** The category standing for all but the most frequent {@link #MAX_CATEGORIES} - 1 of a feature. */
  static final String OTHER_CATEGORY = "__other__";
  /** The most categories (or bins) of one feature compared, {@value #OTHER_CATEGORY} included. */
  public static final int MAX_CATEGORIES = 1000;

  /** What the ledger records as the method, so a stored value says how it was computed. */
  public static final String METHOD = "psi: " + PopulationStability.BINS + " bins at exact reference deciles "
      + "(numeric), category shares (categorical; beyond " + MAX_CATEGORIES + " categories the least frequent in "
      + "the reference folded into " + OTHER_CATEGORY + "), missing values as their own bin, shares floored at "
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
    List<Map<String, Map<String, Long>>> counts = counts(from, to, buckets);
    Map<String, Map<String, Long>> fromCounts = counts.get(0);
    Map<String, Map<String, Long>> toCounts = counts.get(1);

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

  /** Exact deciles of the reference, NaN as missing; {@link RankedDeciles} says why not {@code percentile}. */
  private static Map<String, double[]> edges(Dataset<Row> from, List<String> numeric) {
    Map<String, double[]> edges = new HashMap<>();
    int partitions = from.sparkSession().sessionState().conf().numShufflePartitions();
    RankedDeciles.of(from, numeric, PopulationStability.cutProbabilities(), partitions)
        .forEach((f, q) -> edges.put(f, PopulationStability.edges(q)));
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

  /**
   * Row counts per (feature, bin or category) of both versions, from one aggregation over both. A
   * feature with more than {@link #MAX_CATEGORIES} categories keeps the {@code MAX_CATEGORIES - 1}
   * most frequent in the reference (then in the new version, then by name; null always kept) and
   * folds the rest into {@value #OTHER_CATEGORY} in both versions. Why: every category is a count
   * brought to the driver, so an id-like column declared categorical would bring one row per id;
   * folded, the driver holds at most {@code MAX_CATEGORIES} counts per feature, and the PSI still
   * compares the shares of everything that matters to a shift of the bulk. The ranking runs on the
   * executors (one window per feature).
   */
  private static List<Map<String, Map<String, Long>>> counts(Dataset<Row> from, Dataset<Row> to,
      List<Column> buckets) {
    Column[] all = buckets.toArray(Column[]::new);
    Dataset<Row> both = from.select(explode(array(all)).as("x"))
        .select(col("x.f").as("f"), col("x.b").as("b"), lit(1L).as("n_from"), lit(0L).as("n_to"))
        .union(to.select(explode(array(all)).as("x"))
            .select(col("x.f").as("f"), col("x.b").as("b"), lit(0L).as("n_from"), lit(1L).as("n_to")))
        .groupBy(col("f"), col("b")).agg(sum(col("n_from")).as("n_from"), sum(col("n_to")).as("n_to"));
    WindowSpec feature = Window.partitionBy(col("f"));
    Column rank = row_number().over(feature.orderBy(when(col("b").equalTo(NULL_CATEGORY), 0).otherwise(1),
        col("n_from").desc(), col("n_to").desc(), col("b")));
    Column folded = when(count(lit(1)).over(feature).gt(MAX_CATEGORIES).and(rank.geq(MAX_CATEGORIES)),
        lit(OTHER_CATEGORY)).otherwise(col("b"));
    Map<String, Map<String, Long>> fromCounts = new HashMap<>();
    Map<String, Map<String, Long>> toCounts = new HashMap<>();
    for (Row r : both.select(col("f"), folded.as("b"), col("n_from"), col("n_to"))
        .groupBy(col("f"), col("b")).agg(sum(col("n_from")), sum(col("n_to"))).collectAsList()) {
      if (r.getLong(2) > 0) {
        fromCounts.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
      }
      if (r.getLong(3) > 0) {
        toCounts.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(3));
      }
    }
    return List.of(fromCounts, toCounts);
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
}
