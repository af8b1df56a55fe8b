package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.ModelStage;
import dev.assay.ledger.RunStatus;
import dev.assay.run.Command;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins every stored code. The codes are derived from the constants' names, and they are in specs,
 * ledger columns, run keys and directory names on disk: renaming a constant would silently change
 * them, so this test lists each one as written in the ledger and fails on any rename.
 */
class StoredCodeTest {

  private static List<String> codes(StoredCode[] constants) {
    return Arrays.stream(constants).map(StoredCode::code).toList();
  }

  @Test
  void everyStoredCodeIsPinned() {
    assertThat(codes(Task.values())).containsExactly("binary", "regression", "multiclass");
    assertThat(codes(Algorithm.values())).containsExactly("xgboost", "mllib_logistic_regression",
        "mllib_random_forest", "ensemble_mean", "stack", "external", "lightgbm", "onnx");
    assertThat(codes(ModelStage.values())).containsExactly("candidate", "champion", "archived");
    assertThat(codes(RunStatus.values())).containsExactly("RUNNING", "SUCCEEDED", "SKIPPED", "FAILED");
    assertThat(codes(Command.values())).containsExactly("train", "retrain", "evaluate", "reevaluate", "gate",
        "ensemble", "verify", "score", "benchmark", "ingest", "demo-data", "import-model", "monitor", "export");
    assertThat(codes(LedgerTableName.values())).containsExactly("runs", "models", "metrics", "benchmarks",
        "data_drift", "alerts");
  }

  @Test
  void toStringIsTheCodeAndLookupsReadItBack() {
    assertThat(Command.DEMO_DATA).hasToString("demo-data");
    assertThat(Command.find("demo-data")).contains(Command.DEMO_DATA);
    assertThat(Command.find("DEMO_DATA")).isEmpty();
    assertThat(Algorithm.of("mllib_random_forest")).isEqualTo(Algorithm.MLLIB_RANDOM_FOREST);
    assertThat(RunStatus.of("SKIPPED")).isEqualTo(RunStatus.SKIPPED);
    assertThatThrownBy(() -> Task.of("Binary")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read task 'Binary': not one of [binary, regression, multiclass]");
  }
}
