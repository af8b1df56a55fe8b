package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The leakage case of the bad-input matrix (issue 21): a model trained on its own evaluation rows. */
final class LeakyModel {
  private LeakyModel() {}

  /**
   * A pipeline that re-ingests everything appended the evaluation rows to the training table: the
   * model trained on it stores the exact count (every holdout row) as train_overlap_rows; the gate
   * case of the matrix refuses it.
   */
  static void train(Dataset<Row> train, Dataset<Row> eval) {
    BadInputMatrixTest.write("bad/leaky_train", train.unionByName(eval));
    CliRun.Result r = CliRun.in(BadInputMatrixTest.warehouse, "train", "--spec", BadInputMatrixTest.SPEC,
        "--set", "model.name=leaky", "--set", "model.params.num_round=3",
        "--set", BadInputMatrixTest.trainOn("bad/leaky_train"));
    assertThat(r.code()).as(r.err()).isZero();
    long holdout = SparkTestBase.sharedSession().read().format("delta").option("versionAsOf", 0)
        .load(BadInputMatrixTest.path("demo/eval")).count();
    Dataset<Row> metrics = BadInputMatrixTest.read("ledger/metrics");
    assertThat(metrics.where("model_name = 'leaky' and slice_column is null and eval_version = 0 "
        + "and metric like 'train_overlap%'").orderBy("metric").selectExpr("metric", "value").collectAsList()
        .toString()).isEqualTo("[[train_overlap_rows," + (double) holdout + "], [train_overlap_share,1.0]]");
    // The demo's tables never share a customer: the model trained on demo/train has none.
    assertThat(metrics.where("model_name = 'm' and metric = 'train_overlap_rows'").selectExpr("max(value)").first()
        .getDouble(0)).isZero();
  }
}
