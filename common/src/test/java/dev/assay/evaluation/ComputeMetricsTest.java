package dev.assay.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.metrics.BinaryMetrics;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.metrics.MetricValue;
import dev.assay.metrics.RegressionMetrics;
import dev.assay.metrics.RegressionSums;
import dev.assay.metrics.ScoreBin;
import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ComputeMetricsTest extends SparkTestBase {
  private static final int ROWS = 20_000;
  private static final double THRESHOLD = 0.5;
  private static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.IntegerType)
      .add("score", DataTypes.DoubleType)
      .add("target", DataTypes.DoubleType)
      .add("prediction", DataTypes.DoubleType);

  private static final int[] PARTITIONINGS = {1, 3, 17, 64};

  private static List<Row> rows;
  private static Dataset<Row> predictions;
  private static final Map<Integer, Dataset<Row>> SHUFFLED = new TreeMap<>();

  @BeforeAll
  static void makePredictions() {
    Random random = new Random(2024);
    rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      // Most scores on a 0.01 grid (heavy ties, including exactly 0, 0.5 and 1), the rest unique.
      double score = i % 5 == 0 ? random.nextDouble() : random.nextInt(101) / 100.0;
      int label = random.nextDouble() < score ? 1 : 0;
      double target = 50 + 10 * random.nextGaussian();
      double prediction = target + Math.pow(10, random.nextInt(5) - 2) * random.nextGaussian();
      rows.add(RowFactory.create(label, score, target, prediction));
    }
    predictions = spark.createDataFrame(rows, SCHEMA);
  }

  @AfterAll
  static void releaseCaches() {
    SHUFFLED.values().forEach(d -> d.unpersist(false));
    SHUFFLED.clear();
  }

  @Test
  void binaryMetricsAreBitIdenticalForAnyPartitioningAndOrder() {
    List<String> expected = bits(pureBinary(rows));
    assertThat(expected).allMatch(m -> m.contains(":ok:"));
    for (int partitions : PARTITIONINGS) {
      Dataset<Row> shuffled = shuffled(partitions);
      assertThat(bits(ComputeMetrics.binary(shuffled, "label", "score", THRESHOLD)))
          .as("%s partitions", partitions)
          .isEqualTo(expected);
    }
  }

  /**
   * The histogram is reduced per range partition and only one pass per partition reaches the
   * driver; merged, they give the sequential bits whatever the number of ranges (more ranges than
   * distinct scores leaves some empty).
   */
  @Test
  void binaryMetricsMergeOnePassPerRangePartitionIntoTheSequentialBits() {
    List<String> expected = bits(pureBinary(rows));
    for (int ranges : new int[] {1, 2, 5, 16}) {
      RangedBinaryPass.Result result = ComputeMetrics.binary(shuffled(3), "label", "score", THRESHOLD, ranges);
      assertThat(result.passes()).as("%s ranges", ranges).isEqualTo(ranges);
      assertThat(bits(result.values())).as("%s ranges", ranges).isEqualTo(expected);
    }
    // Fewer distinct scores than ranges: Spark makes at most one range per sampled score.
    List<Row> fewScores = rows.subList(0, 3);
    RangedBinaryPass.Result sparse = ComputeMetrics.binary(spark.createDataFrame(fewScores, SCHEMA), "label",
        "score", THRESHOLD, 8);
    assertThat(sparse.passes()).isBetween(1, 3);
    assertThat(bits(sparse.values())).isEqualTo(bits(pureBinary(fewScores)));
  }

  /** The golden predictions of the metric code version, through Spark in several ranges, keep their bits. */
  @Test
  void theGoldenBinaryPredictionsKeepTheirGoldenBitsInRanges() throws IOException {
    List<Row> golden = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // GoldenMetricsTest.binaryPredictions(): 60 rows with ties, scores at 0, 1 and the threshold.
      double score = i % 11 == 0 ? 0.5 : (i % 13) / 12.0;
      golden.add(RowFactory.create((i * 7 + 3) % 5 < 2 ? 1 : 0, score, 0.0, 0.0));
    }
    Map<String, String> expected = new TreeMap<>();
    String name = "golden/metrics-v" + MetricCodeVersion.VERSION + ".txt";
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("binary.")) {
          expected.put(line.substring("binary.".length(), line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      }
    }
    assertThat(expected).hasSize(BinaryMetrics.NAMES.size());
    Dataset<Row> data = spark.createDataFrame(golden, SCHEMA).repartition(3);
    for (int ranges : new int[] {1, 3, 13}) {
      Map<String, String> actual = new TreeMap<>();
      for (MetricValue v : ComputeMetrics.binary(data, "label", "score", 0.5, ranges).values()) {
        actual.put(v.metric(), Long.toHexString(Double.doubleToRawLongBits(v.value())));
      }
      assertThat(actual).as("%s ranges", ranges).isEqualTo(expected);
    }
  }

  @Test
  void partitionsFollowTheDistinctScoresUpToTheShufflePartitions() {
    assertThat(RangedBinaryPass.partitions(1, 200)).isEqualTo(1);
    assertThat(RangedBinaryPass.partitions(RangedBinaryPass.MIN_BINS_PER_PARTITION + 1, 200)).isEqualTo(2);
    assertThat(RangedBinaryPass.partitions(100_000_000, 200)).isEqualTo(200);
    assertThat(RangedBinaryPass.partitions(100_000_000, 0)).isEqualTo(1);
  }

  @Test
  void regressionMetricsAreBitIdenticalForAnyPartitioningAndOrder() {
    RegressionSums sums = new RegressionSums();
    rows.forEach(r -> sums.add(r.getDouble(2), r.getDouble(3)));
    List<String> expected = bits(RegressionMetrics.compute(sums));
    assertThat(expected).allMatch(m -> m.contains(":ok:"));
    for (int partitions : PARTITIONINGS) {
      Dataset<Row> shuffled = shuffled(partitions);
      assertThat(bits(ComputeMetrics.regression(shuffled, "target", "prediction")))
          .as("%s partitions", partitions)
          .isEqualTo(expected);
    }
  }

  @Test
  void booleanLabelsCountAsZeroAndOne() {
    Object[][] asInts = {{1, 0.9}, {1, 0.7}, {0, 0.7}, {0, 0.4}, {1, 0.2}, {0, 0.2}};
    Object[][] asBooleans = Arrays.stream(asInts).map(r -> new Object[] {r[0].equals(1), r[1]})
        .toArray(Object[][]::new);
    List<MetricValue> fromInts = ComputeMetrics.binary(
        frame(DataTypes.IntegerType, DataTypes.DoubleType, asInts), "label", "score", 0.4);
    List<MetricValue> fromBooleans = ComputeMetrics.binary(
        frame(DataTypes.BooleanType, DataTypes.DoubleType, asBooleans), "label", "score", 0.4);
    assertThat(bits(fromBooleans)).isEqualTo(bits(fromInts));
    // The six-row example of BinaryMetricsTest: AUC 2/3 from 12 / 18.
    assertThat(fromInts.get(0)).isEqualTo(MetricValue.ok(BinaryMetrics.ROC_AUC, 2.0 / 3));
  }

  @Test
  void singleClassGivesUndefinedAucNotNaN() {
    Dataset<Row> positivesOnly = frame(DataTypes.IntegerType, DataTypes.FloatType,
        new Object[][] {{1, 0.25f}, {1, 0.75f}, {1, 0.75f}});
    List<MetricValue> metrics = ComputeMetrics.binary(positivesOnly, "label", "score", THRESHOLD);
    assertThat(metrics.get(0)).isEqualTo(MetricValue.undefined(BinaryMetrics.ROC_AUC));
    assertThat(metrics.get(1)).isEqualTo(MetricValue.ok(BinaryMetrics.PR_AUC, 1.0));
    assertThat(metrics.get(6)).isEqualTo(MetricValue.ok(BinaryMetrics.RECALL, 2.0 / 3));
  }

  /** Labels other than 0/1 (also null and NaN) and scores outside [0, 1]: the label type, the rows, the error. */
  static Stream<Arguments> badBinaryInputs() {
    return Stream.of(
        Arguments.of(DataTypes.IntegerType,
            new Object[][] {{0, 0.1}, {1, 0.9}, {2, 0.4}, {2, 0.6}, {2, 0.7}, {7, 0.2}},
            "Cannot compute binary metrics: label column 'label' must hold only 0 or 1, but 4 rows hold other values "
                + "(distinct values: 2.0, 7.0); map the labels to 0/1 or filter those rows out before evaluating"),
        Arguments.of(DataTypes.DoubleType,
            new Object[][] {{0.0, 0.1}, {null, 0.9}, {Double.NaN, 0.4}, {1.0, 0.6}, {-1.0, 0.6}},
            "Cannot compute binary metrics: label column 'label' must hold only 0 or 1, but 2 rows hold null or NaN "
                + "and 1 row holds other values (distinct values: -1.0); map the labels to 0/1 or filter those rows "
                + "out before evaluating"),
        Arguments.of(DataTypes.IntegerType,
            new Object[][] {{0, 0.1}, {1, 1.5}, {0, -0.5}, {1, 1.5}, {0, null}, {1, Double.NaN}},
            "Cannot compute binary metrics: score column 'score' must hold probabilities in [0, 1], but 2 rows hold "
                + "null or NaN and 3 rows hold values outside [0, 1] (distinct values: -0.5, 1.5); pass the "
                + "probability of class 1 (not a margin or a predicted label) or filter those rows out before "
                + "evaluating"));
  }

  @ParameterizedTest
  @MethodSource("badBinaryInputs")
  void badLabelsOrScoresAreInputErrors(DataType labelType, Object[][] rows, String message) {
    Dataset<Row> data = frame(labelType, DataTypes.DoubleType, rows);
    assertInputError(() -> ComputeMetrics.binary(data, "label", "score", THRESHOLD), message);
  }

  @Test
  void emptyInputIsAnInputError() {
    assertInputError(() -> ComputeMetrics.binary(predictions.limit(0), "label", "score", THRESHOLD),
        "Cannot compute binary metrics: the input has no rows; check the evaluation data version and any "
            + "filters applied before evaluation");
    assertInputError(() -> ComputeMetrics.regression(predictions.limit(0), "target", "prediction"),
        "Cannot compute regression metrics: the input has no rows; check the evaluation data version and any "
            + "filters applied before evaluation");
  }

  @Test
  void missingOrMistypedColumnsAreInputErrors() {
    assertInputError(() -> ComputeMetrics.binary(predictions, "y", "score", THRESHOLD),
        "Cannot compute binary metrics: label column 'y' does not exist; available columns: label, score, "
            + "target, prediction");
    Dataset<Row> text = predictions.withColumn("label", col("label").cast("string"));
    assertInputError(() -> ComputeMetrics.binary(text, "label", "score", THRESHOLD),
        "Cannot compute binary metrics: label column 'label' has type string; it must be numeric or boolean "
            + "with values 0 and 1");
  }

  @Test
  void nullOrNaNRegressionValuesAreInputErrors() {
    Dataset<Row> badPredictions = frame(DataTypes.DoubleType, DataTypes.DoubleType,
        new Object[][] {{1.0, 1.1}, {2.0, null}, {3.0, Double.NaN}, {4.0, Double.POSITIVE_INFINITY}});
    assertInputError(() -> ComputeMetrics.regression(badPredictions, "label", "score"),
        "Cannot compute regression metrics: prediction column 'score' must hold finite numbers, but 3 rows "
            + "hold null, NaN or infinity; drop or fill those rows before evaluating");
    Dataset<Row> badLabels = frame(DataTypes.DoubleType, DataTypes.DoubleType,
        new Object[][] {{1.0, 1.1}, {null, 2.0}});
    assertInputError(() -> ComputeMetrics.regression(badLabels, "label", "score"),
        "Cannot compute regression metrics: label column 'label' must hold finite numbers, but 1 row "
            + "holds null, NaN or infinity; drop or fill those rows before evaluating");
  }

  /**
   * The predictions in a new random order over exactly {@code partitions} partitions; cached, so
   * the binary and the regression test see the same layout and pay for the shuffle once.
   */
  private static synchronized Dataset<Row> shuffled(int partitions) {
    return SHUFFLED.computeIfAbsent(partitions, k -> {
      Dataset<Row> result = predictions.orderBy(rand(k))
          .repartition(k)
          .sortWithinPartitions(rand(31L * k))
          .persist(StorageLevel.MEMORY_ONLY());
      assertThat(result.javaRDD().getNumPartitions()).isEqualTo(k);
      return result;
    });
  }

  private static List<MetricValue> pureBinary(List<Row> data) {
    TreeMap<Double, long[]> counts = new TreeMap<>(Comparator.reverseOrder());
    long positives = 0;
    for (Row r : data) {
      int label = r.getInt(0);
      counts.computeIfAbsent(r.getDouble(1), s -> new long[2])[label == 1 ? 0 : 1]++;
      positives += label;
    }
    List<ScoreBin> bins = counts.entrySet().stream()
        .map(e -> new ScoreBin(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .toList();
    return BinaryMetrics.compute(positives, data.size() - positives, bins.iterator(), THRESHOLD);
  }

  private static Dataset<Row> frame(DataType labelType, DataType scoreType, Object[][] values) {
    StructType schema = new StructType().add("label", labelType).add("score", scoreType);
    List<Row> data = Arrays.stream(values).map(RowFactory::create).toList();
    return spark.createDataFrame(data, schema);
  }

  private static void assertInputError(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_DATA))
        .hasMessage(message);
  }

  /** name:status:raw bits, so that equality means bit-identity. */
  private static List<String> bits(List<MetricValue> metrics) {
    return metrics.stream()
        .map(m -> m.metric() + ":" + m.status() + ":"
            + (m.value() == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(m.value()))))
        .toList();
  }
}
