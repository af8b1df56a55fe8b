package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import org.junit.jupiter.api.Test;

class ModelRefTest {
  @Test
  void nameAloneMeansLatestAndNameColonVersionPinsOne() {
    assertThat(ModelRef.parse("churn-xgb")).isEqualTo(new ModelRef("churn-xgb", null));
    assertThat(ModelRef.parse("churn-xgb:2")).isEqualTo(new ModelRef("churn-xgb", 2));
  }

  @Test
  void aNonNumericVersionIsAUsageError() {
    assertThatThrownBy(() -> ModelRef.parse("churn-xgb:two"))
        .hasMessage("Option --model 'churn-xgb:two': version must be a number, e.g. churn-xgb:2")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }
}
