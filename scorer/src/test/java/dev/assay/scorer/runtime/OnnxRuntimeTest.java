package dev.assay.scorer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged scorer's ONNX runtime on the graphs common's import tests use (made by
 * {@code scripts/make-onnx-fixtures} with PyTorch and scikit-learn): the frameworks' own outputs to float32
 * precision, one input per column to the same bits as one tensor, in a batch or alone, and a
 * missing feed refused (bit equality with Spark's scores on whole tables is {@code ExportFamiliesCliTest}'s).
 */
class OnnxRuntimeTest {
  private static final Path DIR = Path.of("..", "common", "src", "test", "resources", "onnx");
  private static final List<String> FEATURES = List.of("tenure_months", "monthly_charges", "total_charges",
      "support_calls", "age", "usage_gb");

  @Test
  void scoresEqualTheFrameworksOwnOutputsToFloat32Precision() throws IOException {
    for (String[] c : new String[][] {{"churn-torch-mlp", "probability", "1"},
        {"churn-sklearn-lr", "probabilities", "2"}}) {
      List<String[]> rows = reference(c[0]);
      OnnxFeed feed = new OnnxFeed(false, List.of("features"), List.of(2), 6, c[1], Integer.parseInt(c[2]), 0);
      try (ModelRuntime onnx = open(c[0], feed)) {
        List<Prediction> got = onnx.predict(features(rows), rows.size(), 6);
        for (int i = 0; i < rows.size(); i++) {
          assertThat(got.get(i).probability()).as("%s %s", c[0], rows.get(i)[0])
              .isCloseTo(Double.parseDouble(rows.get(i)[8]), within(5e-7));
        }
        assertThat(onnx.floatFeatures()).isTrue();
        assertThat(onnx.name()).isEqualTo("onnxruntime");
        assertThat(onnx.version()).isEqualTo("1.23.2");
      }
    }
  }

  @Test
  void oneInputPerColumnGivesTheTensorGraphsBitsInAnyBatch() throws IOException {
    List<String[]> rows = reference("churn-sklearn-lr");
    double[] x = features(rows);
    try (ModelRuntime tensor = open("churn-sklearn-lr", new OnnxFeed(false, List.of("features"), List.of(2), 6,
        "probabilities", 2, 0));
        ModelRuntime columns = open("churn-sklearn-lr-columns", new OnnxFeed(true, FEATURES, List.of(2, 2, 2, 2, 2,
            2), 6, "probability", 1, 0))) {
      List<Prediction> a = tensor.predict(x, rows.size(), 6);
      List<Prediction> b = columns.predict(x, rows.size(), 6);
      for (int i = 0; i < rows.size(); i++) {
        double[] one = new double[6];
        System.arraycopy(x, i * 6, one, 0, 6);
        assertThat(b.get(i).sameBits(a.get(i))).as("row %d", i).isTrue();
        assertThat(tensor.predict(one, 1, 6).get(0).sameBits(a.get(i))).as("row %d alone", i).isTrue();
      }
    }
  }

  @Test
  void aGraphWithoutItsFeedIsRefused() {
    assertThatThrownBy(() -> open("churn-torch-mlp", null))
        .hasMessage("Cannot run an ONNX graph without the manifest's model.onnx_feed");
    assertThatThrownBy(() -> new OnnxFeed(false, List.of(), List.of(), 6, "p", 1, 0))
        .hasMessage("Cannot read the ONNX feed: input_names, output, features and width are required");
  }

  private static ModelRuntime open(String graph, OnnxFeed feed) throws IOException {
    return ModelRuntime.open(Manifest.Algorithm.ONNX, Files.readAllBytes(DIR.resolve(graph + ".onnx")),
        Manifest.Task.BINARY, 0.5, feed);
  }

  /** The reference rows: id, the six features (empty: null), the label, the framework's probability. */
  private static List<String[]> reference(String graph) throws IOException {
    List<String> lines = Files.readAllLines(DIR.resolve(graph + ".reference.csv"));
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
  }

  private static double[] features(List<String[]> rows) {
    double[] x = new double[rows.size() * 6];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < 6; j++) {
        String v = rows.get(i)[1 + j];
        x[i * 6 + j] = v.isEmpty() ? Double.NaN : Double.parseDouble(v);  // a null reaches the graph as NaN
      }
    }
    return x;
  }
}
