package dev.assay.bench;

import static org.apache.spark.sql.functions.col;

import dev.assay.ledger.ModelRef;
import dev.assay.spec.TableRef;
import dev.assay.usecase.ScoreJob;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;

/**
 * B3: {@code assay score} in-process (model load and hash check, pinned input, predictions with
 * provenance columns, one {@code replaceWhere} commit, ledger rows) against the bare
 * {@code PipelineModel.load} + {@code transform} + Delta write of id, prediction and probability.
 */
final class ScoreBench {
  private final Bench bench;

  ScoreBench(Bench bench) {
    this.bench = bench;
  }

  Result run(long rows, String assayModel, String bareModelDir) {
    String input = bench.tables().higgs(rows);
    String assayOut = bench.runDir().resolve("scores-assay").toString();
    String bareOut = bench.runDir().resolve("scores-bare").toString();
    return bench.pair("B3", "score to Delta", Report.rows(rows) + " rows", "ScoreJob in-process (as `assay score`)",
        "PipelineModel.load + transform + Delta write", Target.ratio(1.10),
        rep -> bench.job("score", bench.ledgerRoot(), ctx -> ScoreJob.run(ctx, new ModelRef(assayModel, null),
            new TableRef(input, null, null), assayOut)),
        rep -> PipelineModel.load(bareModelDir)
            .transform(bench.spark().read().format("delta").load(input))
            .select(col(HiggsData.ID), col("prediction"),
                functions.vector_to_array(col("probability"), "float64").getItem(1).as("probability"))
            .write().format("delta").mode("overwrite").save(bareOut));
  }
}
