package dev.assay.bench;

import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.QuantileDiscretizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * B7: {@code assay train} of a spec with a feature pipeline (two derived columns, median
 * imputation, quantile buckets, log1p) against the same pipeline written by hand with Spark's
 * own stages ({@code SQLTransformer}, {@code Imputer}, {@code QuantileDiscretizer},
 * {@code VectorAssembler}) in front of the same XGBoost. Assay fits exactly (exact medians and
 * quantiles, partition-independent); Spark's stages fit approximately. Target: at most 1.15x.
 */
final class FeatureBench {
  private static final String RATIO = "f00 / nullif(abs(f01) + 1, 0)";
  private static final String MAG = "abs(f03)";

  private final Bench bench;

  FeatureBench(Bench bench) {
    this.bench = bench;
  }

  Result run(long rows) {
    return TrainBench.variant(bench, "B7", "train with a feature pipeline", rows, "rounds",
        "TrainJob in-process, derive + transforms",
        "read Delta + SQLTransformer + Imputer + QuantileDiscretizer + VectorAssembler + XGBoost fit + save",
        Target.ratio(1.15), this::spec, this::bareTrain);
  }

  JobSpec spec(String name, String table, int rounds) {
    List<String> numeric = new ArrayList<>(HiggsData.featureNames());
    numeric.addAll(List.of("ratio", "mag", "f02_bucket"));
    String yaml = TrainBench.specYaml(name, table, rounds, 6, 42, bench.config().numWorkers(), bench.ledgerRoot())
        .replace("  numeric: [" + String.join(", ", HiggsData.featureNames()) + "]",
            "  numeric: [" + String.join(", ", numeric) + "]\n"
            + "  derive: {ratio: \"" + RATIO + "\", mag: \"" + MAG + "\"}\n"
            + "  transforms:\n"
            + "    - impute: {columns: [f04, f05], strategy: median}\n"
            + "    - bucketize: {column: f02, output: f02_bucket, quantiles: 5}\n"
            + "    - log1p: [mag]");
    return SpecLoader.parse(yaml, "bench spec " + name, List.of());
  }

  /** What a user writes without Assay: the same features from Spark's own stages, the same XGBoost. */
  void bareTrain(String table, int rounds, String dir) {
    Dataset<Row> data = bench.spark().read().format("delta").load(table);
    SQLTransformer derive = new SQLTransformer().setStatement("SELECT *, " + RATIO + " AS ratio, log1p(" + MAG
        + ") AS mag FROM __THIS__");
    Imputer impute = new Imputer().setStrategy("median").setInputCols(new String[] {"f04", "f05"})
        .setOutputCols(new String[] {"f04_filled", "f05_filled"});
    QuantileDiscretizer buckets = new QuantileDiscretizer().setInputCol("f02").setOutputCol("f02_bucket")
        .setNumBuckets(5);
    List<String> inputs = new ArrayList<>(HiggsData.featureNames().stream()
        .map(f -> f.equals("f04") || f.equals("f05") ? f + "_filled" : f).toList());
    inputs.addAll(List.of("ratio", "mag", "f02_bucket"));
    VectorAssembler assembler = new VectorAssembler().setInputCols(inputs.toArray(String[]::new))
        .setOutputCol("features").setHandleInvalid("keep");
    TrainBench.saveFitted(new Pipeline().setStages(new PipelineStage[] {derive, impute, buckets, assembler,
        TrainBench.bareXgboost(bench, rounds)}).fit(data), dir);
  }
}
