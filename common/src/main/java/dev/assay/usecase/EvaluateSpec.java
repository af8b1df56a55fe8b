package dev.assay.usecase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.spec.TableRef;
import java.util.Map;

/**
 * What an {@code evaluate} run records as its spec: the model, the threshold and the evaluation
 * references, as canonical JSON (keys sorted), so {@code verify} can repeat it exactly.
 */
public record EvaluateSpec(String modelName, int modelVersion, double threshold) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String json(String modelRef, double threshold, Map<String, TableRef> evals) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode e = root.putObject("eval");
    new java.util.TreeMap<>(evals).forEach((name, ref) -> {
      ObjectNode r = e.putObject(name);
      r.put("table", ref.table());
      if (ref.timestamp() != null) {
        r.put("timestamp", ref.timestamp());
      }
      if (ref.version() != null) {
        r.put("version", ref.version());
      }
      if (ref.filter() != null) {
        r.put("filter", ref.filter());
      }
    });
    root.put("model", modelRef);
    root.put("threshold", threshold);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The evaluation filters of a recorded evaluate spec, by evaluation name (only those that have one). */
  static Map<String, String> filters(String json) {
    Map<String, String> filters = new java.util.LinkedHashMap<>();
    try {
      JsonNode eval = JSON.readTree(json).path("eval");
      eval.fields().forEachRemaining(e -> {
        if (e.getValue().hasNonNull("filter")) {
          filters.put(e.getKey(), e.getValue().get("filter").asText());
        }
      });
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("Cannot read the recorded evaluate spec: " + json, ex);
    }
    return filters;
  }

  static EvaluateSpec parse(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      String[] ref = root.get("model").asText().split(":", 2);
      return new EvaluateSpec(ref[0], Integer.parseInt(ref[1]), root.get("threshold").asDouble());
    } catch (JsonProcessingException | RuntimeException ex) {
      throw new IllegalStateException("Cannot read the recorded evaluate spec: " + json, ex);
    }
  }
}
