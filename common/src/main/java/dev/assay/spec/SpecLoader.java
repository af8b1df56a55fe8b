package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.errors.Preconditions;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads job spec YAML into a validated, normalized {@link JobSpec}, and writes specs back out as
 * YAML and as canonical JSON.
 *
 * <p>Loading is: YAML text, a Jackson tree, the {@code --set key.path=value} overrides applied to
 * the tree in order, then strict binding to the records: YAML keys are snake_case
 * ({@code num_workers}); unknown keys are rejected at every level (except the names under
 * {@code data.eval} and the param names under {@code model.params}); no value is coerced to
 * another type (a float is not an integer, {@code "4"} is not a number, {@code 4} is not a
 * string); an explicit null means the same as leaving the key out. Every failure is an
 * {@link AssayException} with {@link ExitCode#USAGE} and a one-line message
 * {@code Spec <file>: <what is wrong with which key path, and how to fix it>}.
 */
public final class SpecLoader {
  private static final YAMLMapper YAML_READER = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final JsonMapper BINDER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Integer, c -> c
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Float, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private static final YAMLMapper YAML_WRITER = YAMLMapper.builder(YAMLFactory.builder()
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .build())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private static final String OVERRIDE_FORM = "expected key.path=value, e.g. model.params.max_depth=4";
  private static final int MAX_SHOWN = 80;

  private SpecLoader() {}

  /**
   * Loads the spec file {@code file}, applies {@code overrides} (each {@code key.path=value}) and
   * returns the validated spec. The file's path as given is the source name in messages.
   */
  public static JobSpec load(Path file, List<String> overrides) {
    Preconditions.checkNotNull(file, "Cannot load spec: file is null");
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      String where = file.isAbsolute() ? "" : " (looked for " + file.toAbsolutePath() + ")";
      throw usage(source, "file not found" + where + "; check the path");
    } catch (CharacterCodingException e) {
      throw usage(source, "is not UTF-8 text; save the file as UTF-8");
    } catch (IOException e) {
      throw usage(source, "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); check that it is a readable file");
    }
    return parse(text, source, overrides);
  }

  /**
   * Parses spec YAML, applies {@code overrides} (each {@code key.path=value}, the value read as a
   * YAML scalar or flow value) and returns the validated spec; {@code sourceName} names the spec
   * in messages.
   */
  public static JobSpec parse(String yaml, String sourceName, List<String> overrides) {
    Preconditions.checkNotNull(yaml, "Cannot parse spec: yaml is null");
    String source = sourceName == null ? "<spec>" : sourceName;
    JsonNode root;
    try {
      root = YAML_READER.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw malformed(source, "malformed YAML", e);
    }
    ObjectNode doc;
    if (root == null || root.isMissingNode() || root.isNull()) {
      doc = YAML_READER.createObjectNode();
    } else if (root.isObject()) {
      doc = (ObjectNode) root;
    } else {
      throw usage(source, "the top level must be a mapping with keys " + knownKeys(JobSpec.class)
          + ", got " + show(root));
    }
    if (overrides != null) {
      for (String override : overrides) {
        applyOverride(source, doc, override);
      }
    }
    return bind(source, doc);
  }

  /**
   * The canonical JSON form of a spec, for hashing into run keys. It is the normalized spec (all
   * defaults filled in, so writing a default explicitly changes nothing) written as compact JSON
   * with these rules:
   *
   * <ul>
   *   <li>keys are the snake_case YAML keys ({@code num_workers});
   *   <li>object keys are sorted at every level, including param names and evaluation names, by
   *       {@link String#compareTo} (so key order in the YAML changes nothing);
   *   <li>keys whose value is absent (null) are left out, e.g. {@code data.train.version} when the
   *       latest version is read, {@code features.weight} without a weight column;
   *   <li>list order is kept (the order of feature columns is meaningful);
   *   <li>no whitespace outside strings; strings are JSON-escaped ({@code "}, {@code \}, and
   *       control characters), other characters are written as they are (UTF-8);
   *   <li>numbers are written by value: plain decimal notation, no exponent, no trailing
   *       fractional zeros, no {@code .0} on integral values ({@code 1.0} and {@code 1} are both
   *       {@code 1}, {@code 1.50} is {@code 1.5}, {@code -0.0} is {@code 0}); a floating-point
   *       value is first taken at its shortest round-trip decimal form ({@link Double#toString}).
   * </ul>
   *
   * <p>Example: {@code {"data":{"eval":{"holdout":{"table":"demo/eval","version":0}},...},
   * "ledger":{"root":"ledger"},"metrics":{"threshold":0.5},"model":{"algorithm":"xgboost",...}}}.
   */
  public static String canonicalJson(JobSpec spec) {
    Preconditions.checkNotNull(spec, "Cannot write canonical JSON: spec is null");
    StringBuilder out = new StringBuilder(512);
    writeCanonical(BINDER.valueToTree(spec), out);
    return out.toString();
  }

  /**
   * The normalized spec as YAML (snake_case keys, defaults written out, absent optional keys left
   * out), for printing and recording. Loading it back gives an equal spec.
   */
  public static String toYaml(JobSpec spec) {
    Preconditions.checkNotNull(spec, "Cannot write YAML: spec is null");
    try {
      return YAML_WRITER.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write spec as YAML", e);
    }
  }

  // ---------------------------------------------------------------- binding

  private static JobSpec bind(String source, ObjectNode doc) {
    try {
      return BINDER.treeToValue(doc, JobSpec.class);
    } catch (SpecException e) {
      throw usage(source, e.render(""));
    } catch (JsonMappingException e) {
      throw translate(source, doc, e);
    } catch (JsonProcessingException e) {
      throw usage(source, "invalid spec: " + firstLine(e.getOriginalMessage()));
    }
  }

  private static AssayException translate(String source, JsonNode doc, JsonMappingException e) {
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

  private static String knownKeys(Class<?> type) {
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

  // ---------------------------------------------------------------- overrides

  private static void applyOverride(String source, ObjectNode doc, String override) {
    int eq = override == null ? -1 : override.indexOf('=');
    if (eq < 0) {
      throw usage(source, "malformed override " + show(override) + ": " + OVERRIDE_FORM);
    }
    String key = override.substring(0, eq).trim();
    if (key.isEmpty()) {
      throw usage(source, "malformed override " + show(override) + ": the key is empty; " + OVERRIDE_FORM);
    }
    String[] parts = key.split("\\.", -1);
    for (String part : parts) {
      if (part.isBlank()) {
        throw usage(source, "malformed override " + show(override) + ": the key has an empty part; " + OVERRIDE_FORM);
      }
    }
    JsonNode value;
    try {
      value = YAML_READER.readTree(override.substring(eq + 1));
    } catch (JsonProcessingException e) {
      throw malformed(source, "malformed override " + show(override) + ": the value is not valid YAML", e);
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
        throw usage(source, "cannot apply override " + show(override) + ": key '" + at
            + "' is not a mapping, it is " + show(child));
      }
    }
    node.set(parts[parts.length - 1], value);
  }

  // ---------------------------------------------------------------- canonical JSON

  private static void writeCanonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull() && !e.getValue().isMissingNode()) {
          names.add(e.getKey());
        }
      }
      names.sort(null);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeString(names.get(i), out);
        out.append(':');
        writeCanonical(node.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeCanonical(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      writeString(node.textValue(), out);
    } else if (node.isNumber()) {
      out.append(canonicalNumber(node));
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isNull()) {
      out.append("null");
    } else {
      throw new IllegalStateException("Cannot write " + node.getNodeType() + " as canonical JSON");
    }
  }

  private static String canonicalNumber(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      throw new IllegalStateException("Cannot write non-finite number " + node + " as canonical JSON");
    }
    BigDecimal d = node.isFloat() ? new BigDecimal(Float.toString(node.floatValue())) : node.decimalValue();
    d = d.stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    out.append('"');
  }

  // ---------------------------------------------------------------- messages

  private static AssayException malformed(String source, String what, JsonProcessingException e) {
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

  private static String show(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return truncate(node.toString());
  }

  private static String show(String s) {
    return truncate(Checks.show(s));
  }

  private static String truncate(String s) {
    return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN - 3) + "...";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static AssayException usage(String source, String body) {
    String oneLine = body.replaceAll("\\s*\\R\\s*", " ");
    return new AssayException(ExitCode.USAGE, "Spec " + source + ": " + oneLine);
  }
}
