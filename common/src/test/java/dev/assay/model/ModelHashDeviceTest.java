package dev.assay.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU and GPU models never share a model hash: the device is part of the hash input (CPU hashes unchanged). */
class ModelHashDeviceTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void theDeviceGoesIntoTheHashOfAnotherwiseIdenticalBooster() {
    byte[] json = "{\"learner\":{}}".getBytes(StandardCharsets.UTF_8);
    assertThat(TrainXGBoost.modelHash(json, "cpu")).isEqualTo(Hashing.sha256(json));
    assertThat(TrainXGBoost.modelHash(json, "cuda")).isNotEqualTo(Hashing.sha256(json))
        .isEqualTo(Hashing.sha256("device=cuda\n{\"learner\":{}}"));
  }

  @Test
  void aFittedPipelineMarkedCudaHashesDifferentlyInMemoryAndOnDisk() {
    TrainXGBoostTest.makeData();
    TrainedModel cpu = TrainXGBoost.train(spark, TrainXGBoostTest.spec(2), TrainXGBoostTest.FEATURES,
        TrainXGBoostTest.data, "t");
    assertThat(TrainXGBoost.device(cpu.pipeline())).isEqualTo("cpu");
    assertThat(cpu.modelHash()).isEqualTo(Hashing.sha256(cpu.boosterJson()))
        .isEqualTo(ModelTrainer.XGBOOST.hash(cpu.pipeline()));

    // The same booster bytes declared as a CUDA model (never transformed here: the CPU jar would abort).
    PipelineModel p = cpu.pipeline();
    Params xgb = (Params) p.stages()[p.stages().length - 1];
    xgb.set(xgb.getParam("device"), "cuda");
    String gpuHash = TrainXGBoost.modelHash(cpu.boosterJson(), "cuda");
    assertThat(TrainXGBoost.device(p)).isEqualTo("cuda");
    assertThat(ModelTrainer.XGBOOST.hash(p)).isEqualTo(gpuHash).isNotEqualTo(cpu.modelHash());

    String saved = dir.resolve("m").toString();
    ModelArtifacts.save(spark, cpu, saved);
    assertThat(ModelTrainer.XGBOOST.artifactHash(spark, saved)).isEqualTo(gpuHash);
  }
}
