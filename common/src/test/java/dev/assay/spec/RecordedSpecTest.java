package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedSpecTest {
  /** A quote and a backslash: the format-built specs of ingest and benchmark broke on both. */
  static final String ODD_TABLE = "data/we\"ird\\table";

  @Test
  void tablePathsWithAQuoteAndABackslashRoundTrip() {
    TableRef odd = new TableRef(ODD_TABLE, 3L, null, "region = 'north' and note = \"a\\b\"");
    List<RecordedSpec> specs = List.of(
        new RecordedSpec.Ingest("in/he said \"hi\"\\.csv", ODD_TABLE, "append"),
        new RecordedSpec.Benchmark(new RecordedSpec.PinnedTable(ODD_TABLE, 2), "churn-xgb:1", 5, null, 2),
        new RecordedSpec.Score(odd, "churn-xgb:1", ODD_TABLE + "/scores"),
        new RecordedSpec.Evaluate(Map.of("odd", odd), "churn-xgb:1", 0.5),
        new RecordedSpec.Reevaluate(Map.of("odd", odd), "1", null, "champion"),
        new RecordedSpec.Verify("run \"1\"\\", true),
        new RecordedSpec.DemoData(42, 10, 5, false),
        new RecordedSpec.DemoData(42, 10, 5, true),
        new RecordedSpec.Export("churn-xgb:1", new RecordedSpec.PinnedTable(ODD_TABLE, 1), 200, "/pkg/\"q\"\\"));
    List<String> commands = List.of("ingest", "benchmark", "score", "evaluate", "reevaluate", "verify", "demo-data",
        "demo-data", "export");
    for (int i = 0; i < specs.size(); i++) {
      String json = specs.get(i).json();
      assertThat(RecordedSpec.read(commands.get(i), json, "test")).as(json).isEqualTo(specs.get(i));
    }
    assertThat(specs.get(0).json())
        .isEqualTo("{\"mode\":\"append\",\"source\":\"in/he said "
            + "\\\"hi\\\"\\\\.csv\",\"table\":\"data/we\\\"ird\\\\table\"}");
    // A demo-data run without the planted shift records the JSON it did before the option existed.
    assertThat(specs.get(6).json()).isEqualTo("{\"eval_rows\":5,\"seed\":42,\"train_rows\":10}");
    assertThat(specs.get(7).json()).isEqualTo("{\"eval_rows\":5,\"seed\":42,\"shifted_eval\":true,\"train_rows\":10}");
    assertThat(RecordedSpec.read("demo-data", "{\"eval_rows\":5,\"seed\":42,\"train_rows\":10}", "old"))
        .isEqualTo(specs.get(6));
    assertThat(specs.get(8).json()).isEqualTo("{\"golden\":{\"table\":\"data/we\\\"ird\\\\table\",\"version\":1},"
        + "\"golden_rows\":200,\"model\":\"churn-xgb:1\",\"out\":\"/pkg/\\\"q\\\"\\\\\"}");
  }

  @Test
  void jobSpecsAreRecordedAsTheirCanonicalJson() {
    JobSpec spec = SpecLoader.parse(SpecCanonicalJsonTest.MINIMAL, "minimal", List.of());
    RecordedSpec.Job job = new RecordedSpec.Job(spec);
    assertThat(job.json()).isEqualTo(SpecLoader.canonicalJson(spec));
    // Read back, a spec is equal by its canonical JSON (1.0 and 1 are one number there), not by record equality.
    assertThat(RecordedSpec.read("train", job.json(), "test")).isInstanceOf(RecordedSpec.Job.class)
        .extracting(RecordedSpec::json).isEqualTo(job.json());
    assertThat(RecordedSpec.read("ensemble", job.json(), "test").json()).isEqualTo(job.json());
  }

  @Test
  void externalEvaluateEmbedsTheCanonicalSpecAndIsToldApartFromAModelEvaluate() {
    JobSpec spec = SpecLoader.parse(SpecCanonicalJsonTest.MINIMAL, "minimal", List.of());
    RecordedSpec external = new RecordedSpec.ExternalEvaluate("vendor",
        new RecordedSpec.PinnedTable(ODD_TABLE, 4), "score", spec);
    String json = external.json();
    assertThat(json).startsWith("{\"name\":\"vendor\",\"predictions\":{\"table\":\"data/we\\\"ird\\\\table\","
        + "\"version\":4},\"score_col\":\"score\",\"spec\":" + SpecLoader.canonicalJson(spec) + "}");
    assertThat(RecordedSpec.read("evaluate", json, "test")).isInstanceOf(RecordedSpec.ExternalEvaluate.class)
        .extracting(RecordedSpec::json).isEqualTo(json);
  }

  @Test
  void evaluateAndReevaluateKeepTheirKeysAndReadOlderRecords() {
    TableRef north = new TableRef("demo/eval", 1L, null, "region = 'north'");
    // Reevaluate's run key hashes this JSON: it is the same as before the typed writer.
    assertThat(new RecordedSpec.Reevaluate(Map.of("north", north, "all", TableRef.latest("demo/eval")), "1",
        "churn-xgb", null).json())
        .isEqualTo("{\"eval\":{\"all\":{\"table\":\"demo/eval\"},\"north\":{\"filter\":\"region = 'north'\","
            + "\"table\":\"demo/eval\",\"version\":1}},\"metric_code_version\":\"1\",\"model\":\"churn-xgb\"}");
    // An evaluate spec as recorded before (keys in insertion order, threshold 1.0).
    RecordedSpec old = RecordedSpec.read("evaluate", "{\"eval\":{\"north\":{\"table\":\"demo/eval\",\"version\":1,"
        + "\"filter\":\"region = 'north'\"}},\"model\":\"churn-xgb:12\",\"threshold\":1.0}", "test");
    assertThat(old).isInstanceOf(RecordedSpec.Evaluate.class);
    RecordedSpec.Evaluate e = (RecordedSpec.Evaluate) old;
    assertThat(e.modelName()).isEqualTo("churn-xgb");
    assertThat(e.modelVersion()).isEqualTo(12);
    assertThat(e.threshold()).isEqualTo(1.0);
    assertThat(e.filters()).isEqualTo(Map.of("north", "region = 'north'"));
  }

  @Test
  void gateRecordsItsThresholdsInSnakeCase() {
    GateSpec gate = new GateSpec("roc_auc", null, 0.7, null, 0.01, null, null);
    RecordedSpec spec = new RecordedSpec.Gate(Map.of("holdout", TableRef.atVersion("demo/eval", 0)), "1",
        "churn-xgb:2", null, gate, true);
    assertThat(spec.json()).isEqualTo("{\"challenger\":\"churn-xgb:2\",\"eval\":{\"holdout\":{\"table\":\"demo/eval\","
        + "\"version\":0}},\"gate\":{\"higher_is_better\":true,\"max_drop\":0.01,\"metric\":\"roc_auc\",\"min\":0.7},"
        + "\"metric_code_version\":\"1\",\"promote\":true}");
    assertThat(RecordedSpec.read("gate", spec.json(), "test")).isEqualTo(spec);
  }
}
