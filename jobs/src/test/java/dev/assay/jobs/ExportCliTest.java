package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import dev.assay.scorer.PackageException;
import dev.assay.scorer.PackageFiles;
import dev.assay.scorer.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} through the CLI: the package's Spark-free scorer gives Assay's {@code score} output bit for bit on
 * every row of an evaluation table (not only the golden rows), with and without a feature pipeline; and the bad
 * paths. Multiclass and regression models: ExportTasksCliTest.
 */
@Tag("slow") // four trains and five exports, about a minute with the other test JVM busy: CI runs it; the default
// suite keeps the package format, its refusals and the server on a package made without Spark (scorer module)
class ExportCliTest extends CliWarehouseTest {
  static final String SPEC = ServeCliTest.SPEC;

  @TempDir
  static Path out;

  @BeforeAll
  static void models() {
    demoTables();
    ok("train", "--spec", SPEC, "--set", "model.params.num_round=12");
    ok("train", "--spec", ServeCliTest.SPECS.resolve("demo-xgb-features.yaml").toString(), "--set",
        "model.params.num_round=10");
  }

  @Test
  void featurePipelinePackageScoresEveryEvaluationRowAsSparkDoes() {
    Manifest m = assertEqualsSparkScores("churn-xgb-features:1", "demo/eval@1", "features");
    assertThat(m.features().derive()).extracting(Manifest.Derived::name).containsExactly("charge_per_month",
        "heavy_user");
    assertThat(m.features().steps()).hasSize(5);
    assertThat(m.inputs()).extracting(i -> i.name() + " " + i.type().sparkName() + " " + i.role().code())
        .containsExactly("tenure_months int numeric", "monthly_charges double numeric", "support_calls int numeric",
            "age int numeric", "usage_gb double numeric", "plan string categorical", "region string categorical",
            "payment_method string categorical", "total_charges double read");
  }

  @Test
  void binaryPackageScoresEveryEvaluationRowAsSparkDoes() {
    assertEqualsSparkScores("churn-xgb:1", "demo/eval@1", "churn");
  }

  static Manifest assertEqualsSparkScores(String model, String input, String name) {
    return assertEqualsSparkScores(out.resolve(name), model, input, name);
  }

  /** Exports {@code model} to {@code dir}; {@code score} and the package score {@code input} to the same bits. */
  static Manifest assertEqualsSparkScores(Path dir, String model, String input, String name) {
    ok("export", "--model", model, "--out", dir.toString());
    assertThat(dir.resolve(Manifest.FILE)).isRegularFile();
    ok("score", "--model", model, "--input", input, "--output", "scores/" + name);
    String table = input.substring(0, input.indexOf('@'));
    long version = Long.parseLong(input.substring(input.indexOf('@') + 1));
    try (ModelPackage p = ModelPackage.load(dir)) {
      List<String> inputs = p.manifest().inputs().stream().map(Manifest.Input::name).toList();
      List<Row> rows = spark.read().format("delta").option("versionAsOf", version)
          .load(warehouse.resolve(table).toString()).orderBy("customer_id").collectAsList();
      List<Map<String, Object>> requests = new ArrayList<>();
      for (Row r : rows) {
        Map<String, Object> values = new LinkedHashMap<>();
        inputs.forEach(c -> values.put(c, r.getAs(c)));
        requests.add(values);
      }
      List<Prediction> packaged = p.predictBatch(requests);
      Map<Object, Row> spark = new HashMap<>();
      table("scores/" + name).collectAsList().forEach(r -> spark.put(r.getAs("customer_id"), r));
      assertThat(spark).hasSize(rows.size());
      int differing = 0;
      for (int i = 0; i < rows.size(); i++) {
        Row s = spark.get(rows.get(i).getAs("customer_id"));
        Prediction expected = new Prediction(s.getDouble(s.fieldIndex("prediction")),
            s.isNullAt(s.fieldIndex("probability")) ? null : s.getDouble(s.fieldIndex("probability")),
            List.of(s.schema().fieldNames()).contains("probabilities") ? s.getList(s.fieldIndex("probabilities"))
                : null);
        if (!expected.sameBits(packaged.get(i))) {
          differing++;
        }
      }
      assertThat(differing).as("rows of %s whose packaged score differs from Spark's", input).isZero();
      assertThat(p.manifest().model().ref()).isEqualTo(model);
      assertThat(p.manifest().golden().rows()).isEqualTo(200);
      return p.manifest();
    }
  }

  @Test
  void anAlteredFileOrGoldenRowRefusesThePackage() throws Exception {
    Path dir = out.resolve("altered");
    ok("export", "--model", "churn-xgb:1", "--out", dir.toString(), "--golden-rows", "40");
    Path booster = dir.resolve("model/booster.json");
    byte[] original = Files.readAllBytes(booster);
    Files.writeString(booster, Files.readString(booster).replaceFirst("\"split_conditions\":\\[", "\"split_conditions\""
        + ":[1E0,"));
    assertThatThrownBy(() -> ModelPackage.load(dir)).isInstanceOf(PackageException.class)
        .hasMessageStartingWith("Cannot load the model package " + dir + ": model/booster.json has SHA-256 ")
        .hasMessageEndingWith("the file was altered after export. Export the model again.");
    CliRun.Result serve = run("serve", "--package", dir.toString(), "--port", "0");
    assertThat(serve.code()).isEqualTo(5);
    assertThat(serve.err()).contains("model/booster.json has SHA-256");
    Files.write(booster, original);

    // A golden row whose expected value is not what the model gives (e.g. a booster read by another runtime).
    Path golden = dir.resolve("golden.jsonl");
    List<String> lines = Files.readAllLines(golden);
    lines.set(2, lines.get(2).replaceFirst("\"probability\":0\\.", "\"probability\":0.1"));
    Files.write(golden, lines);
    String hash = PackageFiles.sha256(Files.readAllBytes(golden));
    Path manifest = dir.resolve(Manifest.FILE);
    Files.writeString(manifest, Files.readString(manifest).replaceFirst("(\"golden.jsonl\" : \")[0-9a-f]+", "$1"
        + hash));
    assertThatThrownBy(() -> ModelPackage.load(dir)).isInstanceOf(PackageException.class)
        .hasMessageStartingWith("Cannot use the model package of churn-xgb:1 with xgboost 3.4.0: it gives probability ")
        .hasMessageContaining("on golden row 3 where Assay's Spark score gave 0.1")
        .hasMessageContaining("(1 of 40 golden rows differ)");
  }

  @Test
  void badExportsAreUsageErrorsThatWriteNothing() throws Exception {
    Path taken = out.resolve("taken");
    Files.createDirectories(taken);
    Files.writeString(taken.resolve("keep.txt"), "x");
    CliRun.Result r = run("export", "--model", "churn-xgb:1", "--out", taken.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot export to " + taken + ": it exists and is not empty; a package is written "
        + "whole into a new directory (choose another --out, or remove the old package)");
    assertThat(Files.list(taken).toList()).containsExactly(taken.resolve("keep.txt"));

    CliRun.Result remote = run("export", "--model", "churn-xgb:1", "--out", "s3://bucket/pkg");
    assertThat(remote.code()).isEqualTo(2);
    assertThat(remote.err()).contains("Cannot export to s3://bucket/pkg: a package is written to a local directory");

    CliRun.Result rows = run("export", "--model", "churn-xgb:1", "--out", out.resolve("none").toString(),
        "--golden-rows", "0");
    assertThat(rows.code()).isEqualTo(2);
    assertThat(rows.err()).contains("Cannot export with --golden-rows 0: a package needs at least 1 golden row");
    assertThat(out.resolve("none")).doesNotExist();

    try (var leftovers = Files.list(out)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }
}
