package dev.assay.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Higgs-like synthetic binary dataset: 28 numeric features (21 "low-level" ones, 7 derived
 * non-linear ones), a label drawn from a logistic model of a non-linear signal, and a row id.
 *
 * <p>Each partition draws from its own {@link SplittableRandom} seeded with
 * {@link #partitionSeed(long, int)}, a SplitMix64 hash of (base seed, partition index): partitions
 * are independent streams, never copies or shifted copies of one another (which consecutive seeds
 * of {@code java.util.Random} or one stream split by offset could give).
 */
public final class HiggsData {
  public static final int FEATURES = 28;
  public static final String LABEL = "label";
  public static final String ID = "id";

  private HiggsData() {}

  /** The feature column names f00..f27. */
  public static List<String> featureNames() {
    return IntStream.range(0, FEATURES).mapToObj(i -> String.format("f%02d", i)).toList();
  }

  public static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(ID, DataTypes.LongType, false));
    for (String f : featureNames()) {
      fields.add(DataTypes.createStructField(f, DataTypes.DoubleType, false));
    }
    fields.add(DataTypes.createStructField(LABEL, DataTypes.IntegerType, false));
    return DataTypes.createStructType(fields);
  }

  /** The schema of a synthetic predictions table: id, label, score (a float probability). */
  public static StructType predictionsSchema() {
    return DataTypes.createStructType(List.of(
        DataTypes.createStructField(ID, DataTypes.LongType, false),
        DataTypes.createStructField(LABEL, DataTypes.IntegerType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false)));
  }

  /** SplitMix64's finaliser: a bijective 64-bit mix. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The seed of partition {@code index}: a hash of both, so neighbouring partitions share nothing. */
  public static long partitionSeed(long baseSeed, int index) {
    return mix64(mix64(baseSeed) + 0x9e3779b97f4a7c15L * (index + 1L));
  }

  /** Rows of one partition: ids {@code [first, first + count)}, values from the partition's own stream. */
  public static Iterator<Row> partition(long baseSeed, int index, long first, int count) {
    SplittableRandom rnd = new SplittableRandom(partitionSeed(baseSeed, index));
    double[] x = new double[FEATURES];
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public Row next() {
        if (i >= count) {
          throw new NoSuchElementException();
        }
        int label = draw(rnd, x);
        Object[] values = new Object[FEATURES + 2];
        values[0] = first + i++;
        for (int j = 0; j < FEATURES; j++) {
          values[j + 1] = x[j];
        }
        values[FEATURES + 1] = label;
        return RowFactory.create(values);
      }
    };
  }

  /** Draws one row's features into {@code x} and returns its label. */
  static int draw(SplittableRandom rnd, double[] x) {
    for (int j = 0; j < 21; j++) {
      // Momenta-like (positive, skewed), angles (uniform), b-tags (discrete).
      x[j] = switch (j % 3) {
        case 0 -> -Math.log(1.0 - rnd.nextDouble()) * (1.0 + 0.1 * j);
        case 1 -> rnd.nextDouble() * 2 * Math.PI - Math.PI;
        default -> Math.floor(rnd.nextDouble() * 3.0);
      };
    }
    // "High-level" features: non-linear combinations of the low-level ones (invariant masses).
    x[21] = Math.sqrt(x[0] * x[3] * (1 - Math.cos(x[1] - x[4])));
    x[22] = Math.sqrt(x[6] * x[9] * (1 - Math.cos(x[7] - x[10])));
    x[23] = Math.hypot(x[0], x[3]) + 0.3 * x[12];
    x[24] = x[21] * x[22] / (1.0 + x[15]);
    x[25] = Math.abs(Math.sin(x[13] - x[16])) * x[18];
    x[26] = Math.log1p(x[0] + x[3] + x[6] + x[9]);
    x[27] = x[2] + x[5] + x[8] + x[11];
    double signal = 1.2 * Math.tanh(x[21] - 1.0) + 0.8 * Math.sin(x[1] * x[4]) - 0.6 * (x[24] - 0.7)
        + 0.4 * (x[27] - 4.0) * Math.cos(x[7]) + 0.5 * x[25] - 0.3 * x[26] + 0.2 * rnd.nextGaussian();
    return rnd.nextDouble() < 1.0 / (1.0 + Math.exp(-signal)) ? 1 : 0;
  }

  /** {@code rows} rows in {@code partitions} partitions, deterministic from the seed. */
  public static Dataset<Row> generate(SparkSession spark, long rows, int partitions, long baseSeed) {
    JavaRDD<Row> rdd = indices(spark, rows, partitions).flatMap(p -> {
      long first = rows * p / partitions;
      long next = rows * (p + 1L) / partitions;
      return partition(baseSeed, p, first, (int) (next - first));
    });
    return spark.createDataFrame(rdd, schema());
  }

  /**
   * Synthetic predictions of a good but imperfect model: the label from the data's own signal and
   * a float32 probability of a noisy estimate of it, so scores are mostly distinct, as an XGBoost
   * model's are.
   */
  public static Dataset<Row> predictions(SparkSession spark, long rows, int partitions, long baseSeed) {
    JavaRDD<Row> rdd = indices(spark, rows, partitions).flatMap(p -> {
      long first = rows * p / partitions;
      int count = (int) (rows * (p + 1L) / partitions - first);
      SplittableRandom rnd = new SplittableRandom(partitionSeed(baseSeed, p));
      List<Row> out = new ArrayList<>(count);
      double[] x = new double[FEATURES];
      for (int i = 0; i < count; i++) {
        int label = draw(rnd, x);
        double estimate = 1.2 * Math.tanh(x[21] - 1.0) + 0.8 * Math.sin(x[1] * x[4]) - 0.6 * (x[24] - 0.7)
            + 0.6 * rnd.nextGaussian();
        float score = (float) (1.0 / (1.0 + Math.exp(-estimate)));
        out.add(RowFactory.create(first + i, label, (double) score));
      }
      return out.iterator();
    });
    return spark.createDataFrame(rdd, predictionsSchema());
  }

  private static JavaRDD<Integer> indices(SparkSession spark, long rows, int partitions) {
    List<Integer> idx = IntStream.range(0, partitions).boxed().toList();
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(idx, partitions);
  }
}
