package dev.assay.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.assay.errors.OnnxErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an ONNX file is, as ONNX Runtime loads it: its header ({@link OnnxHeader}) and its inputs and outputs in
 * graph order. Inspecting a file is also the check that it is ONNX at all: a file ONNX Runtime refuses is a
 * usage error naming the file.
 *
 * @param sha256 the file's SHA-256, the imported model's {@code model_hash}
 */
public record OnnxGraph(String sha256, OnnxHeader header, List<Port> inputs, List<Port> outputs) {

  /**
   * One input or output: its name, element type ({@code float}, {@code double}, {@code int64}, ... or
   * {@code sequence}/{@code map} for non-tensors) and shape, -1 for a dimension of any size.
   */
  public record Port(String name, String type, List<Long> shape) {
    /** E.g. {@code float [N, 6]}: the first free dimension shows as N, later ones as ?. */
    public String describe() {
      if (shape == null) {
        return type;
      }
      List<String> dims = new ArrayList<>();
      for (int i = 0; i < shape.size(); i++) {
        dims.add(shape.get(i) >= 0 ? String.valueOf(shape.get(i)) : i == 0 ? "N" : "?");
      }
      return type + " " + dims;
    }

    boolean isFloatTensor() {
      return "float".equals(type) && shape != null;
    }
  }

  /** Inspects {@code bytes}, read from {@code file} (for messages), whose SHA-256 is {@code sha256}. */
  public static OnnxGraph inspect(byte[] bytes, String sha256, String file) {
    OnnxHeader header;
    try {
      header = OnnxHeader.read(bytes);
    } catch (IllegalArgumentException e) {
      throw OnnxErrors.notOnnx(file, "not a protobuf message: " + e.getMessage());
    }
    try (OrtSession session = OnnxSessions.open(bytes, 1, -1)) {
      return new OnnxGraph(sha256, header, ports(session.getInputInfo()), ports(session.getOutputInfo()));
    } catch (OrtException e) {
      throw OnnxErrors.notOnnx(file, e.getMessage());
    }
  }

  private static List<Port> ports(Map<String, NodeInfo> infos) {
    List<Port> ports = new ArrayList<>();
    for (NodeInfo n : infos.values()) {
      if (n.getInfo() instanceof TensorInfo t) {
        List<Long> shape = new ArrayList<>();
        for (long d : t.getShape()) {
          shape.add(d);
        }
        ports.add(new Port(n.getName(), t.type.toString().toLowerCase(Locale.ROOT), shape));
      } else {
        ports.add(new Port(n.getName(), n.getInfo().getClass().getSimpleName().replace("Info", "")
            .toLowerCase(Locale.ROOT), null));
      }
    }
    return ports;
  }

  public List<String> inputNames() {
    return inputs.stream().map(Port::name).toList();
  }

  public List<String> outputNames() {
    return outputs.stream().map(Port::name).toList();
  }

  /**
   * What the models table records in {@code params} for an imported model: opset, IR version, producer and
   * every input and output with its type and shape.
   */
  public Map<String, String> params() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("onnx.opset", header.opsets().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(",")));
    p.put("onnx.ir_version", String.valueOf(header.irVersion()));
    p.put("onnx.producer", (header.producerName() + " " + header.producerVersion()).trim());
    p.put("onnx.inputs", describe(inputs));
    p.put("onnx.outputs", describe(outputs));
    return p;
  }

  private static String describe(List<Port> ports) {
    return ports.stream().map(p -> p.name() + ": " + p.describe()).collect(Collectors.joining("; "));
  }
}
