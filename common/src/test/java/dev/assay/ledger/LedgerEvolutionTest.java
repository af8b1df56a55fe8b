package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.data.Warehouse;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.run.JobRunner;
import dev.assay.spark.SparkTestBase;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger written before {@code device_model} (or the process identity of runs) existed is brought up to date
 * in place, not refused.
 */
class LedgerEvolutionTest extends SparkTestBase {
  @TempDir
  Path dir;

  static StructType without(StructType schema, String column) {
    return new StructType(Arrays.stream(schema.fields()).filter(f -> !f.name().equals(column))
        .toArray(StructField[]::new));
  }

  @Test
  void anOlderMetricsTableGainsTheDeviceModelColumnAndKeepsItsRows() {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    String path = ledger.path(LedgerTableName.METRICS);
    MetricRow old = LedgerTest.row("roc_auc", 0.75, "r1");
    // An old ledger: the metrics schema and row as written before the column was added.
    Row oldRow = Rows.metric(old);
    Object[] values = new Object[oldRow.length() - 1];
    for (int i = 0; i < values.length; i++) {
      values[i] = oldRow.get(i);
    }
    spark.createDataFrame(List.of(RowFactory.create(values)),
        without(LedgerSchemas.METRICS, "device_model")).write().format("delta").save(path);

    MetricRow fresh = new MetricRow(new MetricKey("m", 1, "tid", 3, "1", null, null, "brier"), "holdout", "demo/eval",
        0.2, null, null, "ok", 100, "r2", "abc", "gpu", new Timestamp(0), null, "NVIDIA A10G");
    var saved = ledger.metrics().save(List.of(LedgerTest.row("roc_auc", 0.75, "r2"), fresh));

    assertThat(saved.inserted()).isEqualTo(1);
    assertThat(saved.unchanged()).isEqualTo(1);
    assertThat(spark.read().format("delta").load(path).schema().fieldNames()).containsExactly(
        LedgerSchemas.METRICS.fieldNames());
    assertThat(ledger.metrics().forModel("m", 1)).extracting(MetricRow::runId, MetricRow::engine,
        MetricRow::deviceModel).containsExactlyInAnyOrder(
            Tuple.tuple("r1", "cpu", null),
            Tuple.tuple("r2", "gpu", "NVIDIA A10G"));
  }

  @Test
  void aTableMissingAnOriginalColumnIsStillRefused() {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    String path = ledger.path(LedgerTableName.RUNS);
    spark.createDataFrame(List.of(), without(without(LedgerSchemas.RUNS, "device_model"), "host"))
        .write().format("delta").save(path);
    Assertions.assertThatThrownBy(ledger::runs)
        .hasMessage("Ledger table '" + path + "' exists but is not an Assay ledger table (missing columns [host, "
            + "device_model]): point ledger.root at an empty or Assay-owned location");
    assertThat(spark.read().format("delta").load(path).schema().fieldNames()).doesNotContain("device_model");
  }

  @Test
  void anOlderRunsTableGainsTheProcessIdentityAndItsOpenRunsAreJudgedByTheLeaseOnly() throws Exception {
    Warehouse warehouse = new Warehouse(dir.toString());
    Ledger ledger = new Ledger(spark, warehouse.resolve("ledger"), CommitTag.withoutRun("test"));
    String path = ledger.path(LedgerTableName.RUNS);
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    // A RUNNING row of an older Assay on this host, whose pid is gone here: it may be a live run in another
    // container with this host name, so only assay.run.lease.minutes may end it.
    RunRecord old = new RunRecord("old", null, "train", RunStatus.RUNNING, new Timestamp(System.currentTimeMillis()),
        null, null, "c", false, "0.1", List.of(), "3.5.5", "3.4.0", "17", "local[2]", "cpu", null, null, Map.of(), "u",
        InetAddress.getLocalHost().getHostName(), null, p.pid(), null, null, null);
    Row full = Rows.run(old);
    StructType oldSchema = without(without(without(LedgerSchemas.RUNS, "boot_id"), "pid_namespace"),
        "process_start_ticks");
    Object[] values = new Object[oldSchema.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = full.get(i);
    }
    spark.createDataFrame(List.of(RowFactory.create(values)), oldSchema).write().format("delta").save(path);

    JobContext ctx = new JobContext(spark, warehouse, "ledger", "ledger", Map.of(), Map.of());
    assertThat(JobRunner.run(ctx, c -> JobResult.succeeded("nothing"))).isZero();

    assertThat(spark.read().format("delta").load(path).schema().fieldNames())
        .containsExactly(LedgerSchemas.RUNS.fieldNames());
    assertThat(spark.read().format("delta").load(path).orderBy("started_at")
        .selectExpr("run_id = 'old'", "status", "boot_id is null", "process_start_ticks is null").collectAsList()
        .toString()).isEqualTo("[[true,RUNNING,true,true], [false,SUCCEEDED,false,false]]");
  }
}
