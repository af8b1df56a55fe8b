package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.gpu.DeviceModel;
import dev.assay.spark.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU requests on this CPU machine: {@code train --gpu} and a spec with {@code device: cuda} are
 * exit 2 with what is missing, the JVM lives on (the CPU XGBoost jar would abort it), nothing is
 * written but the FAILED run; runs and metrics record engine and device model.
 */
class GpuCliTest extends SparkTestBase {
  static final String SPEC = Path.of("..", "conf", "specs", "demo-xgb.yaml").toAbsolutePath().normalize().toString();
  static final String MISSING = "Cannot use device=cuda: the XGBoost jar on the classpath is the CPU build "
      + "(xgboost4j-spark_2.12, no ml.dmlc.xgboost4j.scala.spark.GpuXGBoostPlugin): build with 'mvn -Pgpu package' "
      + "and submit with 'scripts/submit --profile gpu'; the RAPIDS plugin is not active";

  @TempDir
  static Path warehouse;

  static CliRun.Result run(String... args) {
    return CliRun.in(warehouse, args);
  }

  @BeforeAll
  static void demoData() {
    CliRun.Result r = run("demo-data", "--train-rows", "400", "--eval-rows", "200", "--seed", "3");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void gpuRequestsAreRefusedWithExit2AndLeaveOnlyAFailedRun() throws Exception {
    CliRun.Result flag = run("train", "--gpu", "--spec", SPEC, "--set", "model.params.num_round=3");
    assertThat(flag.code()).as(flag.err()).isEqualTo(2);
    assertThat(flag.err()).startsWith("assay train failed (exit 2): " + MISSING)
        .contains("no GPU is assigned to local-mode tasks").endsWith("(see README, GPU)\n");

    Path cudaSpec = warehouse.resolve("cuda.yaml");
    Files.writeString(cudaSpec, Files.readString(Path.of(SPEC)).replace("device: cpu", "device: cuda"));
    CliRun.Result spec = run("train", "--spec", cudaSpec.toString(), "--set", "model.params.num_round=3");
    assertThat(spec.code()).as(spec.err()).isEqualTo(2);
    assertThat(spec.err()).startsWith("assay train failed (exit 2): " + MISSING);

    assertThat(run("sql", "select command, status, exit_code, engine, device_model from assay.runs where command = "
        + "'train' and engine = 'gpu'").out())
        .isEqualTo("command,status,exit_code,engine,device_model\ntrain,FAILED,2,gpu,\ntrain,FAILED,2,gpu,\n");
    assertThat(run("sql", "select count(*) from assay.models where model_name = 'churn-xgb'").out())
        .isEqualTo("count(1)\n0\n");
    assertThat(run("sql", "select count(*) from assay.metrics where model_name = 'churn-xgb'").out())
        .isEqualTo("count(1)\n0\n");
    assertThat(warehouse.resolve("ledger").resolve("artifacts").resolve("churn-xgb")).doesNotExist();
  }

  @Test
  @Tag("slow") // trains a model for the refusals at scoring: CI runs it; the default suite keeps the refusals at start
  void cpuRunsRecordTheirDeviceAndGpuScoringOfCpuOrGpuModelsIsRefusedHere() {
    CliRun.Result cpu = run("train", "--spec", SPEC, "--set", "model.name=cpu-model", "--set",
        "model.params.num_round=3");
    assertThat(cpu.code()).as(cpu.err()).isZero();
    String device = DeviceModel.cpu() == null ? "" : DeviceModel.cpu();
    assertThat(run("sql", "select distinct engine, device_model from assay.metrics where model_name = 'cpu-model'")
        .out()).isEqualTo("engine,device_model\ncpu," + device + "\n");
    assertThat(run("sql", "select distinct engine, device_model from assay.runs where status = 'SUCCEEDED'").out())
        .isEqualTo("engine,device_model\ncpu," + device + "\n");

    CliRun.Result gpuOnCpuModel = run("evaluate", "--gpu", "--model", "cpu-model:1", "--spec", SPEC);
    assertThat(gpuOnCpuModel.code()).isEqualTo(2);
    assertThat(gpuOnCpuModel.err()).isEqualTo("assay evaluate failed (exit 2): Cannot evaluate model cpu-model:1 "
        + "with --gpu: it was trained on cpu, and CPU and GPU models are different models; drop --gpu, or train a "
        + "GPU model (train --gpu)\n");

    // A GPU model (engine gpu) is scored on GPU or not at all: its String[] features score wrongly on CPU.
    DeltaTable.forPath(spark, warehouse.resolve("ledger").resolve("models").toString())
        .updateExpr("model_name = 'cpu-model'", Map.of("engine", "'gpu'"));
    for (String command : List.of("evaluate", "score")) {
      CliRun.Result r = command.equals("evaluate")
          ? run("evaluate", "--model", "cpu-model:1", "--spec", SPEC)
          : run("score", "--model", "cpu-model:1", "--input", "demo/eval", "--output", "scored");
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err()).startsWith("assay " + command + " failed (exit 2): " + MISSING);
    }
    assertThat(warehouse.resolve("scored")).doesNotExist();
  }
}
