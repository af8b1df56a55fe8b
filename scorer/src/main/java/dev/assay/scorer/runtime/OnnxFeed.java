package dev.assay.scorer.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.Serializable;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an imported ONNX graph is fed and read: the feature vector as one float tensor {@code [N, F]}, or one
 * {@code [N]} / {@code [N, 1]} input per feature ({@code columns}), and {@code width} values per row from the
 * named output. Spark's ONNX stage and the packaged scorer both run the graph through {@link #run}, so they feed it
 * the same floats in the same shapes.
 *
 * @param columns whether each feature is its own input (else one tensor input)
 * @param inputNames the tensor input's name, or one input name per feature
 * @param inputRanks the rank of each input: 2, or 1 for a column input of shape {@code [N]}
 * @param features the number of features F
 * @param output the output read as the score
 * @param width values per row in that output
 * @param fixedBatch the graph's fixed batch dimension, or 0 when the batch is free
 */
public record OnnxFeed(boolean columns, List<String> inputNames, List<Integer> inputRanks, int features,
    String output, int width, long fixedBatch) implements Serializable {
  private static final long serialVersionUID = 1L;

  public OnnxFeed {
    if (inputNames == null || inputNames.isEmpty() || output == null || features < 1 || width < 1) {
      throw new IllegalArgumentException("Cannot read the ONNX feed: input_names, output, features and width are "
          + "required");
    }
    inputNames = List.copyOf(inputNames);
    inputRanks = inputRanks == null ? List.of() : List.copyOf(inputRanks);
  }

  /**
   * Scores {@code n} rows whose features are {@code x} (row-major, {@code n * features} floats): {@code n * width}
   * values, row-major. A graph with a fixed batch dimension gets exactly that many rows per call, padded with
   * zeros; the padding rows' outputs are dropped.
   */
  public double[] run(OrtSession session, float[] x, int n) throws OrtException {
    int rows = fixedBatch > 0 ? (int) fixedBatch : n;
    float[] in = x;
    if (rows != n || x.length != (long) n * features) {
      in = new float[rows * features];
      System.arraycopy(x, 0, in, 0, n * features);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feed = new HashMap<>();
    List<OnnxTensor> open = new ArrayList<>();
    try {
      if (!columns) {
        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {rows, features});
        open.add(t);
        feed.put(inputNames.get(0), t);
      } else {
        for (int j = 0; j < features; j++) {
          float[] column = new float[rows];
          for (int i = 0; i < n; i++) {
            column[i] = in[i * features + j];
          }
          OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(column),
              inputRanks.get(j) == 1 ? new long[] {rows} : new long[] {rows, 1});
          open.add(t);
          feed.put(inputNames.get(j), t);
        }
      }
      try (OrtSession.Result result = session.run(feed, Set.of(output))) {
        OnnxValue value = result.get(output).orElseThrow();
        double[] out = new double[n * width];
        OnnxTensor tensor = (OnnxTensor) value;
        if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
          DoubleBuffer b = tensor.getDoubleBuffer();
          b.get(out, 0, n * width);
        } else {
          FloatBuffer b = tensor.getFloatBuffer();
          for (int i = 0; i < n * width; i++) {
            out[i] = b.get(i);
          }
        }
        return out;
      }
    } finally {
      open.forEach(OnnxTensor::close);
    }
  }
}
