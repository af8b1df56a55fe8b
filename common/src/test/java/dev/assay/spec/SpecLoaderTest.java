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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(spec.features()).isEqualTo(new FeatureSpec(List.of("a", "b"), List.of(), "y", null, null));
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

  // ------------------------------------------------------------ errors: keys and types

  @Test
  void unknownKeysAreRejectedAtEveryLevel() {
    assertUsage(withModel("max_dept: 3"),
        "Spec x.yaml: unknown key 'model.max_dept' (known keys of model: name, algorithm, task, params, seed, num_workers, device)");
    assertUsage(withModel("numWorkers: 3"),
        "Spec x.yaml: unknown key 'model.numWorkers' (known keys of model: name, algorithm, task, params, seed, num_workers, device)");
    assertUsage(BASE + "foo: 1\n",
        "Spec x.yaml: unknown key 'foo' (known keys: model, features, data, metrics, ledger, gate)");
    assertUsage(BASE.replace("label: y", "label: y\n  labels: z"),
        "Spec x.yaml: unknown key 'features.labels' (known keys of features: numeric, categorical, label, weight, id)");
    assertUsage(BASE + "  test: {table: t}\n",
        "Spec x.yaml: unknown key 'data.test' (known keys of data: train, eval)");
    assertUsage(BASE.replace("version: 0", "version: 0, snapshot: 1"),
        "Spec x.yaml: unknown key 'data.train.snapshot' (known keys of data.train: table, version, timestamp, filter)");
    assertUsage(BASE + "  eval:\n    holdout: {table: t, versoin: 1}\n",
        "Spec x.yaml: unknown key 'data.eval.holdout.versoin' (known keys of data.eval.holdout: table, version, timestamp, filter)");
    assertUsage(BASE + "metrics: {treshold: 0.4}\n",
        "Spec x.yaml: unknown key 'metrics.treshold' (known keys of metrics: threshold, slices, min_slice_rows, bootstrap)");
    assertUsage(BASE + "ledger: {path: x}\n",
        "Spec x.yaml: unknown key 'ledger.path' (known keys of ledger: root)");
  }

  @Test
  void missingRequiredKeys() {
    assertUsage(BASE.replace("label: y", "id: i"), "Spec x.yaml: missing required key 'features.label'");
    assertUsage(BASE.replace("model:\n  name: m1\n", ""), "Spec x.yaml: missing required key 'model'");
    assertUsage(BASE.replace("name: m1", "seed: 1"), "Spec x.yaml: missing required key 'model.name'");
    assertUsage(BASE.replace("features:\n  numeric: [a, b]\n  label: y\n", ""),
        "Spec x.yaml: missing required key 'features'");
    assertUsage(BASE.replace("data:\n  train: {table: t, version: 0}\n", ""), "Spec x.yaml: missing required key 'data'");
    assertUsage(BASE.replace("table: t, ", ""), "Spec x.yaml: missing required key 'data.train.table'");
    assertUsage(BASE + "  eval:\n    holdout:\n", "Spec x.yaml: missing required key 'data.eval.holdout.table'");
    assertUsage("", "Spec x.yaml: missing required key 'model'");
    assertUsage("features:\n", "Spec x.yaml: missing required key 'model'");
  }

  @Test
  void wrongTypesAreNotCoerced() {
    assertUsage(withModel("num_workers: two"),
        "Spec x.yaml: key 'model.num_workers' must be an integer, got \"two\"");
    assertUsage(withModel("num_workers: 1.5"), "Spec x.yaml: key 'model.num_workers' must be an integer, got 1.5");
    assertUsage(withModel("num_workers: 2.0"), "Spec x.yaml: key 'model.num_workers' must be an integer, got 2.0");
    assertUsage(withModel("num_workers: '2'"),
        "Spec x.yaml: key 'model.num_workers' must be an integer, got \"2\" (write the number without quotes)");
    assertUsage(withModel("num_workers: 99999999999"),
        "Spec x.yaml: key 'model.num_workers' must be an integer between -2147483648 and 2147483647, got 99999999999");
    assertUsage(withModel("seed: 99999999999999999999"),
        "Spec x.yaml: key 'model.seed' must be an integer between -9223372036854775808 and 9223372036854775807, "
            + "got 99999999999999999999");
    assertUsage(withModel("seed: 1.5"), "Spec x.yaml: key 'model.seed' must be an integer, got 1.5");
    assertUsage(BASE.replace("name: m1", "name: 123"),
        "Spec x.yaml: key 'model.name' must be a string, got 123 (put it in quotes to use it as text)");
    assertUsage(BASE.replace("model:\n  name: m1", "model: abc"),
        "Spec x.yaml: key 'model' must be a mapping with keys name, algorithm, task, params, seed, num_workers, device, got \"abc\"");
    assertUsage(BASE + "metrics: 0.3\n",
        "Spec x.yaml: key 'metrics' must be a mapping with keys threshold, slices, min_slice_rows, bootstrap, got 0.3");
    assertUsage(BASE + "metrics: {threshold: high}\n",
        "Spec x.yaml: key 'metrics.threshold' must be a number, got \"high\"");
    assertUsage(BASE + "ledger: warehouse/ledger\n",
        "Spec x.yaml: key 'ledger' must be a mapping with keys root, got \"warehouse/ledger\"");
    assertUsage(BASE.replace("numeric: [a, b]", "numeric: a"), "Spec x.yaml: key 'features.numeric' must be a list, got \"a\"");
    assertUsage(BASE.replace("numeric: [a, b]", "numeric: [a, 1]"),
        "Spec x.yaml: key 'features.numeric[1]' must be a string, got 1 (put it in quotes to use it as text)");
    assertUsage(withModel("params: [1]"), "Spec x.yaml: key 'model.params' must be a mapping, got [1]");
    assertUsage(BASE.replace("version: 0", "version: x"), "Spec x.yaml: key 'data.train.version' must be an integer, got \"x\"");
    assertUsage(BASE + "  eval:\n    holdout: {table: t, version: 1.0}\n",
        "Spec x.yaml: key 'data.eval.holdout.version' must be an integer, got 1.0");
    assertUsage(BASE + "  eval: [a]\n", "Spec x.yaml: key 'data.eval' must be a mapping, got [\"a\"]");
    assertUsage("- a\n",
        "Spec x.yaml: the top level must be a mapping with keys model, features, data, metrics, ledger, gate, got [\"a\"]");
  }

  // ------------------------------------------------------------ errors: values

  @Test
  void modelValuesAreChecked() {
    assertUsage(BASE.replace("name: m1", "name: Churn XGB"),
        "Spec x.yaml: key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', '.', '-', "
            + "at most 64 characters, no '..'; a name, not a path), got \"Churn XGB\"");
    assertUsage(BASE.replace("name: m1", "name: a..b"),
        "Spec x.yaml: key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', '.', '-', "
            + "at most 64 characters, no '..'; a name, not a path), got \"a..b\"");
    assertUsage(BASE.replace("name: m1", "name: a/b"),
        "Spec x.yaml: key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', '.', '-', "
            + "at most 64 characters, no '..'; a name, not a path), got \"a/b\"");
    assertUsage(BASE.replace("name: m1", "name: \" \""), "Spec x.yaml: key 'model.name' must be a non-blank model name, got \" \"");
    assertUsage(BASE.replace("name: m1", "name: " + "a".repeat(65)),
        "Spec x.yaml: key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', '.', '-', "
            + "at most 64 characters, no '..'; a name, not a path), got \"" + "a".repeat(65) + "\"");
    assertThat(parse(BASE.replace("name: m1", "name: " + "a".repeat(64))).model().name()).hasSize(64);
    assertUsage(withModel("algorithm: lightgbm"), "Spec x.yaml: key 'model.algorithm' must be one of xgboost, "
        + "mllib_logistic_regression, mllib_random_forest, ensemble_mean, got \"lightgbm\"");
    assertUsage(withModel("task: ordinal"),
        "Spec x.yaml: key 'model.task' must be one of binary, regression, multiclass, got \"ordinal\"");
    assertUsage(withModel("device: gpu"), "Spec x.yaml: key 'model.device' must be one of cpu, cuda, got \"gpu\"");
    assertUsage(withModel("num_workers: 0"), "Spec x.yaml: key 'model.num_workers' must be at least 1, got 0");
  }

  @Test
  void paramsAreChecked() {
    assertUsage(withModel("params: {num_round: 0}"),
        "Spec x.yaml: key 'model.params.num_round' must be an integer >= 1, got 0");
    assertUsage(withModel("params: {num_round: 10.0}"),
        "Spec x.yaml: key 'model.params.num_round' must be an integer >= 1, got 10.0");
    assertUsage(withModel("params: {num_round: \"10\"}"),
        "Spec x.yaml: key 'model.params.num_round' must be an integer >= 1, got \"10\"");
    assertUsage(withModel("params: {max_depth: -1}"),
        "Spec x.yaml: key 'model.params.max_depth' must be an integer >= 0, got -1");
    assertUsage(withModel("params: {eta: 0}"), "Spec x.yaml: key 'model.params.eta' must be a number > 0, got 0");
    assertUsage(withModel("params: {eta: -0.1}"), "Spec x.yaml: key 'model.params.eta' must be a number > 0, got -0.1");
    assertUsage(withModel("params: {eta: \"0.1\"}"),
        "Spec x.yaml: key 'model.params.eta' must be a number > 0, got \"0.1\" (write the number without quotes)");
    assertUsage(withModel("params: {x: {a: 1}}"),
        "Spec x.yaml: key 'model.params.x' must be a number, string or boolean, got {\"a\":1}");
    assertUsage(withModel("params: {x: [1, 2]}"),
        "Spec x.yaml: key 'model.params.x' must be a number, string or boolean, got [1,2]");
    assertUsage(withModel("params: {x: null}"),
        "Spec x.yaml: key 'model.params.x' must be a number, string or boolean, got null");

    JobSpec ok = parse(withModel("params: {num_round: 1, max_depth: 0, eta: 1.0e-3, gamma: 0, verbosity: \"1\"}"));
    assertThat(ok.model().params()).containsExactly(
        entry("num_round", 1), entry("max_depth", 0), entry("eta", 0.001), entry("gamma", 0), entry("verbosity", "1"));
  }

  @Test
  void paramsThatAssayControlsAreRejected() {
    assertUsage(withModel("params: {seed: 3}"),
        "Spec x.yaml: key 'model.params.seed' is controlled by Assay: use 'model.seed' instead");
    assertUsage(withModel("params: {num_workers: 3}"),
        "Spec x.yaml: key 'model.params.num_workers' is controlled by Assay: use 'model.num_workers' instead");
    assertUsage(withModel("params: {device: cuda}"),
        "Spec x.yaml: key 'model.params.device' is controlled by Assay: use 'model.device' instead");
    assertUsage(withModel("params: {missing: 0}"),
        "Spec x.yaml: key 'model.params.missing' is controlled by Assay: Assay fixes the missing-value marker itself; remove it");
    assertUsage(withModel("params: {features_col: f}"),
        "Spec x.yaml: key 'model.params.features_col' is controlled by Assay: Assay builds the features column from "
            + "'features.numeric' and 'features.categorical'; remove it");
    assertUsage(withModel("params: {label_col: y}"),
        "Spec x.yaml: key 'model.params.label_col' is controlled by Assay: use 'features.label' instead");
  }

  @Test
  void featureColumnsAreChecked() {
    assertUsage(BASE.replace("numeric: [a, b]", "numeric: [a, b, a]"),
        "Spec x.yaml: key 'features.numeric' lists column \"a\" twice: list each column once");
    assertUsage(BASE.replace("numeric: [a, b]", "numeric: [a, y]"),
        "Spec x.yaml: key 'features.numeric' uses column \"y\", which is already used by 'features.label': use each column once");
    assertUsage(BASE.replace("numeric: [a, b]", "numeric: [a, b]\n  categorical: [c, b]"),
        "Spec x.yaml: key 'features.categorical' uses column \"b\", which is already used by 'features.numeric': "
            + "use each column once");
    assertUsage(BASE.replace("label: y", "label: y\n  id: y"),
        "Spec x.yaml: key 'features.id' uses column \"y\", which is already used by 'features.label': use each column once");
    assertUsage(BASE.replace("label: y", "label: y\n  weight: w\n  id: w"),
        "Spec x.yaml: key 'features.id' uses column \"w\", which is already used by 'features.weight': use each column once");
    assertUsage(BASE.replace("numeric: [a, b]", "numeric: []"),
        "Spec x.yaml: key 'features' has no feature columns: list at least one column in 'features.numeric' or "
            + "'features.categorical'");
    assertUsage(BASE.replace("numeric: [a, b]", "numeric: [a, \" \"]"),
        "Spec x.yaml: key 'features.numeric[1]' must be a non-blank column name, got \" \"");
    assertUsage(BASE.replace("numeric: [a, b]", "numeric: [a, null]"),
        "Spec x.yaml: key 'features.numeric[1]' must be a non-blank column name, got null");
    assertUsage(BASE.replace("label: y", "label: ''"), "Spec x.yaml: key 'features.label' must be a non-blank column name, got \"\"");
    assertUsage(BASE.replace("label: y", "label: y\n  weight: ''"),
        "Spec x.yaml: key 'features.weight' must be a non-blank column name or be left out, got \"\"");
  }

  @Test
  void tableRefsAreChecked() {
    assertUsage(BASE.replace("version: 0", "version: 0, timestamp: 2026-11-01"),
        "Spec x.yaml: key 'data.train' sets both version and timestamp: use one of version or timestamp");
    assertUsage(BASE + "  eval:\n    holdout: {table: t, version: -1}\n",
        "Spec x.yaml: key 'data.eval.holdout.version' must be >= 0, got -1");
    assertUsage(BASE.replace("version: 0", "timestamp: yesterday"),
        "Spec x.yaml: key 'data.train.timestamp' must be an ISO-8601 date-time or date such as 2026-11-01T10:00:00Z, "
            + "2026-11-01 10:00:00 or 2026-11-01, got \"yesterday\"");
    assertUsage(BASE.replace("version: 0", "timestamp: 2026-13-01"),
        "Spec x.yaml: key 'data.train.timestamp' must be an ISO-8601 date-time or date such as 2026-11-01T10:00:00Z, "
            + "2026-11-01 10:00:00 or 2026-11-01, got \"2026-13-01\"");
    assertUsage(BASE.replace("table: t", "table: ' '"), "Spec x.yaml: key 'data.train.table' must be a non-blank table name, got \" \"");
    assertUsage(BASE + "  eval:\n    Holdout: {table: t}\n",
        "Spec x.yaml: key 'data.eval.Holdout' is not a valid evaluation name: use lowercase letters, digits, '_' and '-', "
            + "starting with a letter or digit ([a-z0-9][a-z0-9_-]*)");
    assertUsage(BASE.replace("train: {table: t, version: 0}", "eval: {}"),
        "Spec x.yaml: key 'data' reads no table: set 'data.train', 'data.eval' or both");
  }

  @Test
  void metricsAndLedgerAreChecked() {
    assertUsage(BASE + "metrics: {threshold: 1.5}\n",
        "Spec x.yaml: key 'metrics.threshold' must be between 0 and 1 (exclusive), got 1.5");
    assertUsage(BASE + "metrics: {threshold: 0}\n",
        "Spec x.yaml: key 'metrics.threshold' must be between 0 and 1 (exclusive), got 0.0");
    assertUsage(BASE + "ledger: {root: ''}\n",
        "Spec x.yaml: key 'ledger.root' must be a non-blank directory or be left out, got \"\"");
    assertThat(parse(BASE + "metrics: {threshold: 0.25}\nledger: {root: runs/ledger}\n"))
        .extracting(s -> s.metrics().threshold(), s -> s.ledger().root())
        .containsExactly(0.25, "runs/ledger");
  }

  @Test
  void slicesAndBootstrapAreCheckedAndLeftOutOfTheCanonicalFormAtTheirDefaults() {
    assertUsage(BASE + "metrics: {slices: [plan, plan]}\n",
        "Spec x.yaml: key 'metrics.slices' lists column \"plan\" twice: list each column once");
    assertUsage(BASE + "metrics: {min_slice_rows: 0}\n", "Spec x.yaml: key 'metrics.min_slice_rows' must be at least 1, got 0");
    assertUsage(BASE + "metrics: {bootstrap: {samples: 1}}\n",
        "Spec x.yaml: key 'metrics.bootstrap.samples' must be 0 (off) or at least 2 replicates, got 1");
    assertUsage(BASE + "metrics: {bootstrap: {samples: 100, confidence: 1}}\n",
        "Spec x.yaml: key 'metrics.bootstrap.confidence' must be between 0 and 1 (exclusive), got 1.0");
    JobSpec spec = parse(BASE + "metrics: {slices: [plan], min_slice_rows: 20, bootstrap: {samples: 200}}\n");
    assertThat(spec.metrics().slices()).containsExactly("plan");
    assertThat(spec.metrics().bootstrap()).isEqualTo(new BootstrapSpec(200, 0.95, 7));
    assertThat(SpecLoader.canonicalJson(spec)).contains(
        "\"metrics\":{\"bootstrap\":{\"confidence\":0.95,\"samples\":200,\"seed\":7},\"min_slice_rows\":20,"
            + "\"slices\":[\"plan\"],\"threshold\":0.5}");
    // Defaults, and bootstrap settings that do nothing while samples is 0, are left out.
    String plain = SpecLoader.canonicalJson(parse(BASE));
    assertThat(plain).contains("\"metrics\":{\"threshold\":0.5}");
    assertThat(SpecLoader.canonicalJson(parse(BASE + "metrics: {slices: [], min_slice_rows: 100, "
        + "bootstrap: {samples: 0, seed: 99}}\n"))).isEqualTo(plain);
    assertThat(SpecLoader.parse(SpecLoader.toYaml(spec), "y", List.of())).isEqualTo(spec);
  }

  // ------------------------------------------------------------ errors: YAML and files

  @Test
  void malformedYamlNamesLineAndColumn() {
    assertUsage("model:\n  name: m1\n features: x\n",
        "Spec x.yaml: malformed YAML at line 3, column 2: expected <block end>, but found '<block mapping start>' "
            + "(while parsing a block mapping); fix the YAML syntax");
    assertUsage("model: [a\n",
        "Spec x.yaml: malformed YAML at line 1, column 10: expected ',' or ']', but got <stream end> "
            + "(while parsing a flow sequence); fix the YAML syntax");
    assertUsage(withModel("name: m2"), "Spec x.yaml: duplicate key 'model.name' at line 3, column 7: keep only one of them");
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
        .hasMessage("Spec " + file + ": unknown key 'model.max_dept' (known keys of model: name, algorithm, task, params, "
            + "seed, num_workers, device)");
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

  @Test
  void overridesAreCheckedLikeTheFile() {
    assertUsage(BASE, List.of("model.max_dept=4"),
        "Spec x.yaml: unknown key 'model.max_dept' (known keys of model: name, algorithm, task, params, seed, num_workers, device)");
    assertUsage(BASE, List.of("model.num_workers=two"), "Spec x.yaml: key 'model.num_workers' must be an integer, got \"two\"");
    assertUsage(BASE, List.of("data.eval.holdout.version=3"), "Spec x.yaml: missing required key 'data.eval.holdout.table'");
    assertUsage(BASE, List.of("model.params.num_round=0.5"),
        "Spec x.yaml: key 'model.params.num_round' must be an integer >= 1, got 0.5");
  }

  @Test
  void malformedOverridesAreNamed() {
    assertUsage(BASE, List.of("model.seed"),
        "Spec x.yaml: malformed override \"model.seed\": expected key.path=value, e.g. model.params.max_depth=4");
    assertUsage(BASE, List.of("=3"),
        "Spec x.yaml: malformed override \"=3\": the key is empty; expected key.path=value, e.g. model.params.max_depth=4");
    assertUsage(BASE, List.of("model..seed=3"),
        "Spec x.yaml: malformed override \"model..seed=3\": the key has an empty part; expected key.path=value, "
            + "e.g. model.params.max_depth=4");
    assertUsage(BASE, List.of("model.name.x=3"),
        "Spec x.yaml: cannot apply override \"model.name.x=3\": key 'model.name' is not a mapping, it is \"m1\"");
    assertUsage(BASE, List.of("features.numeric=[a"),
        "Spec x.yaml: malformed override \"features.numeric=[a\": the value is not valid YAML at line 1, column 3: "
            + "expected ',' or ']', but got <stream end> (while parsing a flow sequence); fix the YAML syntax");
  }

  // ------------------------------------------------------------ writing

  @Test
  void toYamlRoundTrips() {
    JobSpec demo = SpecLoader.load(DEMO, List.of());
    String yaml = SpecLoader.toYaml(demo);

    assertThat(yaml).startsWith("model:\n  name: churn-xgb\n").contains("  num_workers: 1\n").doesNotContain("weight");
    assertThat(SpecLoader.parse(yaml, "printed", List.of())).isEqualTo(demo);

    JobSpec tricky = parse(withModel("params: {a: \"true\", b: \"123\", c: \"1.5\", d: \"null\", e: \"yes\", f: \"x: y\", "
        + "g: \"#c\", h: \"~\", i: \"\", j: \"2026-11-01\", k: 1.0e-7, l: 12345678901234}")
        + "  eval:\n    holdout: {table: t, timestamp: 2026-11-01 10:00:00}\n");
    assertThat(SpecLoader.parse(SpecLoader.toYaml(tricky), "printed", List.of())).isEqualTo(tricky);
  }
}
