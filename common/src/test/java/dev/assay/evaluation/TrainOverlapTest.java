package dev.assay.evaluation;

import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.data.Warehouse;
import dev.assay.ledger.EvalCell;
import dev.assay.metrics.MetricCodeVersion;
import dev.assay.metrics.MetricValue;
import dev.assay.run.JobContext;
import dev.assay.spark.SparkTestBase;
import dev.assay.spec.FeatureSpec;
import dev.assay.version.DataVersion;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leakage check on real Delta tables: exact counts by id and by row hash, and none without training data. */
class TrainOverlapTest extends SparkTestBase {
  static final FeatureSpec WITH_ID = FeatureSpec.of(List.of("x", "y"), List.of("c"), "label", null, "id");
  static final FeatureSpec NO_ID = FeatureSpec.of(List.of("x", "y"), List.of("c"), "label", null, null);
  static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType).add("x", DataTypes.DoubleType)
      .add("y", DataTypes.IntegerType).add("c", DataTypes.StringType).add("label", DataTypes.IntegerType);

  @TempDir
  Path dir;
  JobContext ctx;

  @BeforeEach
  void context() {
    ctx = new JobContext(spark, new Warehouse(dir.toString()), "ledger", "evaluate", Map.of(), Map.of());
  }

  static Row row(long id) {
    return RowFactory.create(id, id * 0.25, (int) (id % 7), "c" + id % 3, (int) (id % 2));
  }

  static List<Row> rows(long from, long to) {
    List<Row> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(row(i));
    }
    return out;
  }

  DataVersion write(String table, List<Row> rows, StructType schema, String mode) {
    String path = dir.resolve(table).toString();
    spark.createDataFrame(rows, schema).write().format("delta").mode(mode).save(path);
    long version = DeltaTable.forPath(spark, path).history(1).first().getLong(0);
    return ctx.inputs().pin(table, table, version, null);
  }

  Dataset<Row> read(String table) {
    return spark.read().format("delta").load(dir.resolve(table).toString());
  }

  /**
   * What the metric pass reports of {@code data}: its row count, and with a {@link EvaluateModel#TALLY}
   * column the count of its ones (the pass's own counting is tested in {@code GroupedMetricsTest}).
   */
  static EvaluateModel.Evaluation evaluation(Dataset<Row> data) {
    boolean tallied = Arrays.asList(data.columns()).contains(EvaluateModel.TALLY);
    return new EvaluateModel.Evaluation(EvaluateModel.Evaluation.overallOnly(List.of(MetricValue.ok("roc_auc", 0.75),
        MetricValue.ok("n_rows", data.count()))).results(), null,
        tallied ? data.agg(sum(EvaluateModel.TALLY)).head().getLong(0) : null);
  }

  List<MetricValue> measure(TrainOverlap check, Dataset<Row> eval) {
    return measure(check, eval, new ArrayList<>());
  }

  /** As above; {@code seen} receives the data the evaluation was given (with the probe when folded). */
  List<MetricValue> measure(TrainOverlap check, Dataset<Row> eval, List<Dataset<Row>> seen) {
    EvalCell cell = new EvalCell("holdout", "eval", ctx.inputs().pin("eval:holdout", "eval", null, null), null,
        MetricCodeVersion.current());
    return check.measure(ctx, cell, eval, d -> {
      seen.add(d);
      return evaluation(d);
    }).overall();
  }

  static boolean folded(List<Dataset<Row>> seen) {
    return Arrays.asList(seen.get(0).columns()).contains(EvaluateModel.TALLY);
  }

  @Test
  void disjointDataHasNoOverlap() {
    DataVersion train = write("train", rows(0, 100), SCHEMA, "overwrite");
    write("eval", rows(100, 150), SCHEMA, "overwrite");
    assertThat(measure(new TrainOverlap("m:1", List.of(train), WITH_ID), read("eval")))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 0), MetricValue.ok(TrainOverlap.SHARE, 0.0));
    assertThat(measure(new TrainOverlap("m:1", List.of(train), NO_ID), read("eval")))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 0));
  }

  @Test
  void anAppendedHoldoutIsCountedRowForRow() {
    write("train", rows(0, 100), SCHEMA, "overwrite");
    write("eval", rows(100, 130), SCHEMA, "overwrite");
    // The pipeline re-ingests everything: the holdout lands in the training table's next version.
    DataVersion leaked = write("train", rows(100, 130), SCHEMA, "append");
    assertThat(leaked.version()).isEqualTo(1);
    Dataset<Row> eval = read("eval");
    List<MetricValue> byId = new ArrayList<>();
    String log = stderrOf(() -> byId.addAll(measure(new TrainOverlap("m:2", List.of(leaked), WITH_ID), eval)));
    assertThat(log).contains("warning: m:2 on holdout = eval v0: 30 of 30 evaluation row(s) (100.00%) also occur in "
        + "its training data " + dir.resolve("train") + " v1; its metrics on this cell are not a fair holdout measure");
    assertThat(byId).containsSubsequence(MetricValue.ok("n_rows", 30), MetricValue.ok(TrainOverlap.ROWS, 30),
        MetricValue.ok(TrainOverlap.SHARE, 1.0));
    assertThat(measure(new TrainOverlap("m:2", List.of(leaked), NO_ID), eval))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 30));
    // A filtered cell counts its own rows only; the share is exactly rows / n_rows.
    Dataset<Row> part = eval.where("id < 110").union(read("train").where("id < 7"));
    assertThat(measure(new TrainOverlap("m:2", List.of(leaked), WITH_ID), part))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 17), MetricValue.ok(TrainOverlap.SHARE, 17.0 / 17));
  }

  @Test
  void withoutAnIdExactDuplicatesCountAndNearDuplicatesDoNot() {
    DataVersion train = write("train", rows(0, 50), SCHEMA, "overwrite");
    List<Row> eval = new ArrayList<>(rows(200, 210));
    eval.add(row(3));
    eval.add(row(3));  // the same training row twice: two evaluation rows seen in training
    eval.add(row(4));
    Row near = row(5);
    eval.add(RowFactory.create(5L, near.getDouble(1) + 1e-9, near.get(2), near.get(3), near.get(4)));
    eval.add(RowFactory.create(999L, row(6).get(1), row(6).get(2), row(6).get(3), row(6).get(4)));
    write("eval", eval, SCHEMA, "overwrite");
    List<MetricValue> values = measure(new TrainOverlap("m:1", List.of(train), NO_ID), read("eval"));
    // Rows 3, 3, 4 and the row with another id but training row 6's features and label; not the near copy of 5.
    assertThat(values).contains(MetricValue.ok(TrainOverlap.ROWS, 4), MetricValue.ok(TrainOverlap.SHARE, 4.0 / 15));
    // By id the near copy of row 5 is the same row and the re-keyed copy of row 6 is not.
    assertThat(measure(new TrainOverlap("m:1", List.of(train), WITH_ID), read("eval")))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 4));
  }

  @Test
  void theShuffledJoinAboveTheBroadcastBoundCountsTheSameRows() {
    write("train", rows(0, 100), SCHEMA, "overwrite");
    DataVersion leaked = write("train", rows(100, 130), SCHEMA, "append");
    List<Row> eval = new ArrayList<>(rows(120, 160));
    eval.add(row(3));
    eval.add(row(3));
    write("eval", eval, SCHEMA, "overwrite");
    for (FeatureSpec features : List.of(WITH_ID, NO_ID)) {
      TrainOverlap check = new TrainOverlap("m:2", List.of(leaked), features);
      // Without a size-based broadcast either (the tables are tiny), so the semi join shuffles both sides.
      String threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
      try {
        assertThat(check.count(ctx, read("eval"), 0)).as("shuffled, %s", features.id()).isEqualTo(12);
      } finally {
        spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
      }
      assertThat(check.count(ctx, read("eval"), TrainOverlap.MAX_BROADCAST_KEYS)).as("broadcast").isEqualTo(12);
      assertThat(check.probeCount(ctx, read("eval"))).as("probed in the scan").isEqualTo(12);
    }
  }

  @Test
  void integralIdsAndRowHashesAreProbedWhileScoringAndOtherIdsAreSemiJoined() {
    StructType textIds = new StructType().add("id", DataTypes.StringType).add("x", DataTypes.DoubleType)
        .add("y", DataTypes.IntegerType).add("c", DataTypes.StringType).add("label", DataTypes.IntegerType);
    DataVersion train = write("train", rows(0, 40), SCHEMA, "overwrite");
    write("eval", rows(30, 50), SCHEMA, "overwrite");
    for (FeatureSpec features : List.of(WITH_ID, NO_ID)) {
      List<Dataset<Row>> seen = new ArrayList<>();
      assertThat(measure(new TrainOverlap("m:1", List.of(train), features), read("eval"), seen))
          .contains(MetricValue.ok(TrainOverlap.ROWS, 10), MetricValue.ok(TrainOverlap.SHARE, 0.5));
      assertThat(folded(seen)).as("probed, id %s", features.id()).isTrue();
    }
    DataVersion textTrain = write("text_train", rows(0, 40).stream().map(TrainOverlapTest::textId).toList(), textIds,
        "overwrite");
    write("text_eval", rows(30, 50).stream().map(TrainOverlapTest::textId).toList(), textIds, "overwrite");
    List<Dataset<Row>> seen = new ArrayList<>();
    assertThat(measure(new TrainOverlap("m:1", List.of(textTrain), WITH_ID), read("text_eval"), seen))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 10));
    assertThat(folded(seen)).as("a string id is semi-joined").isFalse();
  }

  static Row textId(Row r) {
    return RowFactory.create("k" + r.getLong(0), r.get(1), r.get(2), r.get(3), r.get(4));
  }

  @Test
  void eachTrainingVersionsKeysAreCachedOnceAndACacheThatDoesNotVerifyIsComputedAgain() throws IOException {
    DataVersion train = write("train", rows(0, 100), SCHEMA, "overwrite");
    write("eval", rows(90, 120), SCHEMA, "overwrite");
    TrainOverlap check = new TrainOverlap("m:1", List.of(train), NO_ID);
    String first = stderrOf(() -> assertThat(measure(check, read("eval"))).contains(MetricValue.ok(TrainOverlap.ROWS,
        10)));
    assertThat(first).contains("cached 100 training key(s) of " + dir.resolve("train") + " v0");
    List<Path> files = cacheFiles();
    assertThat(files).hasSize(1);
    assertThat(files.get(0).toString()).contains("/ledger/training_keys/" + train.tableId() + "/0/");
    assertThat(Files.size(files.get(0))).as("8 bytes a key, a header, a SHA-256").isBetween(800L + 32, 800L + 200);
    String again = stderrOf(() -> assertThat(measure(check, read("eval"))).contains(MetricValue.ok(TrainOverlap.ROWS,
        10)));
    assertThat(again).doesNotContain("training key");

    // One changed byte: reported, ignored, computed and written again; the count stays exact. Without the local
    // file system's own checksum file (other file systems keep none), the file's SHA-256 is what catches it.
    byte[] bytes = Files.readAllBytes(files.get(0));
    bytes[bytes.length / 2] ^= 1;
    Files.write(files.get(0), bytes);
    Files.deleteIfExists(files.get(0).resolveSibling("." + files.get(0).getFileName() + ".crc"));
    String altered = stderrOf(() -> assertThat(measure(check, read("eval"))).contains(MetricValue.ok(TrainOverlap.ROWS,
        10)));
    assertThat(altered).contains("note: the cached training keys ").contains(" do not verify (its SHA-256 does not "
        + "match its content); computing them again").contains("cached 100 training key(s)");

    // A whole, verifying file of another version is not taken for this one.
    DataVersion next = write("train", rows(100, 110), SCHEMA, "append");
    Path nextFile = Path.of(files.get(0).toString().replace("/0/", "/1/"));
    Files.createDirectories(nextFile.getParent());
    Files.copy(files.get(0), nextFile);
    String other = stderrOf(() -> assertThat(measure(new TrainOverlap("m:2", List.of(next), NO_ID), read("eval")))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 20)));
    assertThat(other).contains("do not verify (it holds the keys of another table, version or key definition)")
        .contains("cached 110 training key(s) of " + dir.resolve("train") + " v1");
  }

  @Test
  void aCacheThatCannotBeWrittenIsANoteAndTheCountStillExact() throws IOException {
    DataVersion train = write("train", rows(0, 20), SCHEMA, "overwrite");
    write("eval", rows(10, 30), SCHEMA, "overwrite");
    Files.createDirectories(dir.resolve("ledger"));
    Files.writeString(dir.resolve("ledger/training_keys"), "not a directory");
    String log = stderrOf(() -> assertThat(measure(new TrainOverlap("m:1", List.of(train), WITH_ID), read("eval")))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 10)));
    assertThat(log).contains("note: cannot cache the training keys of " + dir.resolve("train") + " v0 at ");
  }

  List<Path> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".keys")).toList();
    }
  }

  @Test
  void valuesAreComparedInTheEvaluationTablesTypes() {
    StructType narrow = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
        .add("y", DataTypes.IntegerType).add("c", DataTypes.StringType).add("label", DataTypes.IntegerType);
    List<Row> trainRows = new ArrayList<>();
    for (Row r : rows(0, 20)) {
      trainRows.add(RowFactory.create((int) r.getLong(0), r.get(1), r.get(2), r.get(3), r.get(4)));
    }
    DataVersion train = write("train", trainRows, narrow, "overwrite");
    write("eval", rows(15, 25), SCHEMA, "overwrite");
    assertThat(measure(new TrainOverlap("m:1", List.of(train), WITH_ID), read("eval")))
        .contains(MetricValue.ok(TrainOverlap.ROWS, 5));
  }

  @Test
  void trainingDataThatIsGoneLeavesTheOverlapUndefinedWithAWarning() throws IOException {
    DataVersion train = write("train", rows(0, 10), SCHEMA, "overwrite");
    write("eval", rows(0, 10), SCHEMA, "overwrite");
    try (Stream<Path> files = Files.walk(dir.resolve("train"))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    List<MetricValue> values = new ArrayList<>();
    String log = stderrOf(() -> values.addAll(measure(new TrainOverlap("m:1", List.of(train), WITH_ID),
        read("eval"))));
    assertThat(values).contains(MetricValue.undefined(TrainOverlap.ROWS), MetricValue.undefined(TrainOverlap.SHARE));
    assertThat(log).contains("warning: m:1 on holdout = eval v0: its training data " + dir.resolve("train")
        + " v0 can no longer be read (");
  }

  /** What {@code body} wrote to stderr (where step lines go). */
  static String stderrOf(Runnable body) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aModelWithoutTrainingDataGetsNoOverlapMetric() {
    write("eval", rows(0, 10), SCHEMA, "overwrite");
    assertThat(measure(new TrainOverlap("imported:1", List.of(), WITH_ID), read("eval")))
        .extracting(MetricValue::metric).containsExactly("roc_auc", "n_rows");
  }
}
