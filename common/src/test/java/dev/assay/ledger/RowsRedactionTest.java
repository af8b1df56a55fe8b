package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.data.PinnedInputs;
import dev.assay.version.DataVersion;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** What reaches the runs table: the stored spec, the error and the scheduler context carry no secret. */
class RowsRedactionTest {
  @Test
  void runRowsCarryNoSecrets() {
    String spec = "{\"model\":{\"name\":\"m\",\"params\":{\"eta\":0.1,\"s3_access_key\":\"AKIA123\"}}}";
    RunRecord run = new RunRecord("r", "k", "train", RunStatus.FAILED, new Timestamp(0), new Timestamp(1), spec,
        "c", false, "0.1", List.of(), "3.5.5", "3.4.0", "17", "local[2]", "cpu", 3,
        "cannot read with fs.s3a.secret.key=hunter2: denied", Map.of("AIRFLOW_CTX_DAG_ID", "d", "db_password", "pw"),
        "u", "h", null, 42L, null, null, null);
    Row row = Rows.run(run);
    String stored = row.getString(LedgerSchemas.RUNS.fieldIndex("spec"));
    assertThat(stored).isEqualTo("{\"model\":{\"name\":\"m\",\"params\":{\"eta\":0.1,\"s3_access_key\":"
        + "\"*****(redacted)\"}}}");
    assertThat(row.getString(LedgerSchemas.RUNS.fieldIndex("error")))
        .isEqualTo("cannot read with fs.s3a.secret.key=*****(redacted) denied");
    assertThat(row.toString()).doesNotContain("AKIA123", "hunter2", "-> pw");
  }

  @Test
  void passwordsInTableUrisAndContextValuesAreRedactedInRunsAndMetricRows() {
    String uri = "s3a://AKIA9:wJalrXU@bucket/demo/eval";
    String spec = "{\"data\":{\"eval\":{\"holdout\":{\"table\":\"" + uri + "\"}}}}";
    RunRecord run = new RunRecord("r", "k", "evaluate", RunStatus.FAILED, new Timestamp(0), new Timestamp(1), spec,
        "c", false, "0.1", List.of(new PinnedInputs.Input("eval:holdout", uri, new DataVersion("tid", 3, uri, 0))),
        "3.5.5", "3.4.0", "17", "local[2]", "cpu", 3, "Cannot read '" + uri + "': access denied",
        Map.of("api_key", "k3y", "source", "jdbc:postgresql://ana:hunter2@db/x"), "u", "h", null, 42L, null, null,
        null);
    String row = Rows.run(run).toString();
    assertThat(row).contains("s3a://AKIA9:*****(redacted)@bucket/demo/eval", "ana:*****(redacted)@db")
        .doesNotContain("wJalrXU", "k3y", "hunter2");
    MetricRow metric = new MetricRow(new MetricKey("m", 1, "tid", 3, "1", null, null, "roc_auc"), "holdout", uri, 0.5,
        null, null, "ok", 10, "r", "c", "cpu", new Timestamp(0));
    assertThat(Rows.metric(metric).toString()).contains("s3a://AKIA9:*****(redacted)@bucket").doesNotContain("wJalrXU");
  }
}
