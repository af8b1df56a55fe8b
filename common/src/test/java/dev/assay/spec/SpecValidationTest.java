package dev.assay.spec;

import static dev.assay.spec.SpecLoaderTest.BASE;
import static dev.assay.spec.SpecLoaderTest.assertUsage;
import static dev.assay.spec.SpecLoaderTest.parse;
import static dev.assay.spec.SpecLoaderTest.withModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules a spec's values must follow: each bad spec below is a usage error that names the key path and the fix,
 * one case per rule, grouped by section; the tests after it check that values at the limits still load.
 */
class SpecValidationTest {
  /** A spec's YAML and the exact message it must fail with. */
  static Stream<Arguments> badSpecs() {
    return Stream.of(
        // unknown keys, at every level
        Arguments.of(withModel("max_dept: 3"),
            "Spec x.yaml: unknown key 'model.max_dept' (known keys of model: name, algorithm, task, params, seed, "
                + "num_workers, device, stack, onnx)"),
        Arguments.of(withModel("numWorkers: 3"),
            "Spec x.yaml: unknown key 'model.numWorkers' (known keys of model: name, algorithm, task, params, seed, "
                + "num_workers, device, stack, onnx)"),
        Arguments.of(BASE + "foo: 1\n",
            "Spec x.yaml: unknown key 'foo' (known keys: model, features, data, metrics, ledger, gate, monitor)"),
        Arguments.of(BASE.replace("label: y", "label: y\n  labels: z"),
            "Spec x.yaml: unknown key 'features.labels' (known keys of features: numeric, categorical, label, "
                + "weight, id, derive, transforms)"),
        Arguments.of(BASE + "  test: {table: t}\n",
            "Spec x.yaml: unknown key 'data.test' (known keys of data: train, eval)"),
        Arguments.of(BASE.replace("version: 0", "version: 0, snapshot: 1"),
            "Spec x.yaml: unknown key 'data.train.snapshot' (known keys of data.train: table, version, timestamp, "
                + "filter)"),
        Arguments.of(BASE + "  eval:\n    holdout: {table: t, versoin: 1}\n",
            "Spec x.yaml: unknown key 'data.eval.holdout.versoin' (known keys of data.eval.holdout: table, version, "
                + "timestamp, filter)"),
        Arguments.of(BASE + "metrics: {treshold: 0.4}\n",
            "Spec x.yaml: unknown key 'metrics.treshold' (known keys of metrics: threshold, slices, min_slice_rows, "
                + "max_slice_values, bootstrap)"),
        Arguments.of(BASE + "ledger: {path: x}\n",
            "Spec x.yaml: unknown key 'ledger.path' (known keys of ledger: root)"),
        // missing required keys
        Arguments.of(BASE.replace("label: y", "id: i"), "Spec x.yaml: missing required key 'features.label'"),
        Arguments.of(BASE.replace("model:\n  name: m1\n", ""), "Spec x.yaml: missing required key 'model'"),
        Arguments.of(BASE.replace("name: m1", "seed: 1"), "Spec x.yaml: missing required key 'model.name'"),
        Arguments.of(BASE.replace("features:\n  numeric: [a, b]\n  label: y\n", ""),
            "Spec x.yaml: missing required key 'features'"),
        Arguments.of(BASE.replace("data:\n  train: {table: t, version: 0}\n", ""),
            "Spec x.yaml: missing required key 'data'"),
        Arguments.of(BASE.replace("table: t, ", ""), "Spec x.yaml: missing required key 'data.train.table'"),
        Arguments.of(BASE + "  eval:\n    holdout:\n", "Spec x.yaml: missing required key 'data.eval.holdout.table'"),
        Arguments.of("", "Spec x.yaml: missing required key 'model'"),
        Arguments.of("features:\n", "Spec x.yaml: missing required key 'model'"),
        // wrong types, never coerced
        Arguments.of(withModel("num_workers: two"),
            "Spec x.yaml: key 'model.num_workers' must be an integer, got \"two\""),
        Arguments.of(withModel("num_workers: 1.5"), "Spec x.yaml: key 'model.num_workers' must be an integer, got 1.5"),
        Arguments.of(withModel("num_workers: 2.0"), "Spec x.yaml: key 'model.num_workers' must be an integer, got 2.0"),
        Arguments.of(withModel("num_workers: '2'"),
            "Spec x.yaml: key 'model.num_workers' must be an integer, got \"2\" (write the number without quotes)"),
        Arguments.of(withModel("num_workers: 99999999999"),
            "Spec x.yaml: key 'model.num_workers' must be an integer between -2147483648 and 2147483647, got "
                + "99999999999"),
        Arguments.of(withModel("seed: 99999999999999999999"),
            "Spec x.yaml: key 'model.seed' must be an integer between -9223372036854775808 and 9223372036854775807, "
                + "got 99999999999999999999"),
        Arguments.of(withModel("seed: 1.5"), "Spec x.yaml: key 'model.seed' must be an integer, got 1.5"),
        Arguments.of(BASE.replace("name: m1", "name: 123"),
            "Spec x.yaml: key 'model.name' must be a string, got 123 (put it in quotes to use it as text)"),
        Arguments.of(BASE.replace("model:\n  name: m1", "model: abc"),
            "Spec x.yaml: key 'model' must be a mapping with keys name, algorithm, task, params, seed, num_workers, "
                + "device, stack, onnx, got \"abc\""),
        Arguments.of(BASE + "metrics: 0.3\n",
            "Spec x.yaml: key 'metrics' must be a mapping with keys threshold, slices, min_slice_rows, "
                + "max_slice_values, bootstrap, got 0.3"),
        Arguments.of(BASE + "metrics: {threshold: high}\n",
            "Spec x.yaml: key 'metrics.threshold' must be a number, got \"high\""),
        Arguments.of(BASE + "ledger: warehouse/ledger\n",
            "Spec x.yaml: key 'ledger' must be a mapping with keys root, got \"warehouse/ledger\""),
        Arguments.of(BASE.replace("numeric: [a, b]", "numeric: a"),
            "Spec x.yaml: key 'features.numeric' must be a list, got \"a\""),
        Arguments.of(BASE.replace("numeric: [a, b]", "numeric: [a, 1]"),
            "Spec x.yaml: key 'features.numeric[1]' must be a string, got 1 (put it in quotes to use it as text)"),
        Arguments.of(withModel("params: [1]"), "Spec x.yaml: key 'model.params' must be a mapping, got [1]"),
        Arguments.of(BASE.replace("version: 0", "version: x"),
            "Spec x.yaml: key 'data.train.version' must be an integer, got \"x\""),
        Arguments.of(BASE + "  eval:\n    holdout: {table: t, version: 1.0}\n",
            "Spec x.yaml: key 'data.eval.holdout.version' must be an integer, got 1.0"),
        Arguments.of(BASE + "  eval: [a]\n", "Spec x.yaml: key 'data.eval' must be a mapping, got [\"a\"]"),
        Arguments.of("- a\n",
            "Spec x.yaml: the top level must be a mapping with keys model, features, data, metrics, ledger, gate, "
                + "monitor, got [\"a\"]"),
        // model values
        Arguments.of(BASE.replace("name: m1", "name: Churn XGB"),
            "Spec x.yaml: key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', "
                + "'.', '-', at most 64 characters, no '..'; a name, not a path), got \"Churn XGB\""),
        Arguments.of(BASE.replace("name: m1", "name: a..b"),
            "Spec x.yaml: key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', "
                + "'.', '-', at most 64 characters, no '..'; a name, not a path), got \"a..b\""),
        Arguments.of(BASE.replace("name: m1", "name: a/b"),
            "Spec x.yaml: key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', "
                + "'.', '-', at most 64 characters, no '..'; a name, not a path), got \"a/b\""),
        Arguments.of(BASE.replace("name: m1", "name: \" \""),
            "Spec x.yaml: key 'model.name' must be a non-blank model name, got \" \""),
        Arguments.of(BASE.replace("name: m1", "name: " + "a".repeat(65)),
            "Spec x.yaml: key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', "
                + "'.', '-', at most 64 characters, no '..'; a name, not a path), got \"" + "a".repeat(65) + "\""),
        Arguments.of(withModel("algorithm: catboost"), "Spec x.yaml: key 'model.algorithm' must be one of xgboost, "
            + "mllib_logistic_regression, mllib_random_forest, ensemble_mean, stack, onnx, lightgbm, got \"catboost\""),
        Arguments.of(withModel("task: ordinal"),
            "Spec x.yaml: key 'model.task' must be one of binary, regression, multiclass, got \"ordinal\""),
        Arguments.of(withModel("device: gpu"), "Spec x.yaml: key 'model.device' must be one of cpu, cuda, got \"gpu\""),
        Arguments.of(withModel("num_workers: 0"), "Spec x.yaml: key 'model.num_workers' must be at least 1, got 0"),
        // params
        Arguments.of(withModel("params: {num_round: 0}"),
            "Spec x.yaml: key 'model.params.num_round' must be an integer >= 1, got 0"),
        Arguments.of(withModel("params: {num_round: 10.0}"),
            "Spec x.yaml: key 'model.params.num_round' must be an integer >= 1, got 10.0"),
        Arguments.of(withModel("params: {num_round: \"10\"}"),
            "Spec x.yaml: key 'model.params.num_round' must be an integer >= 1, got \"10\""),
        Arguments.of(withModel("params: {max_depth: -1}"),
            "Spec x.yaml: key 'model.params.max_depth' must be an integer >= 0, got -1"),
        Arguments.of(withModel("params: {eta: 0}"), "Spec x.yaml: key 'model.params.eta' must be a number > 0, got 0"),
        Arguments.of(withModel("params: {eta: -0.1}"),
            "Spec x.yaml: key 'model.params.eta' must be a number > 0, got -0.1"),
        Arguments.of(withModel("params: {eta: \"0.1\"}"),
            "Spec x.yaml: key 'model.params.eta' must be a number > 0, got \"0.1\" (write the number without quotes)"),
        Arguments.of(withModel("params: {x: {a: 1}}"),
            "Spec x.yaml: key 'model.params.x' must be a number, string or boolean, got {\"a\":1}"),
        Arguments.of(withModel("params: {x: [1, 2]}"),
            "Spec x.yaml: key 'model.params.x' must be a number, string or boolean, got [1,2]"),
        Arguments.of(withModel("params: {x: null}"),
            "Spec x.yaml: key 'model.params.x' must be a number, string or boolean, got null"),
        // params that Assay controls
        Arguments.of(withModel("params: {seed: 3}"),
            "Spec x.yaml: key 'model.params.seed' is controlled by Assay: use 'model.seed' instead"),
        Arguments.of(withModel("params: {num_workers: 3}"),
            "Spec x.yaml: key 'model.params.num_workers' is controlled by Assay: use 'model.num_workers' instead"),
        Arguments.of(withModel("params: {device: cuda}"),
            "Spec x.yaml: key 'model.params.device' is controlled by Assay: use 'model.device' instead"),
        Arguments.of(withModel("params: {missing: 0}"),
            "Spec x.yaml: key 'model.params.missing' is controlled by Assay: Assay fixes the missing-value marker "
                + "itself; remove it"),
        Arguments.of(withModel("params: {features_col: f}"),
            "Spec x.yaml: key 'model.params.features_col' is controlled by Assay: Assay builds the features column "
                + "from 'features.numeric' and 'features.categorical'; remove it"),
        Arguments.of(withModel("params: {label_col: y}"),
            "Spec x.yaml: key 'model.params.label_col' is controlled by Assay: use 'features.label' instead"),
        // feature columns
        Arguments.of(BASE.replace("numeric: [a, b]", "numeric: [a, b, a]"),
            "Spec x.yaml: key 'features.numeric' lists column \"a\" twice: list each column once"),
        Arguments.of(BASE.replace("numeric: [a, b]", "numeric: [a, y]"),
            "Spec x.yaml: key 'features.numeric' uses column \"y\", which is already used by 'features.label': use "
                + "each column once"),
        Arguments.of(BASE.replace("numeric: [a, b]", "numeric: [a, b]\n  categorical: [c, b]"),
            "Spec x.yaml: key 'features.categorical' uses column \"b\", which is already used by 'features.numeric': "
                + "use each column once"),
        Arguments.of(BASE.replace("label: y", "label: y\n  id: y"),
            "Spec x.yaml: key 'features.id' uses column \"y\", which is already used by 'features.label': use each "
                + "column once"),
        Arguments.of(BASE.replace("label: y", "label: y\n  weight: w\n  id: w"),
            "Spec x.yaml: key 'features.id' uses column \"w\", which is already used by 'features.weight': use each "
                + "column once"),
        Arguments.of(BASE.replace("numeric: [a, b]", "numeric: []"),
            "Spec x.yaml: key 'features' has no feature columns: list at least one column in 'features.numeric' or "
                + "'features.categorical'"),
        Arguments.of(BASE.replace("numeric: [a, b]", "numeric: [a, \" \"]"),
            "Spec x.yaml: key 'features.numeric[1]' must be a non-blank column name, got \" \""),
        Arguments.of(BASE.replace("numeric: [a, b]", "numeric: [a, null]"),
            "Spec x.yaml: key 'features.numeric[1]' must be a non-blank column name, got null"),
        Arguments.of(BASE.replace("label: y", "label: ''"),
            "Spec x.yaml: key 'features.label' must be a non-blank column name, got \"\""),
        Arguments.of(BASE.replace("label: y", "label: y\n  weight: ''"),
            "Spec x.yaml: key 'features.weight' must be a non-blank column name or be left out, got \"\""),
        // table refs
        Arguments.of(BASE.replace("version: 0", "version: 0, timestamp: 2026-11-01"),
            "Spec x.yaml: key 'data.train' sets both version and timestamp: use one of version or timestamp"),
        Arguments.of(BASE + "  eval:\n    holdout: {table: t, version: -1}\n",
            "Spec x.yaml: key 'data.eval.holdout.version' must be >= 0, got -1"),
        Arguments.of(BASE.replace("version: 0", "timestamp: yesterday"),
            "Spec x.yaml: key 'data.train.timestamp' must be an ISO-8601 date-time or date such as "
                + "2026-11-01T10:00:00Z, 2026-11-01 10:00:00 or 2026-11-01, got \"yesterday\""),
        Arguments.of(BASE.replace("version: 0", "timestamp: 2026-13-01"),
            "Spec x.yaml: key 'data.train.timestamp' must be an ISO-8601 date-time or date such as "
                + "2026-11-01T10:00:00Z, 2026-11-01 10:00:00 or 2026-11-01, got \"2026-13-01\""),
        Arguments.of(BASE.replace("table: t", "table: ' '"),
            "Spec x.yaml: key 'data.train.table' must be a non-blank table name, got \" \""),
        Arguments.of(BASE + "  eval:\n    Holdout: {table: t}\n",
            "Spec x.yaml: key 'data.eval.Holdout' is not a valid evaluation name: use lowercase letters, digits, '_' "
                + "and '-', starting with a letter or digit ([a-z0-9][a-z0-9_-]*)"),
        Arguments.of(BASE.replace("train: {table: t, version: 0}", "eval: {}"),
            "Spec x.yaml: key 'data' reads no table: set 'data.train', 'data.eval' or both"),
        // metrics and ledger
        Arguments.of(BASE + "metrics: {threshold: 1.5}\n",
            "Spec x.yaml: key 'metrics.threshold' must be between 0 and 1 (exclusive), got 1.5"),
        Arguments.of(BASE + "metrics: {threshold: 0}\n",
            "Spec x.yaml: key 'metrics.threshold' must be between 0 and 1 (exclusive), got 0.0"),
        Arguments.of(BASE + "ledger: {root: ''}\n",
            "Spec x.yaml: key 'ledger.root' must be a non-blank directory or be left out, got \"\""),
        // slices and bootstrap
        Arguments.of(BASE + "metrics: {slices: [plan, plan]}\n",
            "Spec x.yaml: key 'metrics.slices' lists column \"plan\" twice: list each column once"),
        Arguments.of(BASE + "metrics: {min_slice_rows: 0}\n",
            "Spec x.yaml: key 'metrics.min_slice_rows' must be at least 1, got 0"),
        Arguments.of(BASE + "metrics: {max_slice_values: 0}\n",
            "Spec x.yaml: key 'metrics.max_slice_values' must be at least 1, got 0"),
        Arguments.of(BASE + "metrics: {max_slice_values: -5}\n",
            "Spec x.yaml: key 'metrics.max_slice_values' must be at least 1, got -5"),
        Arguments.of(BASE + "metrics: {max_slice_values: 1.5}\n",
            "Spec x.yaml: key 'metrics.max_slice_values' must be an integer, got 1.5"),
        Arguments.of(BASE + "metrics: {bootstrap: {samples: 1}}\n",
            "Spec x.yaml: key 'metrics.bootstrap.samples' must be 0 (off) or at least 2 replicates, got 1"),
        Arguments.of(BASE + "metrics: {bootstrap: {samples: 100, confidence: 1}}\n",
            "Spec x.yaml: key 'metrics.bootstrap.confidence' must be between 0 and 1 (exclusive), got 1.0"));
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void badValuesAreUsageErrorsThatNameTheKeyAndTheFix(String yaml, String message) {
    assertUsage(yaml, message);
  }

  // ------------------------------------------------------------ values that load

  @Test
  void aModelNameOfSixtyFourCharactersLoads() {
    assertThat(parse(BASE.replace("name: m1", "name: " + "a".repeat(64))).model().name()).hasSize(64);
  }

  @Test
  void paramsAtTheirLimitsLoadAsWritten() {
    JobSpec ok = parse(withModel("params: {num_round: 1, max_depth: 0, eta: 1.0e-3, gamma: 0, verbosity: \"1\"}"));
    assertThat(ok.model().params()).containsExactly(
        entry("num_round", 1), entry("max_depth", 0), entry("eta", 0.001), entry("gamma", 0), entry("verbosity", "1"));
  }

  @Test
  void metricsThresholdAndLedgerRootLoad() {
    assertThat(parse(BASE + "metrics: {threshold: 0.25}\nledger: {root: runs/ledger}\n"))
        .extracting(s -> s.metrics().threshold(), s -> s.ledger().root())
        .containsExactly(0.25, "runs/ledger");
  }

  @Test
  void slicesAndBootstrapAreLeftOutOfTheCanonicalFormAtTheirDefaults() {
    JobSpec spec = parse(BASE + "metrics: {slices: [plan], min_slice_rows: 20, max_slice_values: 12, "
        + "bootstrap: {samples: 200}}\n");
    assertThat(spec.metrics().slices()).containsExactly("plan");
    assertThat(spec.metrics().maxSliceValues()).isEqualTo(12);
    assertThat(spec.metrics().bootstrap()).isEqualTo(new BootstrapSpec(200, 0.95, 7));
    assertThat(SpecLoader.canonicalJson(spec)).contains(
        "\"metrics\":{\"bootstrap\":{\"confidence\":0.95,\"samples\":200,\"seed\":7},\"max_slice_values\":12,"
            + "\"min_slice_rows\":20,\"slices\":[\"plan\"],\"threshold\":0.5}");
    // Defaults, and bootstrap settings that do nothing while samples is 0, are left out.
    String plain = SpecLoader.canonicalJson(parse(BASE));
    assertThat(plain).contains("\"metrics\":{\"threshold\":0.5}");
    assertThat(SpecLoader.canonicalJson(parse(BASE + "metrics: {slices: [], min_slice_rows: 100, "
        + "max_slice_values: 1000, bootstrap: {samples: 0, seed: 99}}\n"))).isEqualTo(plain);
    assertThat(parse(BASE).metrics().maxSliceValues()).isEqualTo(MetricsSpec.DEFAULT_MAX_SLICE_VALUES).isEqualTo(1000);
    assertThat(SpecLoader.parse(SpecLoader.toYaml(spec), "y", List.of())).isEqualTo(spec);
  }

  /**
   * The feature stage's rules, one per entry: the section after the base spec's label, {@code =>},
   * the whole message ({@code \\} joins a long entry's lines).
   */
  static Stream<Arguments> badFeatureSections() {
    return """
        transforms: [{log1p: [a], clip: {column: a, max: 1}}] => key 'features.transforms[0]' names 2 \
        transforms: give each list entry exactly one of impute, bucketize, one_hot, scale, log1p, clip
        transforms: [normalize: [a]] => key 'features.transforms[0]' names no transform: give each list entry \
        exactly one of impute, bucketize, one_hot, scale, log1p, clip
        transforms: [impute: {columns: [a], strategy: constant}] => key 'features.transforms[0].impute.value' is \
        required with strategy constant: give the fill value
        transforms: [impute: {columns: [a], strategy: mode}] => key 'features.transforms[0].impute.strategy' must \
        be one of mean, median, constant, got "mode"
        transforms: [impute: {columns: [a], strategy: mean, value: 1}] => key \
        'features.transforms[0].impute.value' is only read with strategy constant: remove it or use strategy constant
        transforms: [bucketize: {column: a, output: ab, quantiles: 4, splits: [1]}] => key \
        'features.transforms[0].bucketize' must give exactly one of 'features.transforms[0].bucketize.quantiles' or \
        'features.transforms[0].bucketize.splits'
        transforms: [bucketize: {column: a, output: ab, splits: [2, 1]}] => key \
        'features.transforms[0].bucketize.splits' must be strictly increasing, but 1.0 follows 2.0
        transforms: [bucketize: {column: a, output: ab, quantiles: 1}] => key \
        'features.transforms[0].bucketize.quantiles' must be between 2 and 1000, got 1
        transforms: [one_hot: [a]] => key 'features.transforms[0].one_hot' names "a", which is not in \
        'features.categorical': one_hot encodes categorical features; add it there
        transforms: [log1p: [y]] => key 'features.transforms[0].log1p' reads "y", the label or weight column: a \
        transform may only read features, or the model would learn from its target
        transforms: [bucketize: {column: a, output: ab, quantiles: 4}, bucketize: {column: b, output: ab, \
        quantiles: 4}] => key 'features.transforms[1].bucketize.output' names "ab", a column another derive or \
        transform already makes, or the label, weight or id: give every output its own name
        transforms: [clip: {column: a, min: 2, max: 1}] => key 'features.transforms[0].clip.min' is above \
        'features.transforms[0].clip.max' (2.0 > 1.0): swap them
        transforms: [scale: {columns: [a], method: zscore}] => key 'features.transforms[0].scale.method' must be \
        one of standard, minmax, got "zscore"
        derive: {y: "a + 1"} => key 'features.derive.y' has the name of the label, weight or id column: pick \
        another name
        derive: {c: 3} => key 'features.derive.c' must be a string, got 3 (put it in quotes to use it as text)
        """.lines().map(line -> line.split(" => ", 2))
        .map(entry -> Arguments.of(BASE.replace("label: y", "label: y\n  " + entry[0]), "Spec x.yaml: " + entry[1]));
  }

  @ParameterizedTest
  @MethodSource("badFeatureSections")
  void badFeatureSectionsAreUsageErrorsThatNameTheKey(String yaml, String message) {
    badValuesAreUsageErrorsThatNameTheKeyAndTheFix(yaml, message);
  }
  /**
   * The stack section's rules, one per entry: the lines added under {@code model} ({@code ;} separates them),
   * {@code =>}, the whole message ({@code \\} joins a long entry's lines). The spec has {@code features.id: i}
   * unless the entry starts with {@code no-id}.
   */
  static Stream<Arguments> badStackSections() {
    return """
        algorithm: stack => missing required key 'model.stack'
        stack: {base: {x: {algorithm: xgboost}}} => key 'model.stack' is only for 'model.algorithm': stack; remove \
        it or set the algorithm to stack
        algorithm: stack; stack: {folds: 1, base: {x: {algorithm: xgboost}}} => key 'model.stack.folds' must be \
        between 2 and 20, got 1
        algorithm: stack; stack: {base: {}} => key 'model.stack.base' lists no base models: name at least one, e.g. \
        {xgb: {algorithm: xgboost}}
        algorithm: stack; stack: {base: {x: {algorithm: stack}}} => key 'model.stack.base.x.algorithm' must be one \
        of xgboost, mllib_logistic_regression, mllib_random_forest, got "stack"
        algorithm: stack; stack: {base: {x: {params: {max_depth: 2}}}} => missing required key \
        'model.stack.base.x.algorithm'
        algorithm: stack; stack: {base: {a.b: {algorithm: xgboost}}} => key 'model.stack.base.a.b' contains '.': a \
        base key becomes part of a model name and a column name; use letters, digits, '_' and '-'
        algorithm: stack; stack: {base: {x: {algorithm: xgboost, params: {seed: 1}}}} => key \
        'model.stack.base.x.params.seed' is controlled by Assay: use 'model.seed' instead
        algorithm: stack; params: {eta: 1}; stack: {base: {x: {algorithm: xgboost}}} => key 'model.params' is not \
        used by a stack: give each model its params under 'model.stack.base.<key>.params' or \
        'model.stack.meta.params'
        algorithm: stack; task: regression; stack: {base: {x: {algorithm: xgboost}}} => key \
        'model.stack.meta.algorithm' is mllib_logistic_regression, which trains binary models only, but \
        'model.task' is regression: use xgboost or mllib_random_forest
        no-id algorithm: stack; stack: {base: {x: {algorithm: xgboost}}} => key 'model.stack' needs 'features.id': \
        a row's fold is a seeded hash of its id, which keeps the out-of-fold predictions reproducible; name the \
        table's row-id column
        """.lines().map(line -> line.split(" => ", 2)).map(entry -> {
          boolean noId = entry[0].startsWith("no-id ");
          String model = String.join("\n", entry[0].replaceFirst("^no-id ", "").split("; "));
          String yaml = withModel(model);
          return Arguments.of(noId ? yaml : yaml.replace("label: y", "label: y\n  id: i"), "Spec x.yaml: " + entry[1]);
        });
  }

  @ParameterizedTest
  @MethodSource("badStackSections")
  void badStackSectionsAreUsageErrorsThatNameTheKey(String yaml, String message) {
    badValuesAreUsageErrorsThatNameTheKeyAndTheFix(yaml, message);
  }
}
