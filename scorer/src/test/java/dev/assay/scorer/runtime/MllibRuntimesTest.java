package dev.assay.scorer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.Prediction;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MLlib runtimes' arithmetic, against the formulas Spark 3.5 applies (bit equality with Spark's own scores on
 * whole tables is {@code ExportFamiliesCliTest}'s), and their refusals of malformed model files.
 */
class MllibRuntimesTest {
  @Test
  void logisticRegressionUsesSparksProbabilityFormulaAndTheJvmsBlasKernel() {
    List<Double> c = List.of(0.5, -1.25, 2.0, 1e-3, 3.5);
    byte[] file = ModelFiles.write(new LogisticRegressionFile(c, -0.75));
    double[] x = {1.0, 2.0, 0.0, 1000.0, -0.1, 3.0, 0.0, 1.0, 0.0, 0.0};
    try (ModelRuntime lr = ModelRuntime.open(Manifest.Algorithm.MLLIB_LOGISTIC_REGRESSION, file,
        Manifest.Task.BINARY, 0.5, null)) {
      List<Prediction> out = lr.predict(x, 2, 5);
      double[] coefficients = c.stream().mapToDouble(Double::doubleValue).toArray();
      for (int i = 0; i < 2; i++) {
        double margin = JavaBLAS.getInstance().ddot(5, x, i * 5, 1, coefficients, 0, 1) - 0.75;
        double expected = 1.0 - 1.0 / (1.0 + Math.exp(margin));
        assertThat(Double.doubleToRawLongBits(out.get(i).probability())).isEqualTo(Double.doubleToRawLongBits(
            expected));
        assertThat(out.get(i).prediction()).isEqualTo(expected >= 0.5 ? 1.0 : 0.0);
      }
      assertThat(lr.floatFeatures()).isFalse();
      assertThat(lr.name()).isEqualTo("netlib-blas");
      assertThat(lr.version()).isEqualTo("3.0.3");
      assertThatThrownBy(() -> lr.predict(new double[4], 1, 4)).hasMessage("Cannot score 4 features with a logistic "
          + "regression of 5 coefficients");
    }
  }

  @Test
  void aForestWalksLeftAtOrBelowTheThresholdOrOnALeftCategoryAndAveragesAsSparkDoes() {
    ForestFile.Node t1 = ForestFile.Node.split(0, 2.5, ForestFile.Node.leaf(0, List.of(3.0, 1.0)),
        ForestFile.Node.leaf(1, List.of(0.0, 2.0)));
    ForestFile.Node t2 = ForestFile.Node.split(1, List.of(0.0, 2.0), ForestFile.Node.leaf(1, List.of(1.0, 4.0)),
        ForestFile.Node.leaf(0, List.of(5.0, 0.0)));
    byte[] file = ModelFiles.write(new ForestFile(true, 2, List.of(t1, t2)));
    try (ModelRuntime rf = ModelRuntime.open(Manifest.Algorithm.MLLIB_RANDOM_FOREST, file, Manifest.Task.BINARY,
        0.5, null)) {
      // Row 1: 2.5 <= 2.5 goes left (1/4 for class 1); category 2 is a left category (4/5).
      // Row 2: 2.6 goes right (2/2); category 1 goes right (0/5).
      List<Prediction> out = rf.predict(new double[] {2.5, 2.0, 2.6, 1.0}, 2, 2);
      double votes0 = 3.0 / 4.0 + 1.0 / 5.0;
      double votes1 = 1.0 / 4.0 + 4.0 / 5.0;
      assertThat(out.get(0).probability()).isEqualTo(votes1 / (votes0 + votes1));
      assertThat(out.get(1).probability()).isEqualTo(1.0 / 2.0);
    }
    byte[] regressor = ModelFiles.write(new ForestFile(false, 0, List.of(
        ForestFile.Node.split(0, 1.0, ForestFile.Node.leaf(0.1, null), ForestFile.Node.leaf(0.7, null)),
        ForestFile.Node.leaf(0.2, null), ForestFile.Node.leaf(0.3, null))));
    try (ModelRuntime rf = ModelRuntime.open(Manifest.Algorithm.MLLIB_RANDOM_FOREST, regressor,
        Manifest.Task.REGRESSION, null, null)) {
      assertThat(rf.predict(new double[] {0.5}, 1, 1).get(0).prediction()).isEqualTo((0.0 + 0.1 + 0.2 + 0.3) / 3);
    }
  }

  @Test
  void malformedModelFilesAreRefusedWithWhatIsWrong() {
    byte[] halfSplit = ("{\"classifier\": true, \"num_classes\": 2, \"trees\": [{\"feature\": 0, \"left\": "
        + "{\"prediction\": 1}}]}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ModelRuntime.open(Manifest.Algorithm.MLLIB_RANDOM_FOREST, halfSplit,
        Manifest.Task.BINARY, 0.5, null)).hasMessage("Cannot read the random forest: a split on feature 0 needs left, "
            + "right and either threshold or left_categories");
    byte[] noCoefficients = "{\"intercept\": 1}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ModelRuntime.open(Manifest.Algorithm.MLLIB_LOGISTIC_REGRESSION, noCoefficients,
        Manifest.Task.BINARY, 0.5, null)).hasMessage("Cannot read the logistic regression: coefficients is missing or "
            + "empty");
    byte[] regressor = ModelFiles.write(new ForestFile(false, 0, List.of(ForestFile.Node.leaf(1, null))));
    assertThatThrownBy(() -> ModelRuntime.open(Manifest.Algorithm.MLLIB_RANDOM_FOREST, regressor,
        Manifest.Task.BINARY, 0.5, null)).hasMessage("Cannot score a binary model with a random forest regressor");
  }
}
