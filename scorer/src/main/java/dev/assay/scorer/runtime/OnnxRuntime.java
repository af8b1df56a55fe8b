package dev.assay.scorer.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * An imported ONNX graph, run by ONNX Runtime on the CPU with the session options Assay's Spark stage uses (one
 * inter-op thread, sequential execution) and fed by the same {@link OnnxFeed}. Why one intra-op thread: a server
 * scores requests concurrently ({@link OrtSession#run} is thread-safe), and ONNX Runtime's CPU kernels split work
 * by rows, not inside a row's sums, so the thread count does not change a row's bits.
 */
final class OnnxRuntime implements ModelRuntime {
  static final String NAME = "onnxruntime";

  private final OrtSession session;
  private final OnnxFeed feed;
  private final Manifest.Task task;
  private final double threshold;

  OnnxRuntime(byte[] graph, OnnxFeed feed, Manifest.Task task, double threshold) {
    if (feed == null) {
      throw new IllegalArgumentException("Cannot run an ONNX graph without the manifest's model.onnx_feed");
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      this.session = environment().createSession(graph, options);
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot open an ONNX Runtime session for the graph: " + e.getMessage(), e);
    }
    this.feed = feed;
    this.task = task;
    this.threshold = threshold;
  }

  private static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "assay");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return environment().getVersion();
  }

  /** The graph reads float32 tensors: each feature as the float Spark's stage hands it. */
  @Override
  public boolean floatFeatures() {
    return true;
  }

  @Override
  public List<Prediction> predict(double[] data, int rows, int width) {
    float[] x = new float[rows * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) data[i];
    }
    // A graph with a fixed batch dimension takes that many rows per call, as Spark's stage feeds it.
    int batch = feed.fixedBatch() > 0 ? (int) feed.fixedBatch() : Math.max(1, rows);
    double[] scores = new double[rows * feed.width()];
    try {
      for (int from = 0; from < rows; from += batch) {
        int n = Math.min(batch, rows - from);
        float[] part = new float[n * width];
        System.arraycopy(x, from * width, part, 0, n * width);
        double[] s = feed.run(session, part, n);
        System.arraycopy(s, 0, scores, from * feed.width(), s.length);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot score with the ONNX graph: " + e.getMessage(), e);
    }
    int w = feed.width();
    List<Prediction> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      int base = i * w;
      out.add(switch (task) {
        case BINARY -> ModelRuntime.binary(w == 1 ? scores[base] : scores[base + 1], threshold);
        case MULTICLASS -> {
          double[] p = new double[w];
          System.arraycopy(scores, base, p, 0, w);
          yield ModelRuntime.multiclass(p);
        }
        case REGRESSION -> new Prediction(scores[base], null, null);
      });
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing frees native memory; a failure here leaves nothing to do
    }
  }
}
