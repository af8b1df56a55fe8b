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
  /**
   * The rules, one per entry, grouped by section ({@code #} lines): a change to the base spec, {@code =>}, the
   * message after "Spec x.yaml: " ({@code \\} joins a long entry's lines). A change is {@code model+ LINE} (a line
   * added under {@code model}), {@code + LINES} (appended to the spec), {@code OLD -> NEW} (text of the spec
   * replaced) or {@code = YAML} (the whole spec); {@code \\n} in a change is a line break.
   */
  static Stream<Arguments> badSpecs() {
    return """
        # unknown keys, at every level
        model+ max_dept: 3 => unknown key 'model.max_dept' (known keys of model: name, algorithm, task, params, seed, \
        num_workers, device, stack, onnx)
        model+ numWorkers: 3 => unknown key 'model.numWorkers' (known keys of model: name, algorithm, task, params, \
        seed, num_workers, device, stack, onnx)
        + foo: 1 => unknown key 'foo' (known keys: model, features, data, metrics, ledger, gate, monitor)
        label: y -> label: y\\n  labels: z => unknown key 'features.labels' (known keys of features: numeric, \
        categorical, label, weight, id, derive, transforms)
        +   test: {table: t} => unknown key 'data.test' (known keys of data: train, eval)
        version: 0 -> version: 0, snapshot: 1 => unknown key 'data.train.snapshot' (known keys of data.train: table, \
        version, timestamp, filter)
        +   eval:\\n    holdout: {table: t, versoin: 1} => unknown key 'data.eval.holdout.versoin' (known keys of \
        data.eval.holdout: table, version, timestamp, filter)
        + metrics: {treshold: 0.4} => unknown key 'metrics.treshold' (known keys of metrics: threshold, slices, \
        min_slice_rows, max_slice_values, bootstrap)
        + ledger: {path: x} => unknown key 'ledger.path' (known keys of ledger: root)
        # missing required keys
        label: y -> id: i => missing required key 'features.label'
        model:\\n  name: m1\\n ->  => missing required key 'model'
        name: m1 -> seed: 1 => missing required key 'model.name'
        features:\\n  numeric: [a, b]\\n  label: y\\n ->  => missing required key 'features'
        data:\\n  train: {table: t, version: 0}\\n ->  => missing required key 'data'
        table: t,  ->  => missing required key 'data.train.table'
        +   eval:\\n    holdout: => missing required key 'data.eval.holdout.table'
        =  => missing required key 'model'
        = features:\\n => missing required key 'model'
        # wrong types, never coerced
        model+ num_workers: two => key 'model.num_workers' must be an integer, got "two"
        model+ num_workers: 1.5 => key 'model.num_workers' must be an integer, got 1.5
        model+ num_workers: 2.0 => key 'model.num_workers' must be an integer, got 2.0
        model+ num_workers: '2' => key 'model.num_workers' must be an integer, got "2" (write the number without quotes)
        model+ num_workers: 99999999999 => key 'model.num_workers' must be an integer between -2147483648 and \
        2147483647, got 99999999999
        model+ seed: 99999999999999999999 => key 'model.seed' must be an integer between -9223372036854775808 and \
        9223372036854775807, got 99999999999999999999
        model+ seed: 1.5 => key 'model.seed' must be an integer, got 1.5
        name: m1 -> name: 123 => key 'model.name' must be a string, got 123 (put it in quotes to use it as text)
        model:\\n  name: m1 -> model: abc => key 'model' must be a mapping with keys name, algorithm, task, params, \
        seed, num_workers, device, stack, onnx, got "abc"
        + metrics: 0.3 => key 'metrics' must be a mapping with keys threshold, slices, min_slice_rows, \
        max_slice_values, bootstrap, got 0.3
        + metrics: {threshold: high} => key 'metrics.threshold' must be a number, got "high"
        + ledger: warehouse/ledger => key 'ledger' must be a mapping with keys root, got "warehouse/ledger"
        numeric: [a, b] -> numeric: a => key 'features.numeric' must be a list, got "a"
        numeric: [a, b] -> numeric: [a, 1] => key 'features.numeric[1]' must be a string, got 1 (put it in quotes to \
        use it as text)
        model+ params: [1] => key 'model.params' must be a mapping, got [1]
        version: 0 -> version: x => key 'data.train.version' must be an integer, got "x"
        +   eval:\\n    holdout: {table: t, version: 1.0} => key 'data.eval.holdout.version' must be an integer, got 1.0
        +   eval: [a] => key 'data.eval' must be a mapping, got ["a"]
        = - a\\n => the top level must be a mapping with keys model, features, data, metrics, ledger, gate, monitor, \
        got ["a"]
        # model values
        name: m1 -> name: Churn XGB => key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, \
        digits, '_', '.', '-', at most 64 characters, no '..'; a name, not a path), got "Churn XGB"
        name: m1 -> name: a..b => key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, \
        '_', '.', '-', at most 64 characters, no '..'; a name, not a path), got "a..b"
        name: m1 -> name: a/b => key 'model.name' must match [a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, \
        '_', '.', '-', at most 64 characters, no '..'; a name, not a path), got "a/b"
        name: m1 -> name: " " => key 'model.name' must be a non-blank model name, got " "
        model+ algorithm: catboost => key 'model.algorithm' must be one of xgboost, mllib_logistic_regression, \
        mllib_random_forest, ensemble_mean, stack, onnx, lightgbm, got "catboost"
        model+ task: ordinal => key 'model.task' must be one of binary, regression, multiclass, got "ordinal"
        model+ device: gpu => key 'model.device' must be one of cpu, cuda, got "gpu"
        model+ num_workers: 0 => key 'model.num_workers' must be at least 1, got 0
        # params
        model+ params: {num_round: 0} => key 'model.params.num_round' must be an integer >= 1, got 0
        model+ params: {num_round: 10.0} => key 'model.params.num_round' must be an integer >= 1, got 10.0
        model+ params: {num_round: "10"} => key 'model.params.num_round' must be an integer >= 1, got "10"
        model+ params: {max_depth: -1} => key 'model.params.max_depth' must be an integer >= 0, got -1
        model+ params: {eta: 0} => key 'model.params.eta' must be a number > 0, got 0
        model+ params: {eta: -0.1} => key 'model.params.eta' must be a number > 0, got -0.1
        model+ params: {eta: "0.1"} => key 'model.params.eta' must be a number > 0, got "0.1" (write the number \
        without quotes)
        model+ params: {x: {a: 1}} => key 'model.params.x' must be a number, string or boolean, got {"a":1}
        model+ params: {x: [1, 2]} => key 'model.params.x' must be a number, string or boolean, got [1,2]
        model+ params: {x: null} => key 'model.params.x' must be a number, string or boolean, got null
        # params that Assay controls
        model+ params: {seed: 3} => key 'model.params.seed' is controlled by Assay: use 'model.seed' instead
        model+ params: {num_workers: 3} => key 'model.params.num_workers' is controlled by Assay: use \
        'model.num_workers' instead
        model+ params: {device: cuda} => key 'model.params.device' is controlled by Assay: use 'model.device' instead
        model+ params: {missing: 0} => key 'model.params.missing' is controlled by Assay: Assay fixes the \
        missing-value marker itself; remove it
        model+ params: {features_col: f} => key 'model.params.features_col' is controlled by Assay: Assay builds the \
        features column from 'features.numeric' and 'features.categorical'; remove it
        model+ params: {label_col: y} => key 'model.params.label_col' is controlled by Assay: use 'features.label' \
        instead
        # feature columns
        numeric: [a, b] -> numeric: [a, b, a] => key 'features.numeric' lists column "a" twice: list each column once
        numeric: [a, b] -> numeric: [a, y] => key 'features.numeric' uses column "y", which is already used by \
        'features.label': use each column once
        numeric: [a, b] -> numeric: [a, b]\\n  categorical: [c, b] => key 'features.categorical' uses column "b", \
        which is already used by 'features.numeric': use each column once
        label: y -> label: y\\n  id: y => key 'features.id' uses column "y", which is already used by \
        'features.label': use each column once
        label: y -> label: y\\n  weight: w\\n  id: w => key 'features.id' uses column "w", which is already used by \
        'features.weight': use each column once
        numeric: [a, b] -> numeric: [] => key 'features' has no feature columns: list at least one column in \
        'features.numeric' or 'features.categorical'
        numeric: [a, b] -> numeric: [a, " "] => key 'features.numeric[1]' must be a non-blank column name, got " "
        numeric: [a, b] -> numeric: [a, null] => key 'features.numeric[1]' must be a non-blank column name, got null
        label: y -> label: '' => key 'features.label' must be a non-blank column name, got ""
        label: y -> label: y\\n  weight: '' => key 'features.weight' must be a non-blank column name or be left out, \
        got ""
        # table refs
        version: 0 -> version: 0, timestamp: 2026-11-01 => key 'data.train' sets both version and timestamp: use one \
        of version or timestamp
        +   eval:\\n    holdout: {table: t, version: -1} => key 'data.eval.holdout.version' must be >= 0, got -1
        version: 0 -> timestamp: yesterday => key 'data.train.timestamp' must be an ISO-8601 date-time or date such as \
        2026-11-01T10:00:00Z, 2026-11-01 10:00:00 or 2026-11-01, got "yesterday"
        version: 0 -> timestamp: 2026-13-01 => key 'data.train.timestamp' must be an ISO-8601 date-time or date such \
        as 2026-11-01T10:00:00Z, 2026-11-01 10:00:00 or 2026-11-01, got "2026-13-01"
        table: t -> table: ' ' => key 'data.train.table' must be a non-blank table name, got " "
        +   eval:\\n    Holdout: {table: t} => key 'data.eval.Holdout' is not a valid evaluation name: use lowercase \
        letters, digits, '_' and '-', starting with a letter or digit ([a-z0-9][a-z0-9_-]*)
        train: {table: t, version: 0} -> eval: {} => key 'data' reads no table: set 'data.train', 'data.eval' or both
        # metrics and ledger
        + metrics: {threshold: 1.5} => key 'metrics.threshold' must be between 0 and 1 (exclusive), got 1.5
        + metrics: {threshold: 0} => key 'metrics.threshold' must be between 0 and 1 (exclusive), got 0.0
        + ledger: {root: ''} => key 'ledger.root' must be a non-blank directory or be left out, got ""
        # slices and bootstrap
        + metrics: {slices: [plan, plan]} => key 'metrics.slices' lists column "plan" twice: list each column once
        + metrics: {min_slice_rows: 0} => key 'metrics.min_slice_rows' must be at least 1, got 0
        + metrics: {max_slice_values: 0} => key 'metrics.max_slice_values' must be at least 1, got 0
        + metrics: {max_slice_values: -5} => key 'metrics.max_slice_values' must be at least 1, got -5
        + metrics: {max_slice_values: 1.5} => key 'metrics.max_slice_values' must be an integer, got 1.5
        + metrics: {bootstrap: {samples: 1}} => key 'metrics.bootstrap.samples' must be 0 (off) or at least 2 \
        replicates, got 1
        + metrics: {bootstrap: {samples: 100, confidence: 1}} => key 'metrics.bootstrap.confidence' must be between 0 \
        and 1 (exclusive), got 1.0
        """.lines().filter(line -> !line.startsWith("# ")).map(line -> line.split(" => ", 2))
        .map(entry -> Arguments.of(changed(entry[0].replace("\\n", "\n")), "Spec x.yaml: " + entry[1]));
  }

  /** The spec that a {@link #badSpecs} change makes of the base spec. */
  private static String changed(String change) {
    if (change.startsWith("model+ ")) {
      return withModel(change.substring("model+ ".length()));
    } else if (change.startsWith("+ ")) {
      return BASE + change.substring(2) + "\n";
    } else if (change.startsWith("= ")) {
      return change.substring(2);
    }
    String[] oldNew = change.split(" -> ", 2);
    return BASE.replace(oldNew[0], oldNew[1]);
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void badValuesAreUsageErrorsThatNameTheKeyAndTheFix(String yaml, String message) {
    assertUsage(yaml, message);
  }

  /** The name pattern's length limit, one past it; {@link #aModelNameOfSixtyFourCharactersLoads} is at it. */
  @Test
  void aModelNameOfSixtyFiveCharactersIsRefused() {
    String name = "a".repeat(65);
    assertUsage(BASE.replace("name: m1", "name: " + name), "Spec x.yaml: key 'model.name' must match "
        + "[a-z0-9][a-z0-9_.-]{0,63} (lowercase letters, digits, '_', '.', '-', at most 64 characters, no '..'; a "
        + "name, not a path), got \"" + name + "\"");
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
