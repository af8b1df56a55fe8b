package dev.assay.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.metrics.MetricResult;
import dev.assay.metrics.MetricValue;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroupedMetricsTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType)
      .add("label", DataTypes.IntegerType)
      .add("score", DataTypes.DoubleType)
      .add("target", DataTypes.DoubleType)
      .add("prediction", DataTypes.DoubleType)
      .add("klass", DataTypes.IntegerType)
      .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType))
      .add("plan", DataTypes.StringType)
      .add("region", DataTypes.IntegerType);
  private static final List<String> SLICES = List.of("plan", "region");

  private static Dataset<Row> predictions;

  @BeforeAll
  static void makePredictions() {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    String[] plans = {"basic", "plus", "pro", null};
    for (int i = 0; i < 4000; i++) {
      double score = i % 3 == 0 ? random.nextDouble() : random.nextInt(41) / 40.0;
      int label = random.nextDouble() < score ? 1 : 0;
      double target = 20 + 5 * random.nextGaussian();
      int klass = random.nextInt(3);
      double a = random.nextDouble();
      double[] p = {a * 0.5, (1 - a) * 0.5, 0.5};
      p[klass] += 0.3 * random.nextDouble();
      double total = p[0] + p[1] + p[2];
      // "pro" is rare (a too-small slice); region 7 holds 30 rows.
      String plan = plans[random.nextInt(100) < 2 ? 2 : random.nextInt(100) < 10 ? 3 : random.nextInt(2)];
      int region = i % 133 == 0 ? 7 : i % 4;
      rows.add(RowFactory.create((long) i, label, score, target, target + random.nextGaussian(), klass,
          List.of(p[0] / total, p[1] / total, p[2] / total), plan, region));
    }
    predictions = spark.createDataFrame(rows, SCHEMA).cache();
  }

  static GroupedMetrics.Settings settings(String task, boolean overall, int samples) {
    return new GroupedMetrics.Settings(Task.of(task), 0.5, "multiclass".equals(task) ? 3 : 0, overall, SLICES, 50,
        samples,
        0.9, 7);
  }

  static List<MetricResult> grouped(Dataset<Row> data, String task, boolean overall, int samples) {
    String label = switch (task) {
      case "binary" -> "label";
      case "regression" -> "target";
      default -> "klass";
    };
    String score = switch (task) {
      case "binary" -> "score";
      case "regression" -> "prediction";
      default -> "probabilities";
    };
    return GroupedMetrics.compute(data, label, score, "id", settings(task, overall, samples));
  }

  static List<MetricValue> direct(Dataset<Row> data, String task) {
    return switch (task) {
      case "binary" -> ComputeMetrics.binary(data, "label", "score", 0.5);
      case "regression" -> ComputeMetrics.regression(data, "target", "prediction");
      default -> ComputeMulticlass.compute(data, "klass", "probabilities").values();
    };
  }

  static Dataset<Row> shuffled(int partitions) {
    return predictions.orderBy(rand(partitions)).repartition(partitions);
  }

  @Test
  void aTallyColumnIsCountedInTheMetricPassAndChangesNoValue() {
    Dataset<Row> tallied = predictions.withColumn("t", col("id").mod(3).equalTo(0).cast("int"));
    long ones = tallied.where("t = 1").count();
    for (int partitions : new int[] {1, 7}) {
      Dataset<Row> data = tallied.orderBy(rand(partitions)).repartition(partitions);
      ComputeMetrics.Tallied binary = ComputeMetrics.binary(data, "label", "score", 0.5, "t");
      assertThat(binary.values()).isEqualTo(direct(predictions, "binary"));
      assertThat(binary.tally()).as("binary, %d partitions", partitions).isEqualTo(ones);
      ComputeMetrics.Tallied regression = ComputeMetrics.regression(data, "target", "prediction", "t");
      assertThat(regression.values()).isEqualTo(direct(predictions, "regression"));
      assertThat(regression.tally()).isEqualTo(ones);
      ComputeMulticlass.Result multiclass = ComputeMulticlass.compute(data, "klass", "probabilities", "t");
      assertThat(multiclass.values()).isEqualTo(direct(predictions, "multiclass"));
      assertThat(multiclass.tally()).isEqualTo(ones);
    }
    assertThat(ComputeMetrics.binary(predictions, "label", "score", 0.5, null).tally()).isZero();
  }

  @Test
  void sliceMetricsEqualTheWholeDatasetMetricsOfTheFilteredRowsBitForBit() {
    for (String task : List.of("binary", "regression", "multiclass")) {
      List<MetricResult> results = grouped(predictions, task, false, 0);
      assertThat(results).noneMatch(MetricResult::isOverall);
      List<String> values = results.stream().map(r -> r.sliceColumn() + "=" + r.sliceValue()).distinct().toList();
      assertThat(values).as(task).containsExactly("plan=__null__", "plan=basic", "plan=plus", "plan=pro",
          "region=0", "region=1", "region=2", "region=3", "region=7");
      for (String slice : values) {
        String[] cv = slice.split("=", 2);
        List<MetricResult> mine = results.stream().filter(r -> slice.equals(r.sliceColumn() + "=" + r.sliceValue()))
            .toList();
        Column filter = cv[1].equals(GroupedMetrics.NULL_SLICE_VALUE) ? col(cv[0]).isNull()
            : col(cv[0]).cast("string").equalTo(lit(cv[1]));
        Dataset<Row> rows = predictions.filter(filter);
        long n = rows.count();
        assertThat(mine).allMatch(r -> r.nRows() == n);
        if (n < 50) {
          assertThat(mine).as("%s %s", task, slice).allMatch(r -> r.value().status().equals(MetricValue.TOO_SMALL));
        } else {
          assertThat(mine.stream().map(MetricResult::value).toList()).as("%s %s", task, slice)
              .isEqualTo(direct(rows, task));
        }
      }
    }
  }

  @Test
  void intervalsAreBitIdenticalForAnyPartitioningAndOrder() {
    for (String task : List.of("binary", "regression", "multiclass")) {
      List<MetricResult> expected = grouped(predictions, task, true, 12);
      assertThat(expected.stream().filter(MetricResult::isOverall).map(MetricResult::value).toList())
          .isEqualTo(direct(predictions, task));
      assertThat(expected).filteredOn(r -> r.value().isOk() && !r.value().metric().equals("n_rows"))
          .allMatch(r -> r.ciLow() != null);
      for (int partitions : new int[] {1, 3, 17}) {
        assertThat(grouped(shuffled(partitions), task, true, 12)).as("%s, %d partitions", task, partitions)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void multiclassMetricsAreBitIdenticalForAnyPartitioning() {
    List<MetricValue> expected = direct(predictions, "multiclass");
    assertThat(expected).allMatch(MetricValue::isOk);
    for (int partitions : new int[] {1, 3, 17}) {
      assertThat(direct(shuffled(partitions), "multiclass")).as("%d partitions", partitions).isEqualTo(expected);
    }
  }

  @Test
  void rocAucIntervalBracketsItsValue() {
    List<MetricResult> results = grouped(predictions, "binary", true, 60);
    for (MetricResult r : results) {
      if (r.value().metric().equals("roc_auc") && r.value().isOk()) {
        assertThat(r.ciLow()).as("%s=%s", r.sliceColumn(), r.sliceValue()).isLessThanOrEqualTo(r.value().value());
        assertThat(r.ciHigh()).isGreaterThanOrEqualTo(r.value().value()).isLessThan(r.ciLow() + 0.2);
      }
    }
    assertThat(results).filteredOn(r -> r.isOverall() && r.value().metric().equals("roc_auc")).singleElement()
        .satisfies(r -> assertThat(r.ciHigh() - r.ciLow()).isBetween(0.005, 0.1));
  }

  /**
   * {@code metrics.max_slice_values}: a column with exactly the cap of values (plan: basic, plus, pro
   * and null) passes; one value over the cap is exit 2 naming the column, its count and the key.
   */
  @Test
  void aSliceColumnWithMoreValuesThanTheCapIsAUsageError() {
    GroupedMetrics.checkSliceValues(predictions, List.of("plan", "region"), 5);
    GroupedMetrics.checkSliceValues(predictions, List.of(), 1);
    assertThatThrownBy(() -> GroupedMetrics.checkSliceValues(predictions, List.of("region", "plan"), 4))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("Cannot compute metrics per slice of column 'region': it holds 5 distinct values, more than "
            + "metrics.max_slice_values = 4; slice by a column with fewer values (or derive a coarser one), or "
            + "raise metrics.max_slice_values");
    assertThatThrownBy(() -> GroupedMetrics.checkSliceValues(predictions, List.of("plan", "id"), 4))
        .hasMessageStartingWith("Cannot compute metrics per slice of column 'id': it holds 4000 distinct values, "
            + "more than metrics.max_slice_values = 4;");
  }
}
