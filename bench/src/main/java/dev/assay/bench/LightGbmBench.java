package dev.assay.bench;

import com.microsoft.azure.synapse.ml.lightgbm.LightGBMClassifier;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * B9: {@code assay train} of a LightGBM spec in-process against the bare SynapseML code a user would write: read
 * the Delta table, assemble, {@code LightGBMClassifier.fit} with the same iterations, leaves, seed, threads and
 * determinism flags, save. Target: at most 1.10x.
 */
final class LightGbmBench {
  private final Bench bench;

  LightGbmBench(Bench bench) {
    this.bench = bench;
  }

  Result run(long rows) {
    return TrainBench.variant(bench, "B9", "LightGBM train end to end", rows, "iterations",
        "TrainJob in-process (as `assay train`)",
        "read Delta + VectorAssembler + SynapseML LightGBMClassifier.fit + save",
        Target.ratio(1.10), this::spec, this::bareTrain);
  }

  JobSpec spec(String name, String table, int iterations) {
    String yaml = TrainBench.specYaml(name, table, iterations, 6, 42, bench.config().numWorkers(), bench.ledgerRoot())
        .replace("  task: binary", "  algorithm: lightgbm\n  task: binary")
        .replaceAll("  params: \\{[^}]*}", "  params: {num_iterations: " + iterations + ", num_leaves: 31}");
    return SpecLoader.parse(yaml, "bench spec " + name, List.of());
  }

  void bareTrain(String table, int iterations, String dir) {
    Dataset<Row> data = bench.spark().read().format("delta").load(table);
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(HiggsData.featureNames().toArray(String[]::new)).setOutputCol("features");
    LightGBMClassifier lgbm = new LightGBMClassifier();
    lgbm.setLabelCol(HiggsData.LABEL);
    lgbm.setNumIterations(iterations);
    lgbm.setNumLeaves(31);
    lgbm.setSeed(42);
    lgbm.setDeterministic(true);
    lgbm.setNumThreads(1);
    lgbm.setVerbosity(-1);
    lgbm.setPassThroughArgs("force_row_wise=true");
    TrainBench.saveFitted(new Pipeline().setStages(new PipelineStage[] {assembler, lgbm}).fit(
        data.repartition(bench.config().numWorkers())), dir);
  }
}
