package dev.assay.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a package checks it whole; a loaded package scores rows and refuses bad ones with the column. */
class ModelPackageTest {
  @TempDir
  Path dir;

  static Map<String, Object> row(Object tenure, Object charges, Object plan) {
    Map<String, Object> r = new HashMap<>();
    r.put("tenure", tenure);
    r.put("charges", charges);
    r.put("plan", plan);
    return r;
  }

  @Test
  void aLoadedPackageScoresItsGoldenRowsAndAnyBatchTheSame() throws Exception {
    TinyPackage.write(dir);
    List<GoldenRow> golden = PackageFiles.readGolden(dir, new Manifest.Golden("golden.jsonl", 20, null, null, null));
    try (ModelPackage p = ModelPackage.load(dir)) {
      assertThat(p.manifest().model().ref()).isEqualTo("tiny:1");
      List<Prediction> batch = p.predictBatch(golden.stream().map(GoldenRow::row).toList());
      for (int i = 0; i < golden.size(); i++) {
        assertThat(batch.get(i).sameBits(golden.get(i).expected())).as("row %d", i).isTrue();
        assertThat(p.predict(golden.get(i).row()).sameBits(batch.get(i))).as("row %d alone", i).isTrue();
      }
      // JSON numbers of any width are read as the column's type: 6 as a long, 2.5 as a float-free double.
      assertThat(p.predict(row(6L, 2.5, "basic")).sameBits(p.predict(row(6, 2.5d, "basic")))).isTrue();
      assertThat(p.predict(row(6.0, 2.5, "basic")).sameBits(p.predict(row(6, 2.5, "basic")))).isTrue();
      assertThat(p.predict(row(null, null, null)).probability()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void badRowsNameTheColumnAndTheReason() throws Exception {
    TinyPackage.write(dir);
    try (ModelPackage p = ModelPackage.load(dir)) {
      Map<String, Object> missing = row(1, 2.0, "basic");
      missing.remove("plan");
      assertBadRow(p, missing, "plan", "Cannot score the row: column plan is missing (the model reads [tenure, "
          + "charges, plan]; send null for a missing value).");
      assertBadRow(p, row("x", 2.0, "basic"), "tenure", "Cannot score the row: column tenure is an integer column "
          + "(int); got the string \"x\".");
      assertBadRow(p, row(1.5, 2.0, "basic"), "tenure", "Cannot score the row: column tenure is an integer column "
          + "(int); got double 1.5.");
      assertBadRow(p, row(3_000_000_000L, 2.0, "basic"), "tenure", "Cannot score the row: column tenure is a int "
          + "column; 3000000000 is out of its range [-2147483648, 2147483647].");
      assertBadRow(p, row(1, "cheap", "basic"), "charges", "Cannot score the row: column charges is a double column; "
          + "got the string \"cheap\" (NaN and infinities as the strings \"NaN\", \"Infinity\", \"-Infinity\").");
      assertBadRow(p, row(1, 2.0, 7), "plan", "Cannot score the row: column plan is a string column; got integer 7.");
    }
  }

  private static void assertBadRow(ModelPackage p, Map<String, Object> row, String column, String message) {
    assertThatThrownBy(() -> p.predict(row)).isInstanceOfSatisfying(PackageException.class, e -> {
      assertThat(e.kind()).isEqualTo(PackageException.Kind.BAD_ROW);
      assertThat(e.column()).isEqualTo(column);
    }).hasMessage(message);
  }

  @Test
  void anAlteredOrMissingFileIsNotReproduced() throws Exception {
    TinyPackage.write(dir);
    Path booster = dir.resolve("model/booster.json");
    String expected = PackageFiles.sha256(Files.readAllBytes(booster));
    Files.writeString(booster, Files.readString(booster) + " ");
    String actual = PackageFiles.sha256(Files.readAllBytes(booster));
    assertRefused(PackageException.Kind.NOT_REPRODUCED, "Cannot load the model package " + dir + ": "
        + "model/booster.json has SHA-256 " + actual + ", the manifest records " + expected + "; the file was altered "
        + "after export. Export the model again.");
    Files.delete(booster);
    assertRefused(PackageException.Kind.NOT_REPRODUCED, "Cannot load the model package " + dir + ": "
        + "model/booster.json is listed in the manifest but missing. Copy the whole package directory, or export the "
        + "model again.");
  }

  @Test
  void anOlderRuntimeOrAnotherSchemaIsRefused() throws Exception {
    TinyPackage.write(dir);
    TinyPackage.editManifest(dir, m -> m.replace("\"min_version\" : \"3.1.0\"", "\"min_version\" : \"3.10.0\""));
    assertRefused(PackageException.Kind.NOT_REPRODUCED, "Cannot score with xgboost 3.4.0: the package needs xgboost "
        + ">= 3.10.0 (vector intercept). Use a newer xgboost.");
    TinyPackage.editManifest(dir, m -> m.replace("\"schema_version\" : 1", "\"schema_version\" : 2"));
    assertRefused(PackageException.Kind.USAGE, "Cannot read the package manifest: schema_version is 2; this scorer "
        + "reads version 1 (export the model again with the Assay that ships this scorer, or use a matching one).");
    TinyPackage.editManifest(dir, m -> m.replace("\"schema_version\" : 2,", "\"schema_version\" : 1,")
        .replaceFirst("\"golden\" : \\{[^}]*}", "\"nothing\" : 0"));
    assertRefused(PackageException.Kind.USAGE, "Cannot read the package manifest: golden is missing.");
    assertThatThrownBy(() -> ModelPackage.load(dir.resolve("model"))).isInstanceOf(PackageException.class)
        .hasMessage("Cannot load a model package from " + dir.resolve("model") + ": it has no manifest.json. Point to "
            + "a directory written by `assay export`.");
  }

  @Test
  void goldenRowsPlaceADifferenceInThePipelineOrTheRuntime() throws Exception {
    TinyPackage.write(dir);
    Path golden = dir.resolve("golden.jsonl");
    List<String> lines = Files.readAllLines(golden);
    List<String> original = List.copyOf(lines);
    lines.set(3, lines.get(3).replaceFirst("\"probability\":0\\.", "\"probability\":0.9"));
    rewriteGolden(lines);
    assertThatThrownBy(() -> ModelPackage.load(dir)).isInstanceOfSatisfying(PackageException.class, e ->
        assertThat(e.kind()).isEqualTo(PackageException.Kind.NOT_REPRODUCED))
        .hasMessageStartingWith("Cannot use the model package of tiny:1 with xgboost 3.4.0: it gives probability ")
        .hasMessageContaining(" on golden row 4 where Assay's Spark score gave 0.9")
        .hasMessageEndingWith("(1 of 20 golden rows differ). The runtime does not read the model as it was trained; "
            + "use the runtime versions in the manifest's `runtimes`.");

    lines = new ArrayList<>(original);
    lines.set(0, lines.get(0).replaceFirst("\"features\":\\[0\\.0,", "\"features\":[5.0,"));
    rewriteGolden(lines);
    assertThatThrownBy(() -> ModelPackage.load(dir)).isInstanceOf(PackageException.class)
        .hasMessage("Cannot use the model package of tiny:1: its feature pipeline gives tenure = 0.0 on golden row 1 "
            + "where Assay's Spark pipeline gave 5.0 (1 of 20 golden rows differ). The package's feature section and "
            + "this scorer disagree; export the model again with the Assay that ships this scorer.");
  }

  private void rewriteGolden(List<String> lines) throws Exception {
    Path golden = dir.resolve("golden.jsonl");
    String before = PackageFiles.sha256(Files.readAllBytes(golden));
    Files.write(golden, lines);
    String after = PackageFiles.sha256(Files.readAllBytes(golden));
    TinyPackage.editManifest(dir, m -> m.replace(before, after));
  }

  private void assertRefused(PackageException.Kind kind, String message) {
    assertThatThrownBy(() -> ModelPackage.load(dir)).isInstanceOfSatisfying(PackageException.class, e ->
        assertThat(e.kind()).isEqualTo(kind)).hasMessage(message);
  }
}
