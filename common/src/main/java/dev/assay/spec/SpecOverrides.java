package dev.assay.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Arrays;

/**
 * Applies {@code --set key.path=value} overrides to a spec's YAML tree before binding: the value
 * is read as YAML, missing mappings on the path are created, a scalar on the path is an error.
 */
final class SpecOverrides {
  private static final String OVERRIDE_FORM = "expected key.path=value, e.g. model.params.max_depth=4";

  private SpecOverrides() {}

  static void apply(YAMLMapper yaml, String source, ObjectNode doc, String override) {
    int eq = override == null ? -1 : override.indexOf('=');
    if (eq < 0) {
      throw SpecMessages.usage(source, "malformed override " + SpecMessages.show(override) + ": " + OVERRIDE_FORM);
    }
    String key = override.substring(0, eq).trim();
    if (key.isEmpty()) {
      throw SpecMessages.usage(source, "malformed override " + SpecMessages.show(override) + ": the key is empty; "
          + OVERRIDE_FORM);
    }
    String[] parts = key.split("\\.", -1);
    for (String part : parts) {
      if (part.isBlank()) {
        throw SpecMessages.usage(source, "malformed override " + SpecMessages.show(override)
            + ": the key has an empty part; " + OVERRIDE_FORM);
      }
    }
    JsonNode value;
    try {
      value = yaml.readTree(override.substring(eq + 1));
    } catch (JsonProcessingException e) {
      throw SpecMessages.malformed(source, "malformed override " + SpecMessages.show(override)
          + ": the value is not valid YAML", e);
    }
    if (value == null || value.isMissingNode()) {
      value = NullNode.getInstance();
    }
    ObjectNode node = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null || child.isNull()) {
        node = node.putObject(parts[i]);
      } else if (child.isObject()) {
        node = (ObjectNode) child;
      } else {
        String at = String.join(".", Arrays.asList(parts).subList(0, i + 1));
        throw SpecMessages.usage(source, "cannot apply override " + SpecMessages.show(override) + ": key '" + at
            + "' is not a mapping, it is " + SpecMessages.show(child));
      }
    }
    node.set(parts[parts.length - 1], value);
  }
}
