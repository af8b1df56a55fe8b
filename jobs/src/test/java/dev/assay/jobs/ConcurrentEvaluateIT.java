package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight {@code assay evaluate} JVMs started together against one ledger, two per new evaluation
 * cell: Delta's optimistic concurrency makes most of their commits conflict, {@code CommitRetry}
 * retries them, and the insert-only MERGE keeps every metric row exactly once.
 */
@Tag("slow")
class ConcurrentEvaluateIT extends SparkTestBase {
  static final int WRITERS = 8;
  static final int CELLS = 4;
  static final List<String> KEY = List.of("model_name", "model_version", "eval_table_id", "eval_version",
      "eval_filter", "metric_code_version", "slice_column", "slice_value", "metric");

  @TempDir
  static Path warehouse;

  static Process start(int i, String... args) throws IOException {
    String appJar = System.getProperty("assay.app.jar");
    String sparkCp = Files.readString(Path.of(System.getProperty("assay.spark.classpath"))).trim();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx700m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.addAll(Arrays.asList(System.getProperty("assay.java17.flags").trim().split("\\s+")));
    cmd.add("-Dlog4j2.configurationFile=" + Path.of("..", "conf", "log4j2.properties").toAbsolutePath().normalize());
    cmd.addAll(List.of("-cp", appJar + java.io.File.pathSeparator + sparkCp, "dev.assay.jobs.AssayCli",
        "--master", "local[1]", "--warehouse", warehouse.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.redirectOutput(warehouse.resolve("out-" + i + ".txt").toFile());
    pb.redirectError(warehouse.resolve("err-" + i + ".txt").toFile());
    return pb.start();
  }

  static Dataset<Row> ledger(String table) {
    return spark.read().format("delta").load(warehouse.resolve("ledger").resolve(table).toString());
  }

  @Test
  void eightConcurrentEvaluationsStoreEveryRowExactlyOnce() throws Exception {
    CliRun.Result d = CliRun.in(warehouse, "demo-data", "--train-rows", "800", "--eval-rows", "400");
    assertThat(d.code()).as(d.err()).isZero();
    CliRun.Result t = CliRun.in(warehouse, "train", "--spec", AssayCliTest.SPEC, "--set", "model.params.num_round=3");
    assertThat(t.code()).as(t.err()).isZero();
    long before = ledger("metrics").count();
    long perCell = ledger("metrics").where("eval_version = 0 and eval_filter is null").count();

    // Writers i and i + CELLS compute the same new cell (holdout v0 under filter i); all share the stored recent v1.
    List<Process> procs = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      procs.add(start(i, "--quiet", "evaluate", "--model", "churn-xgb:1", "--spec", AssayCliTest.SPEC,
          "--set", "data.eval.holdout.filter=customer_id % " + CELLS + " = " + (i % CELLS)));
    }
    for (int i = 0; i < WRITERS; i++) {
      Process p = procs.get(i);
      assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("writer %d finished", i).isTrue();
      assertThat(p.exitValue()).as(Files.readString(warehouse.resolve("err-" + i + ".txt"), StandardCharsets.UTF_8))
          .isZero();
    }

    Dataset<Row> metrics = ledger("metrics");
    assertThat(metrics.count()).isEqualTo(before + CELLS * perCell);
    assertThat(metrics.where("eval_filter is not null").select("eval_filter").distinct().count()).isEqualTo(CELLS);
    assertThat(metrics.groupBy(KEY.get(0), KEY.subList(1, KEY.size()).toArray(String[]::new)).count()
        .where("count > 1").count()).isZero();
    List<Row> runs = ledger("runs").where("command = 'evaluate'").groupBy("status").count().orderBy("status")
        .collectAsList();
    long finished = runs.stream().mapToLong(r -> r.getLong(1)).sum();
    assertThat(finished).isEqualTo(WRITERS);
    assertThat(runs).allSatisfy(r -> assertThat(r.getString(0)).isIn("SUCCEEDED", "SKIPPED"));
    assertThat(ledger("models").count()).isEqualTo(1);
  }
}
