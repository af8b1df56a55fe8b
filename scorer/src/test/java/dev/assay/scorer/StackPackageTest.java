package dev.assay.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack package without Spark: a base package's output becomes a meta-feature column of the row the meta package
 * scores. Both parts are {@link TinyPackage}s; the meta package reads its {@code charges} input from the base's
 * class-1 probability (a meta-feature may take any input's place) and the other inputs from the row (passthrough).
 * The stack's golden rows are made here from the parts loaded on their own, so loading the stack checks the
 * composition against an independent computation. Spark's stacks, bit for bit, are tested in StackCliTest.
 */
class StackPackageTest {
  private static final String BASE = "members/01-tiny-1";

  @TempDir
  Path dir;

  /** Writes the stack package into {@code dir}: the golden rows are the tiny package's, scored part by part. */
  private void writeStack() throws Exception {
    TinyPackage.write(dir.resolve(BASE));
    TinyPackage.write(dir.resolve("meta"));
    Manifest tiny = PackageFiles.readManifest(dir.resolve(BASE));
    List<GoldenRow> golden = new ArrayList<>();
    try (ModelPackage base = ModelPackage.load(dir.resolve(BASE));
        ModelPackage meta = ModelPackage.load(dir.resolve("meta"))) {
      for (GoldenRow g : PackageFiles.readGolden(dir.resolve(BASE), tiny.golden())) {
        golden.add(new GoldenRow(g.row(), null, meta.predict(metaRow(g.row(), base.predict(g.row())))));
      }
    }
    PackageFiles.writeGolden(dir.resolve("golden.jsonl"), golden);
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(f).toString(), PackageFiles.sha256(Files.readAllBytes(f)));
      }
    }
    String hash = tiny.model().modelHash();
    Manifest m = new Manifest(Manifest.SCHEMA_VERSION, new Manifest.ModelInfo("tiny-stack", 1, "tiny-stack:1",
        "stack-hash", Manifest.Algorithm.STACK, Manifest.Task.BINARY, "", "cpu", null), tiny.output(),
        tiny.inputs(), new Manifest.Features(null, null, null, null, null, List.of()), "each member's own",
        tiny.lineage(), List.of(), files, new Manifest.Golden("golden.jsonl", golden.size(), "tiny", 0L, "test"),
        List.of(new Manifest.Member(BASE, "tiny:1", hash)), new Manifest.Stack(new Manifest.Member("meta",
        "tiny-stack.meta:1", hash), List.of(new Manifest.MetaFeature("charges", BASE,
        Manifest.OutputField.PROBABILITY, null)), true));
    Files.write(dir.resolve(Manifest.FILE), PackageFiles.manifestBytes(m));
  }

  private static Map<String, Object> metaRow(Map<String, Object> row, Prediction base) {
    Map<String, Object> out = new LinkedHashMap<>(row);
    out.put("charges", base.probability());
    return out;
  }

  @Test
  void aStackScoresItsMetaPackageOverItsBasesOutputs() throws Exception {
    writeStack();
    try (ModelPackage stack = ModelPackage.load(dir);
        ModelPackage base = ModelPackage.load(dir.resolve(BASE));
        ModelPackage meta = ModelPackage.load(dir.resolve("meta"))) {
      List<Map<String, Object>> rows = List.of(ModelPackageTest.row(12, 80.5, "basic"),
          ModelPackageTest.row(null, "NaN", "premium"), ModelPackageTest.row(40, 3.0, null));
      List<Prediction> batch = stack.predictBatch(rows);
      for (int i = 0; i < rows.size(); i++) {
        Prediction expected = meta.predict(metaRow(rows.get(i), base.predict(rows.get(i))));
        assertThat(batch.get(i).sameBits(expected)).as("row %d", i).isTrue();
        assertThat(stack.predict(rows.get(i)).sameBits(expected)).as("row %d alone", i).isTrue();
      }
      assertThatThrownBy(() -> stack.predict(ModelPackageTest.row(12, "many", "basic")))
          .isInstanceOf(PackageException.class).hasMessageContaining("charges");
    }
  }

  @Test
  void aStackWhoseMetaPackageHoldsAnotherModelOrWhoseStructureIsBrokenIsRefused() throws Exception {
    writeStack();
    String hash = PackageFiles.readManifest(dir.resolve("meta")).model().modelHash();
    String other = "0" + hash.substring(1);
    edit(m -> ((ObjectNode) m.get("stack").get("meta")).put("model_hash", other));
    assertRefused("Cannot read the package manifest: stack.meta.model_hash is " + other + ", but the package in "
        + "meta holds model_hash " + hash + ".");
    edit(m -> ((ObjectNode) m.get("stack").get("meta")).put("model_hash", hash));
    edit(m -> ((ObjectNode) m.get("stack").get("features").get(0)).put("member", "members/x"));
    assertRefused("Cannot read the package manifest: stack.features[charges].member is members/x, which is not the "
        + "dir of any of members [" + BASE + "].");
    edit(m -> ((ObjectNode) m.get("stack").get("features").get(0)).put("member", BASE).put("field",
        "probabilities"));
    assertRefused("Cannot read the package manifest: stack.features[charges].class_index must be set for the field "
        + "probabilities, and only for it.");
    edit(m -> ((ObjectNode) m).remove("stack"));
    assertRefused("Cannot read the package manifest: stack is missing; a stack package names its meta model and "
        + "meta-features.");
    edit(m -> ((ObjectNode) m).putArray("members"));
    assertRefused("Cannot read the package manifest: members is empty; an ensemble_mean or stack package lists its "
        + "member packages.");
  }

  /** Rewrites the stack's manifest with {@code change} applied to its JSON tree. */
  private void edit(Consumer<JsonNode> change) throws Exception {
    Path f = dir.resolve(Manifest.FILE);
    JsonNode m = PackageFiles.json().readTree(f.toFile());
    change.accept(m);
    Files.write(f, PackageFiles.json().writeValueAsBytes(m));
  }

  private void assertRefused(String message) {
    assertThatThrownBy(() -> ModelPackage.load(dir)).isInstanceOf(PackageException.class).hasMessage(message);
  }
}
