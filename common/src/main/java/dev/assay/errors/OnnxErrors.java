package dev.assay.errors;

import static dev.assay.errors.ExitCode.USAGE;

import java.util.Collection;
import java.util.List;

/**
 * Errors about imported ONNX models: the file, how the spec's features map onto the graph's inputs, which output
 * is the score, and what scoring produced. A graph that does not fit its spec is a usage error (exit 2) found
 * when the model is imported, before anything is written.
 */
public final class OnnxErrors {
  private OnnxErrors() {}

  public static AssayException notOnnx(String file, String reason) {
    return USAGE.fail("Cannot import %s: it is not an ONNX model ONNX Runtime can load (%s); export the model "
        + "with its framework's ONNX exporter (torch.onnx.export, skl2onnx, tf2onnx, onnxmltools) and check it "
        + "with onnx.checker", file, reason);
  }

  public static AssayException unreadable(String file, String reason) {
    return USAGE.fail("Cannot read ONNX file %s: %s", file, reason);
  }

  public static AssayException noSuchInput(String input, Collection<String> inputs) {
    return USAGE.fail("Cannot map features onto the ONNX graph: model.onnx.input '%s' is not one of its inputs %s; "
        + "name one of them", input, inputs);
  }

  public static AssayException severalInputs(Collection<String> inputs) {
    return USAGE.fail("Cannot map features onto the ONNX graph: it has %d inputs %s; name the one that takes the "
        + "feature tensor in model.onnx.input, or set model.onnx.inputs: columns when each feature has an input "
        + "named as its column", inputs.size(), inputs);
  }

  public static AssayException inputShape(String input, String shape, int features, List<String> featureNames) {
    return USAGE.fail("Cannot map features onto the ONNX graph: input %s but the spec lists %d feature(s) %s; "
        + "the input must be float [N, %d] with the features in spec order: list the graph's features in "
        + "features.numeric (and features.derive), in the order the graph was trained on", input + " is " + shape,
        features, featureNames, features);
  }

  public static AssayException columnInputs(Collection<String> missing, Collection<String> extra,
      Collection<String> inputs) {
    return USAGE.fail("Cannot map features onto the ONNX graph by column (model.onnx.inputs: columns): %s%s; its "
        + "inputs are %s: list exactly those columns in features.numeric", missing.isEmpty() ? ""
        : "feature(s) " + missing + " have no input of that name", extra.isEmpty() ? ""
        : (missing.isEmpty() ? "" : " and ") + "input(s) " + extra + " are not features", inputs);
  }

  public static AssayException columnInputShape(String input, String shape) {
    return USAGE.fail("Cannot map feature %s onto its ONNX input: the input is %s, not float [N, 1] or [N]",
        input, shape);
  }

  public static AssayException noSuchOutput(String output, Collection<String> outputs) {
    return USAGE.fail("Cannot score with the ONNX graph: model.onnx.output '%s' is not one of its outputs %s; "
        + "name one of them", output, outputs);
  }

  public static AssayException severalOutputs(Collection<String> outputs) {
    return USAGE.fail("Cannot score with the ONNX graph: it has %d outputs %s; name the score in model.onnx.output",
        outputs.size(), outputs);
  }

  public static AssayException outputShape(String output, String shape, Object task, String expected) {
    return USAGE.fail("Cannot score task %s with ONNX output %s: it is %s, and a %s model needs %s; name another "
        + "output in model.onnx.output or export the graph with that output", task, output, shape, task, expected);
  }
}
