package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecLoaderTest {
  static final Path DEMO = Path.of("..", "conf", "specs", "demo-xgb.yaml");

  static final String BASE = """
      model:
        name: m1
      features:
        numeric: [a, b]
        label: y
      data:
        train: {table: t, version: 0}
      """;

  static JobSpec parse(String yaml, String... overrides) {
    return SpecLoader.parse(yaml, "x.yaml", List.of(overrides));
  }

  static void assertUsage(String yaml, List<String> overrides, String message) {
    assertThatThrownBy(() -> SpecLoader.parse(yaml, "x.yaml", overrides))
        .isInstanceOf(AssayException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE));
  }

  static void assertUsage(String yaml, String message) {
    assertUsage(yaml, List.of(), message);
  }

  /** BASE with the line {@code model:\n  name: m1} followed by {@code extra} model lines. */
  static String withModel(String extra) {
    return BASE.replace("  name: m1\n", "  name: m1\n" + extra.indent(2));
  }

  // ------------------------------------------------------------ loading

  @Test
  void demoSpecLoads() {
    JobSpec spec = SpecLoader.load(DEMO, List.of());

    ModelSpec model = spec.model();
    assertThat(model.name()).isEqualTo("churn-xgb");
    assertThat(model.algorithm()).isEqualTo(Algorithm.XGBOOST);
    assertThat(model.task()).isEqualTo(Task.BINARY);
    assertThat(model.params()).containsExactly(
        entry("num_round", 60), entry("max_depth", 4), entry("eta", 0.15),
        entry("objective", "binary:logistic"), entry("eval_metric", "logloss"),
        entry("tree_method", "hist"), entry("subsample", 1.0));
    assertThat(model.seed()).isEqualTo(42L);
    assertThat(model.numWorkers()).isEqualTo(1);
    assertThat(model.device()).isEqualTo("cpu");

    FeatureSpec features = spec.features();
    assertThat(features.numeric()).containsExactly(
        "tenure_months", "monthly_charges", "total_charges", "support_calls", "age", "usage_gb");
    assertThat(features.categorical()).containsExactly("plan", "region", "payment_method");
    assertThat(features.label()).isEqualTo("churned");
    assertThat(features.id()).isEqualTo("customer_id");
    assertThat(features.weight()).isNull();
    assertThat(features.featureColumns()).hasSize(9).startsWith("tenure_months").endsWith("payment_method");

    assertThat(spec.data().train()).isEqualTo(new TableRef("demo/train", 0L, null));
    assertThat(spec.data().eval()).containsExactly(
        entry("holdout", new TableRef("demo/eval", 0L, null)),
        entry("recent", new TableRef("demo/eval", 1L, null)));
    assertThat(spec.metrics().threshold()).isEqualTo(0.5);
    assertThat(spec.ledger().root()).isEqualTo("ledger");
  }

  @Test
  void defaultsAreFilled() {
    JobSpec spec = parse(BASE);

    assertThat(spec.model()).isEqualTo(new ModelSpec("m1", Algorithm.XGBOOST, Task.BINARY, Map.of(), 0L, 1, "cpu"));
    assertThat(spec.features()).isEqualTo(FeatureSpec.of(List.of("a", "b"), List.of(), "y", null, null));
    assertThat(spec.data().train()).isEqualTo(new TableRef("t", 0L, null));
    assertThat(spec.data().eval()).isEmpty();
    assertThat(spec.metrics()).isEqualTo(MetricsSpec.DEFAULT);
    assertThat(spec.metrics().threshold()).isEqualTo(0.5);
    assertThat(spec.ledger()).isEqualTo(LedgerSpec.DEFAULT);
    assertThat(spec.ledger().root()).isEqualTo("ledger");
  }

  @Test
  void explicitNullMeansDefault() {
    JobSpec spec = parse(withModel("seed:\nnum_workers: ~\ndevice: null") + "metrics:\nledger: {root: null}\n");

    assertThat(spec).isEqualTo(parse(BASE));
  }

  @Test
  void evaluationOnlySpecAndPinnedTimestamps() {
    JobSpec spec = parse("""
        model: {name: m1, task: regression, num_workers: 4, device: cuda}
        features: {categorical: [c], label: y, weight: w, id: i}
        data:
          eval:
            z-last: {table: t, timestamp: "2026-11-01T10:00:00Z"}
            a_first: {table: t, timestamp: 2026-11-01T10:00:00}
            mid: {table: t, timestamp: 2026-11-01 10:00:00}
            day: {table: t, timestamp: 2026-11-01}
            latest: {table: t}
        """);

    assertThat(spec.data().train()).isNull();
    assertThat(spec.data().eval().keySet()).containsExactly("z-last", "a_first", "mid", "day", "latest");
    assertThat(spec.data().eval().get("day").timestamp()).isEqualTo("2026-11-01");
    assertThat(spec.data().eval().get("mid").timestamp()).isEqualTo("2026-11-01 10:00:00");
    assertThat(spec.data().eval().get("latest")).isEqualTo(TableRef.latest("t"));
    assertThat(spec.model().task()).isEqualTo(Task.REGRESSION);
    assertThat(spec.model().numWorkers()).isEqualTo(4);
    assertThat(spec.model().device()).isEqualTo("cuda");
    assertThat(spec.features().weight()).isEqualTo("w");
  }

  @Test
  void normalizedCollectionsAreImmutable() {
    JobSpec spec = parse(withModel("params: {eta: 0.1}") + "  eval: {h: {table: t}}\n");

    assertThat(spec.model().params()).isUnmodifiable();
    assertThat(spec.features().numeric()).isUnmodifiable();
    assertThat(spec.data().eval()).isUnmodifiable();
  }

  // ------------------------------------------------------------ errors: files and YAML

  @Test
  void malformedYamlNamesLineAndColumn() {
    assertUsage("model:\n  name: m1\n features: x\n",
        "Spec x.yaml: malformed YAML at line 3, column 2: expected <block end>, but found '<block mapping start>' "
            + "(while parsing a block mapping); fix the YAML syntax");
    assertUsage("model: [a\n",
        "Spec x.yaml: malformed YAML at line 1, column 10: expected ',' or ']', but got <stream end> "
            + "(while parsing a flow sequence); fix the YAML syntax");
    assertUsage(withModel("name: m2"),
        "Spec x.yaml: duplicate key 'model.name' at line 3, column 7: keep only one of them");
    assertUsage(BASE + "---\nfoo: 1\n",
        "Spec x.yaml: malformed YAML at line 9, column 1: there is more than one YAML document; keep one spec per file "
            + "(remove the '---' and what follows)");
  }

  @Test
  void missingFileIsAUsageError(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> SpecLoader.load(file, List.of()))
        .isInstanceOf(AssayException.class)
        .hasMessage("Spec " + file + ": file not found; check the path")
        .satisfies(e -> assertThat(((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    assertThatThrownBy(() -> SpecLoader.load(Path.of("no-such-dir/nope.yaml"), List.of()))
        .isInstanceOf(AssayException.class)
        .hasMessage("Spec no-such-dir/nope.yaml: file not found (looked for "
            + Path.of("no-such-dir/nope.yaml").toAbsolutePath() + "); check the path");
  }

  @Test
  void loadNamesTheFileInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("x.yaml");
    Files.writeString(file, withModel("max_dept: 3"));
    assertThatThrownBy(() -> SpecLoader.load(file, List.of()))
        .isInstanceOf(AssayException.class)
        .hasMessage("Spec " + file
            + ": unknown key 'model.max_dept' (known keys of model: name, algorithm, task, params, "
            + "seed, num_workers, device, stack, onnx)");
  }

  // ------------------------------------------------------------ overrides

  @Test
  void overrideValuesAreTypedYaml() {
    JobSpec spec = parse(BASE,
        "model.params.max_depth=4",
        "model.params.eta=0.1",
        "model.params.verbose=true",
        "model.params.objective=binary:logistic",
        "model.params.tag='7'",
        "model.seed=7",
        "data.train.timestamp=2026-11-01",
        "data.train.version=null");

    assertThat(spec.model().params()).containsExactly(
        entry("max_depth", 4), entry("eta", 0.1), entry("verbose", true),
        entry("objective", "binary:logistic"), entry("tag", "7"));
    assertThat(spec.model().seed()).isEqualTo(7L);
    assertThat(spec.data().train()).isEqualTo(new TableRef("t", null, "2026-11-01"));
  }

  @Test
  void overridesCreateMissingObjectsAndReplaceLists() {
    JobSpec spec = parse(BASE,
        "data.eval.recent.table=demo/eval",
        "data.eval.recent.version=3",
        "features.numeric=[c, d]",
        "features.categorical=[e]",
        "metrics.threshold=0.3",
        "ledger.root=other");

    assertThat(spec.data().eval()).containsExactly(entry("recent", new TableRef("demo/eval", 3L, null)));
    assertThat(spec.features().numeric()).containsExactly("c", "d");
    assertThat(spec.features().categorical()).containsExactly("e");
    assertThat(spec.metrics().threshold()).isEqualTo(0.3);
    assertThat(spec.ledger().root()).isEqualTo("other");
  }

  @Test
  void overridesApplyInOrderOnTheDemoSpec() {
    JobSpec spec = SpecLoader.load(DEMO, List.of(
        "model.params.max_depth=6", "model.params.max_depth=8", "data.eval.recent.version=3", "model.num_workers=2"));

    assertThat(spec.model().params()).containsEntry("max_depth", 8).containsEntry("num_round", 60);
    assertThat(spec.model().params().keySet()).startsWith("num_round", "max_depth", "eta");
    assertThat(spec.data().eval().get("recent")).isEqualTo(new TableRef("demo/eval", 3L, null));
    assertThat(spec.model().numWorkers()).isEqualTo(2);
  }

  /** Overrides as --set gives them: each names the key or the override that is wrong, as a file would. */
  static Stream<Arguments> badOverrides() {
    return Stream.of(
        // checked like the file
        Arguments.of("model.max_dept=4",
            "Spec x.yaml: unknown key 'model.max_dept' (known keys of model: name, algorithm, task, params, seed, "
                + "num_workers, device, stack, onnx)"),
        Arguments.of("model.num_workers=two",
            "Spec x.yaml: key 'model.num_workers' must be an integer, got \"two\""),
        Arguments.of("data.eval.holdout.version=3",
            "Spec x.yaml: missing required key 'data.eval.holdout.table'"),
        Arguments.of("model.params.num_round=0.5",
            "Spec x.yaml: key 'model.params.num_round' must be an integer >= 1, got 0.5"),
        // malformed
        Arguments.of("model.seed",
            "Spec x.yaml: malformed override \"model.seed\": expected key.path=value, e.g. model.params.max_depth=4"),
        Arguments.of("=3",
            "Spec x.yaml: malformed override \"=3\": the key is empty; expected key.path=value, e.g. "
                + "model.params.max_depth=4"),
        Arguments.of("model..seed=3",
            "Spec x.yaml: malformed override \"model..seed=3\": the key has an empty part; expected key.path=value, "
                + "e.g. model.params.max_depth=4"),
        Arguments.of("model.name.x=3",
            "Spec x.yaml: cannot apply override \"model.name.x=3\": key 'model.name' is not a mapping, it is \"m1\""),
        Arguments.of("features.numeric=[a",
            "Spec x.yaml: malformed override \"features.numeric=[a\": the value is not valid YAML at line 1, column 3: "
                + "expected ',' or ']', but got <stream end> (while parsing a flow sequence); fix the YAML syntax"));
  }

  @ParameterizedTest
  @MethodSource("badOverrides")
  void overridesAreCheckedLikeTheFileAndMalformedOnesAreNamed(String override, String message) {
    assertUsage(BASE, List.of(override), message);
  }

  // ------------------------------------------------------------ writing

  @Test
  void toYamlRoundTrips() {
    JobSpec demo = SpecLoader.load(DEMO, List.of());
    String yaml = SpecLoader.toYaml(demo);

    assertThat(yaml).startsWith("model:\n  name: churn-xgb\n").contains("  num_workers: 1\n").doesNotContain("weight");
    assertThat(SpecLoader.parse(yaml, "printed", List.of())).isEqualTo(demo);

    JobSpec tricky = parse(withModel("params: {a: \"true\", b: \"123\", c: \"1.5\", d: \"null\", e: \"yes\", f: \"x: "
        + "y\", "
        + "g: \"#c\", h: \"~\", i: \"\", j: \"2026-11-01\", k: 1.0e-7, l: 12345678901234}")
        + "  eval:\n    holdout: {table: t, timestamp: 2026-11-01 10:00:00}\n");
    assertThat(SpecLoader.parse(SpecLoader.toYaml(tricky), "printed", List.of())).isEqualTo(tricky);
  }
}
