package dev.assay.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.errors.OnnxErrors;
import dev.assay.scorer.runtime.OnnxFeed;
import dev.assay.spec.OnnxSpec;
import dev.assay.spec.Task;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one imported graph is fed and read, checked once against the graph when the model is imported: the
 * features in spec order go into one float tensor {@code [N, F]} or into one {@code [N, 1]} input per column,
 * and the named output gives {@code width} values per row (binary: 1 = the class-1 probability, or 2; multiclass:
 * K probabilities; regression: 1 value). Recorded as JSON in the scoring stage, so executors need nothing else.
 *
 * @param inputs how the features map onto inputs
 * @param inputNames the tensor input's name, or one input name per feature (tensor: one name)
 * @param inputRanks the rank of each input: 2, or 1 for a column input of shape {@code [N]}
 * @param features the number of features F
 * @param output the output read as the score
 * @param width values per row in that output
 * @param fixedBatch the graph's fixed batch dimension, or 0 when the batch is free
 * @param batchSize rows per call (equal to {@code fixedBatch} when that is set)
 * @param task what the output means
 * @param cuda whether the graph runs on the task's GPU (CUDA execution provider) rather than the CPU
 */
public record OnnxBinding(OnnxSpec.Inputs inputs, List<String> inputNames, List<Integer> inputRanks,
    int features, String output, int width,
    long fixedBatch, int batchSize, Task task, boolean cuda) implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Checks that {@code graph} can read {@code featureNames} as {@code spec} says and give a {@code task} score, on
   * {@code device} ({@code cpu} or {@code cuda}).
   */
  public static OnnxBinding bind(OnnxGraph graph, OnnxSpec spec, Task task, List<String> featureNames,
      String device) {
    int f = featureNames.size();
    List<String> names;
    List<Integer> ranks = new ArrayList<>();
    long fixed = 0;
    if (spec.inputs() == OnnxSpec.Inputs.TENSOR) {
      OnnxGraph.Port in = pick(graph.inputs(), spec.input(), true);
      List<Long> shape = in.shape();
      boolean fits = in.isFloatTensor() && shape.size() == 2 && (shape.get(1) == f || shape.get(1) < 0);
      if (!fits) {
        throw OnnxErrors.inputShape(in.name(), in.describe(), f, featureNames);
      }
      fixed = Math.max(0, shape.get(0));
      names = List.of(in.name());
      ranks.add(2);
    } else {
      Set<String> byName = new LinkedHashSet<>(graph.inputNames());
      List<String> missing = featureNames.stream().filter(c -> !byName.contains(c)).toList();
      List<String> extra = byName.stream().filter(c -> !featureNames.contains(c)).toList();
      if (!missing.isEmpty() || !extra.isEmpty()) {
        throw OnnxErrors.columnInputs(missing, extra, graph.inputNames());
      }
      for (OnnxGraph.Port in : graph.inputs()) {
        List<Long> shape = in.shape();
        boolean fits = in.isFloatTensor() && (shape.size() == 1 || shape.size() == 2 && shape.get(1) == 1);
        if (!fits) {
          throw OnnxErrors.columnInputShape(in.name(), in.describe());
        }
        fixed = Math.max(fixed, shape.get(0));
      }
      for (String c : featureNames) {
        ranks.add(graph.inputs().stream().filter(p -> p.name().equals(c)).findFirst().orElseThrow().shape().size());
      }
      names = featureNames;
    }
    OnnxGraph.Port out = pick(graph.outputs(), spec.output(), false);
    List<Long> shape = out.shape();
    boolean numeric = shape != null && ("float".equals(out.type()) || "double".equals(out.type()));
    int width = !numeric ? -1 : shape.size() == 1 ? 1 : shape.size() == 2 ? (int) (long) shape.get(1) : -1;
    String expected = switch (task) {
      case BINARY -> width == 1 || width == 2 ? null : "float [N, 1] (the class-1 probability) or [N, 2]";
      case MULTICLASS -> width >= 2 ? null : "float [N, K] class probabilities, K >= 2";
      case REGRESSION -> width == 1 ? null : "float [N] or [N, 1]";
    };
    if (expected != null) {
      throw OnnxErrors.outputShape(out.name(), out.describe(), task, expected);
    }
    int batch = fixed > 0 ? (int) fixed : spec.batchSize();
    return new OnnxBinding(spec.inputs(), names, List.copyOf(ranks), f, out.name(), width, fixed, batch, task,
        "cuda".equals(device));
  }

  private static OnnxGraph.Port pick(List<OnnxGraph.Port> ports, String name, boolean input) {
    List<String> names = ports.stream().map(OnnxGraph.Port::name).toList();
    if (name == null) {
      if (ports.size() != 1) {
        throw input ? OnnxErrors.severalInputs(names) : OnnxErrors.severalOutputs(names);
      }
      return ports.get(0);
    }
    return ports.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> input ? OnnxErrors.noSuchInput(name, names) : OnnxErrors.noSuchOutput(name, names));
  }

  /**
   * Scores {@code n} rows whose features are {@code x} (row-major, {@code n * features} floats): {@code n * width}
   * values, row-major, as {@link OnnxFeed#run} feeds the graph (the packaged scorer runs the same code).
   */
  public double[] run(OrtSession session, float[] x, int n) throws OrtException {
    return feed().run(session, x, n);
  }

  /** How the graph is fed and read, without Spark: what a package's manifest records. */
  public OnnxFeed feed() {
    return new OnnxFeed(inputs == OnnxSpec.Inputs.COLUMNS, inputNames, inputRanks, features, output, width,
        fixedBatch);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the ONNX binding as JSON", e);
    }
  }

  public static OnnxBinding fromJson(String json) {
    try {
      return JSON.readValue(json, OnnxBinding.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read the ONNX binding " + json, e);
    }
  }
}
