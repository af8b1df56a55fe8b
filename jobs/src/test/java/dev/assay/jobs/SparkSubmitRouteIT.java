package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar under Spark's own launcher: {@code SparkSubmit --class dev.assay.jobs.AssayCli}
 * in local mode, in a separate JVM, with only Spark's jars on its classpath and the shaded jar
 * holding Assay, Delta and XGBoost — the way a cluster runs it.
 */
@Tag("slow") // a spark-submit child JVM, about 2 minutes: CI (scripts/test --all) runs it
class SparkSubmitRouteIT {
  @TempDir
  Path warehouse;

  record Proc(int code, String out, String err) {}

  Proc submit(String... args) throws IOException, InterruptedException {
    String appJar = System.getProperty("assay.app.jar");
    String sparkCp = Files.readString(Path.of(System.getProperty("assay.spark.classpath"))).trim();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx2g");
    cmd.addAll(Arrays.asList(System.getProperty("assay.java17.flags").trim().split("\\s+")));
    cmd.add("-Dlog4j2.configurationFile=" + Path.of("..", "conf", "log4j2.properties").toAbsolutePath().normalize());
    cmd.addAll(List.of("-cp", sparkCp, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
        "--conf", "spark.ui.enabled=false", "--class", "dev.assay.jobs.AssayCli", appJar,
        "--warehouse", warehouse.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Path out = Files.createTempFile(warehouse, "out", ".txt");
    Path err = Files.createTempFile(warehouse, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("spark-submit finished within 5 minutes").isTrue();
    return new Proc(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
        StandardCharsets.UTF_8));
  }

  @Test
  void trainsAndQueriesThroughSparkSubmit() throws Exception {
    String spec = Path.of("..", "conf", "specs", "demo-xgb.yaml").toAbsolutePath().normalize().toString();
    Proc demo = submit("demo-data", "--train-rows", "2000", "--eval-rows", "800");
    assertThat(demo.code()).as(demo.err()).isZero();
    Proc train = submit("train", "--spec", spec, "--set", "model.params.num_round=5");
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.err()).contains("registered model churn-xgb:1");
    Proc sql = submit("--quiet", "sql",
        "select count(*) as n, count(distinct eval_version) as versions from assay.metrics");
    assertThat(sql.code()).as(sql.err()).isZero();
    String[] row = sql.out().lines().toList().get(1).split(",");
    assertThat(Long.parseLong(row[0])).isPositive();
    assertThat(row[1]).isEqualTo("2");
    // Exit codes survive spark-submit in client mode: a spec error is 2.
    Proc bad = submit("train", "--spec", spec, "--set", "model.nope=1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown key 'model.nope'");
  }
}
