package dev.assay.usecase;

import dev.assay.demo.DemoData;
import dev.assay.evaluation.ComputeMetrics;
import dev.assay.gpu.CaptureGpuPlacement;
import dev.assay.gpu.ReadinessReport;
import dev.assay.model.AssembleDenseFeatures;
import dev.assay.model.CategoryCodes;
import dev.assay.model.InputChecks;
import dev.assay.model.ScoreModel;
import dev.assay.model.TrainXGBoost;
import dev.assay.model.TrainedModel;
import dev.assay.spark.AssaySpark;
import dev.assay.spec.JobSpec;
import dev.assay.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * GPU readiness on a CPU machine: runs Assay's own queries (training input and feature pipeline,
 * scoring, binary metrics) on demo data with RAPIDS in explain-only mode, where they run on CPU
 * with correct results while RAPIDS logs, per operator, whether it would run on GPU and why not.
 * Needs the RAPIDS jar on the classpath ({@code scripts/gpu-readiness} adds it); one RAPIDS set-up
 * per JVM.
 */
public final class CheckGpuReadiness {
  private CheckGpuReadiness() {}

  /** The session settings of explain-only mode: the SQL extension, no {@code spark.plugins}, no GPU needed. */
  public static Map<String, String> explainOnlyConf() {
    // skipGpuArchitectureCheck is only read by the executor plugin (not loaded here); set so that a copied
    // configuration cannot abort a CPU JVM.
    return Map.of(
        "spark.sql.extensions", "com.nvidia.spark.rapids.SQLExecPlugin,io.delta.sql.DeltaSparkSessionExtension",
        "spark.rapids.sql.mode", "explainOnly", "spark.rapids.sql.explain", "ALL", "spark.rapids.sql.enabled", "true",
        "spark.rapids.skipGpuArchitectureCheck", "true");
  }

  /** Writes demo data under {@code dir}, runs each stage and returns the placement of every operator. */
  public static ReadinessReport run(SparkSession spark, String dir, JobSpec spec) {
    try (CaptureGpuPlacement capture = new CaptureGpuPlacement()) {
      return run(spark, dir, spec, capture);
    }
  }

  private static ReadinessReport run(SparkSession spark, String dir, JobSpec spec, CaptureGpuPlacement capture) {
    DemoData.write(spark, dir, 42, 2000, 1000, true);
    String trainPath = dir + "/demo/train";
    String evalPath = dir + "/demo/eval";
    // Warm the Delta snapshots, so that Delta's own log queries stay out of the stages below.
    spark.read().format("delta").load(trainPath).limit(1).collectAsList();
    spark.read().format("delta").load(evalPath).limit(1).collectAsList();
    ReadinessReport report = new ReadinessReport();
    {
      // A CPU model for the scoring stages (its fit is not measured: XGBoost's GPU plugin trains outside the plans).
      TrainedModel trained = TrainXGBoost.train(spark, spec.model(), spec.features(),
          spark.read().format("delta").load(trainPath), "demo/train");
      PipelineModel gpuModel = onGpuPath(trained.pipeline());
      capture.drain();

      // Stage 1: the GPU path's training input (checks, hash partitioning, sort, category codes; no vector column).
      TrainXGBoost.gpuTrainingInput(spec.model(), spec.features(), spark.read().format("delta").load(trainPath),
          "demo/train").write().format("noop").mode("overwrite").save();
      report.add("train: GPU path input (checks, partitioning, sort, category codes)", capture.drain());

      // Stage 2: the GPU model's features on the evaluation rows: the category codes.
      Dataset<Row> eval = spark.read().format("delta").load(evalPath);
      Dataset<Row> prepared = InputChecks.prepare(eval, spec.features(), "demo/eval", true);
      gpuModel.stages()[0].transform(prepared).write().format("noop").mode("overwrite").save();
      report.add("features: GPU path (category codes, String[] columns)", capture.drain());

      // Stage 3: scoring as evaluate and score run it, with the GPU model's pipeline (planned only: on CPU its
      // scores are wrong, see onGpuPath).
      ScoreModel.predict(gpuModel, eval, spec.features(), spec.model().task(), "demo/eval", true)
          .write().format("noop").mode("overwrite").save();
      report.add("scoring: GPU model pipeline and score column", capture.drain());

      // Stage 4: the metric queries, on stored (CPU model, correct) predictions so that only they are measured.
      String scored = dir + "/readiness/predictions";
      ScoreModel.predict(trained.pipeline(), eval, spec.features(), spec.model().task(), "demo/eval", true)
          .write().format("delta").mode("overwrite").save(scored);
      spark.read().format("delta").load(scored).limit(1).collectAsList();
      capture.drain();
      ComputeMetrics.binary(spark.read().format("delta").load(scored), spec.features().label(), ScoreModel.SCORE,
          spec.metrics().threshold());
      report.add("metrics: histogram per score, checks, ordered stream", capture.drain());
    }
    return report;
  }

  /**
   * {@code cpu} (a CPU model) as the GPU path builds it: the category indexer replaced by its {@link CategoryCodes},
   * no dense vector assembly, XGBoost reading the feature columns themselves. On a CPU machine XGBoost scores
   * such a model wrongly (its CPU path needs the vector column), so this model is for planning only.
   */
  static PipelineModel onGpuPath(PipelineModel cpu) {
    List<Transformer> stages = new ArrayList<>();
    String[] columns = null;
    for (Transformer t : cpu.stages()) {
      if (t instanceof StringIndexerModel indexer) {
        stages.add(CategoryCodes.of(indexer));
      } else if (t instanceof AssembleDenseFeatures assemble) {
        columns = assemble.getOrDefault(assemble.inputCols());
      } else if (t instanceof XGBoostClassificationModel xgb && columns != null) {
        stages.add((Transformer) xgb.copy(ParamMap.empty()).setFeaturesCol(columns));
      } else {
        stages.add(t);
      }
    }
    return new PipelineModel(cpu.uid(), stages);
  }

  /** {@code CheckGpuReadiness <work dir> <spec.yaml>}: prints the report; exit 0 when it ran. */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: CheckGpuReadiness <work dir> <spec.yaml>");
      System.exit(2);
    }
    SparkSession spark = AssaySpark.getOrCreate("assay gpu-readiness", "local[2]", explainOnlyConf());
    JobSpec spec = SpecLoader.load(Path.of(args[1]), List.of("model.params.num_round=5"));
    ReadinessReport report = run(spark, Path.of(args[0]).toAbsolutePath().toString(), spec);
    System.out.print(report.text());
    spark.stop();
  }
}
