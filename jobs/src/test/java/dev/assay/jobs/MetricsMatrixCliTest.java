package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slices, bootstrap intervals and multiclass models through the CLI, checked in the stored rows. */
class MetricsMatrixCliTest extends CliWarehouseTest {
  static final String SPEC = AssayCliTest.SPEC;

  static Dataset<Row> metrics() {
    return spark.read().format("delta").load(warehouse.resolve("ledger/metrics").toString());
  }

  @BeforeAll
  static void demoData() {
    CliRun.Result r = run("demo-data", "--train-rows", "2000", "--eval-rows", "1000", "--seed", "3");
    assertThat(r.code()).as(r.err()).isZero();
    // A three-class label: support calls 0, 1, 2 or more.
    for (String t : List.of("train", "eval")) {
      spark.read().format("delta").option("versionAsOf", 0).load(warehouse.resolve("demo/" + t).toString())
          .withColumn("calls", least(col("support_calls"), lit(2)))
          .write().format("delta").save(warehouse.resolve("mc/" + t).toString());
    }
  }

  @Test
  void binaryModelWithSlicesAndIntervals() {
    CliRun.Result train = run("train", "--spec", SPEC, "--set", "model.params.num_round=6",
        "--set", "metrics.slices=[plan, region]", "--set", "metrics.min_slice_rows=150",
        "--set", "metrics.bootstrap.samples=30");
    assertThat(train.code()).as(train.err()).isZero();
    Dataset<Row> m = metrics().where(col("eval_name").equalTo("holdout"));

    Row auc = m.where(col("slice_column").isNull().and(col("metric").equalTo("roc_auc"))).first();
    double value = auc.getAs("value");
    assertThat(auc.<Double>getAs("ci_low")).isLessThanOrEqualTo(value);
    assertThat(auc.<Double>getAs("ci_high")).isGreaterThanOrEqualTo(value);
    assertThat(auc.<String>getAs("ci_method")).isEqualTo("poisson_bootstrap(samples=30,confidence=0.95,seed=7)");
    assertThat(m.where(col("slice_column").isNull().and(col("metric").equalTo("n_rows"))).first()
        .<Double>getAs("ci_low")).isNull();

    // Every slice value has every metric; a slice is too_small exactly when it has fewer than 150 rows.
    List<Row> slices = m.where(col("slice_column").isNotNull()).collectAsList();
    assertThat(slices).isNotEmpty().allSatisfy(r -> {
      boolean small = r.<Long>getAs("n_rows") < 150;
      assertThat(r.<String>getAs("status").equals("too_small")).isEqualTo(small);
      if (small) {
        assertThat(r.<Double>getAs("value")).isNull();
      }
    });
    assertThat(slices.stream().map(r -> r.<String>getAs("slice_column")).distinct()).containsExactlyInAnyOrder("plan",
        "region");
    long total = m.where(col("slice_column").isNull().and(col("metric").equalTo("n_rows"))).first()
        .<Long>getAs("n_rows");
    for (String c : List.of("plan", "region")) {
      long sum = slices.stream().filter(r -> r.getAs("slice_column").equals(c) && r.getAs("metric").equals("n_rows"))
          .mapToLong(r -> r.<Long>getAs("n_rows")).sum();
      assertThat(sum).as(c).isEqualTo(total);
    }

    // verify repeats slices and intervals bit for bit; a second evaluation stores nothing new.
    CliRun.Result verify = run("verify", "--model", "churn-xgb:1");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("identical  metric roc_auc[plan=basic] on holdout v0")
        .doesNotContain("DIFFERENT");
    long stored = metrics().count();
    CliRun.Result again = run("evaluate", "--model", "churn-xgb:1", "--eval", "holdout=demo/eval@0");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(metrics().count()).isEqualTo(stored);
  }

  @Test
  void multiclassModel() {
    CliRun.Result train = run("train", "--spec", SPEC, "--set", "model.name=calls-xgb",
        "--set", "model.task=multiclass", "--set", "model.params={num_round: 5, max_depth: 3, eta: 0.3}",
        "--set", "features.label=calls", "--set", "features.numeric=[tenure_months, monthly_charges, age]",
        "--set", "data.train={table: mc/train, version: 0}",
        "--set", "data.eval={holdout: {table: mc/eval, version: 0}}");
    assertThat(train.code()).as(train.err()).isZero();
    List<Row> rows = metrics().where(col("model_name").equalTo("calls-xgb")).orderBy("metric").collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs("metric")).containsExactly("accuracy", "log_loss", "macro_f1",
        "n_rows", "recall@class=0", "recall@class=1", "recall@class=2", "train_overlap_rows", "train_overlap_share",
        "weighted_f1");
    assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("ok"));
    assertThat(rows.get(0).<Double>getAs("value")).isBetween(0.2, 1.0);
    CliRun.Result board = run("ledger", "leaderboard");
    assertThat(board.code()).as(board.err()).isZero();
    assertThat(board.out()).contains("calls-xgb", "macro_f1");
    CliRun.Result verify = run("verify", "--model", "calls-xgb:1");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();

    // score writes the class index, its probability and every class's probability (issue 17: it wrote the top
    // probability as the prediction); the stored accuracy follows from the score table bit for bit.
    CliRun.Result score = run("score", "--model", "calls-xgb:1", "--input", "mc/eval@0", "--output", "scores/calls");
    assertThat(score.code()).as(score.err()).isZero();
    Dataset<Row> scores = table("scores/calls");
    assertThat(scores.columns()).containsExactly("customer_id", "prediction", "probability", "probabilities",
        "model_name", "model_version", "input_table_id", "input_version", "run_id", "scored_at");
    for (String broken : List.of("size(probabilities) <> 3", "prediction not in (0, 1, 2)",
        "probability <> element_at(probabilities, cast(prediction as int) + 1)",
        "probability <> array_max(probabilities)", "abs(aggregate(probabilities, 0d, (a, p) -> a + p) - 1) > 1e-6")) {
      assertThat(scores.where(broken).count()).as(broken + ": " + scores.where(broken).limit(2).collectAsList())
          .isZero();
    }
    assertThat(scores.select("prediction").distinct().count()).isGreaterThan(1);
    double accuracy = scores.join(table("mc/eval"), "customer_id")
        .selectExpr("avg(if(prediction = calls, 1d, 0d))").first().getDouble(0);
    assertThat(accuracy).isEqualTo(rows.get(0).<Double>getAs("value"));

    CliRun.Result badLabel = run("train", "--spec", SPEC, "--set", "model.name=calls-bad",
        "--set", "model.task=multiclass", "--set", "model.params={num_round: 2}",
        "--set", "features.numeric=[tenure_months, age]", "--set", "features.label=monthly_charges");
    assertThat(badLabel.code()).isEqualTo(3);
    assertThat(badLabel.err()).contains("Table 'demo/train' column 'monthly_charges' has", "not class indexes");
  }

  @Test
  void aMissingSliceColumnIsAnInputDataError() {
    CliRun.Result r = run("train", "--spec", SPEC, "--set", "model.name=no-slice",
        "--set", "model.params.num_round=2", "--set", "metrics.slices=[plan, county]");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("Table 'demo/eval' lacks slice column(s) [county] named in metrics.slices");
    assertThat(metrics().where(col("model_name").equalTo("no-slice")).count()).isZero();
  }

  /**
   * Columns named with a dot or a backtick (flattened JSON): an id, a slice and derived features read them
   * through every command (issue 17: train ended with exit 1 and a stack trace); a feature named so is refused
   * before Spark starts, with the derived-name fix, as Spark ML stages would read a dot as a struct field.
   */
  @Test
  void columnsNamedWithDotsAndBackticks() {
    for (String t : List.of("train", "eval")) {
      table("demo/" + t).withColumnRenamed("customer_id", "customer.id").withColumnRenamed("tenure_months",
          "tenure.months").withColumnRenamed("plan", "plan.name").withColumnRenamed("region", "re`gion")
          .write().format("delta").save(warehouse.resolve("dot/" + t).toString());
    }
    String[] spec = {"--spec", SPEC, "--set", "model.name=dotted", "--set", "model.params.num_round=3",
        "--set", "data.train={table: dot/train}", "--set", "data.eval={holdout: {table: dot/eval, version: 0}}",
        "--set", "features.id=customer.id", "--set", "features.numeric=[tenure_months, monthly_charges, age]",
        "--set", "features.derive={tenure_months: '`tenure.months`', plan: '`plan.name`', region: '`re``gion`'}",
        "--set", "features.categorical=[plan, region]", "--set", "metrics.slices=[plan.name]"};
    ok(Stream.concat(Stream.of("train"), Stream.of(spec)).toArray(String[]::new));
    assertThat(metrics().where(col("model_name").equalTo("dotted").and(col("slice_column").equalTo("plan.name")))
        .count()).isPositive();
    ok("score", "--model", "dotted:1", "--input", "dot/eval@0", "--output", "scores/dotted");
    assertThat(table("scores/dotted").columns()).startsWith("customer.id");
    assertThat(table("scores/dotted").count()).isEqualTo(table("dot/eval").count());

    CliRun.Result refused = run("train", "--spec", SPEC, "--set", "features.numeric=[tenure.months, age]");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("key 'features.numeric[0]' is \"tenure.months\": a column a model reads "
        + "(a feature, the label or the weight) cannot contain '.' or '`', as Spark ML stages read a dot as a "
        + "struct field; derive a plain name for a feature (e.g. derive: {tenure_months: '`tenure.months`'}) and "
        + "list that name, or rename the label or weight column in the table");
  }
}
