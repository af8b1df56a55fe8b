package dev.assay.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.assay.errors.AssayException;
import dev.assay.errors.SpecErrors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns what Jackson and SnakeYAML report about a spec into one-line usage errors that name the
 * key path and the fix ({@code Spec <file>: ...}).
 */
final class SpecMessages {
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private static final int MAX_SHOWN = 80;

  private SpecMessages() {}

  static AssayException translate(String source, JsonNode doc, JsonMappingException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    String key = render(path);
    SpecException rule = causeOf(e, SpecException.class);
    if (rule != null) {
      return usage(source, rule.render(key));
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String parent = render(path.subList(0, Math.max(0, path.size() - 1)));
      return usage(source, "unknown key '" + key + "' (known keys" + (parent.isEmpty() ? "" : " of " + parent)
          + ": " + knownKeys(u.getReferringClass()) + ")");
    }
    JsonNode got = at(doc, path);
    Class<?> target = null;
    if (e instanceof MismatchedInputException m) {
      target = m.getTargetType();
    }
    InputCoercionException range = causeOf(e, InputCoercionException.class);
    if (range != null && range.getTargetType() != null) {
      Class<?> t = range.getTargetType();
      String bounds = t == int.class || t == Integer.class
          ? " between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
          : t == long.class || t == Long.class ? " between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE : " in range";
      return usage(source, "key '" + key + "' must be " + describe(t) + bounds + ", got " + show(got));
    }
    if (target != null) {
      return usage(source, "key '" + key + "' must be " + describe(target) + ", got " + show(got) + hint(target, got));
    }
    return usage(source, "key '" + key + "' is invalid: " + firstLine(e.getOriginalMessage()));
  }

  private static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class
        || type == short.class || type == Short.class || type == BigInteger.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class || type == float.class || type == Float.class
        || type == BigDecimal.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type.isRecord()) {
      return "a mapping with keys " + knownKeys(type);
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping";
    }
    return "a " + type.getSimpleName();
  }

  private static String hint(Class<?> target, JsonNode got) {
    String expected = describe(target);
    if (target == String.class && got.isValueNode() && !got.isTextual() && !got.isNull()) {
      return " (put it in quotes to use it as text)";
    }
    if (got.isTextual() && (expected.equals("an integer") || expected.equals("a number")) && isNumber(got.asText())) {
      return " (write the number without quotes)";
    }
    return "";
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String knownKeys(Class<?> type) {
    if (type == null || !type.isRecord()) {
      return "?";
    }
    return Arrays.stream(type.getRecordComponents())
        .map(c -> SNAKE.translate(c.getName()))
        .collect(Collectors.joining(", "));
  }

  private static String render(List<JsonMappingException.Reference> path) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static JsonNode at(JsonNode doc, List<JsonMappingException.Reference> path) {
    JsonNode node = doc;
    for (JsonMappingException.Reference ref : path) {
      if (node == null) {
        break;
      }
      node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
    }
    return node == null ? MissingNode.getInstance() : node;
  }

  static AssayException malformed(String source, String what, JsonProcessingException e) {
    String problem = problemOf(e);
    if (problem.startsWith("Trailing token")) {
      return usage(source, what + where(e.getLocation())
          + ": there is more than one YAML document; keep one spec per file (remove the '---' and what follows)");
    }
    String duplicate = duplicateKey(e);
    if (duplicate != null) {
      return usage(source, "duplicate key '" + duplicate + "'" + where(e.getLocation()) + ": keep only one of them");
    }
    return usage(source, what + where(e.getLocation()) + ": " + problem + "; fix the YAML syntax");
  }

  private static String where(JsonLocation loc) {
    if (loc == null || loc.getLineNr() <= 0) {
      return "";
    }
    return " at line " + loc.getLineNr() + (loc.getColumnNr() > 0 ? ", column " + loc.getColumnNr() : "");
  }

  private static String problemOf(JsonProcessingException e) {
    MarkedYAMLException yaml = causeOf(e, MarkedYAMLException.class);
    if (yaml != null && yaml.getProblem() != null) {
      String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
      return yaml.getProblem() + context;
    }
    return firstLine(e.getOriginalMessage());
  }

  /** The full key path of a duplicate key, if {@code e} reports one. */
  private static String duplicateKey(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    if (msg == null || !msg.startsWith("Duplicate field '") || !(e instanceof StreamReadException s)) {
      return null;
    }
    String name = msg.substring("Duplicate field '".length(), msg.indexOf('\'', "Duplicate field '".length()));
    JsonParser p = s.getProcessor();
    if (p == null || p.getParsingContext() == null) {
      return name;
    }
    String parent = pointerToPath(p.getParsingContext().getParent());
    return parent.isEmpty() ? name : parent + "." + name;
  }

  private static String pointerToPath(JsonStreamContext ctx) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = ctx; c != null; c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.add(0, c.getCurrentName());
      } else if (c.inArray()) {
        parts.add(0, "[" + c.getCurrentIndex() + "]");
      }
    }
    return String.join(".", parts).replace(".[", "[");
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  static String show(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return truncate(node.toString());
  }

  static String show(String s) {
    return truncate(Checks.show(s));
  }

  private static String truncate(String s) {
    return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN - 3) + "...";
  }

  static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  static AssayException usage(String source, String body) {
    String oneLine = body.replaceAll("\\s*\\R\\s*", " ");
    return SpecErrors.invalidSpec(source, oneLine);
  }
}
