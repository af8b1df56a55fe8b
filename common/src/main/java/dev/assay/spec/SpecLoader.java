package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.errors.Preconditions;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

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
  static final YAMLMapper YAML_READER = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static final JsonMapper BINDER = JsonMapper.builder()
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
      throw SpecMessages.usage(source, "file not found" + where + "; check the path");
    } catch (CharacterCodingException e) {
      throw SpecMessages.usage(source, "is not UTF-8 text; save the file as UTF-8");
    } catch (IOException e) {
      throw SpecMessages.usage(source, "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
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
      throw SpecMessages.malformed(source, "malformed YAML", e);
    }
    ObjectNode doc;
    if (root == null || root.isMissingNode() || root.isNull()) {
      doc = YAML_READER.createObjectNode();
    } else if (root.isObject()) {
      doc = (ObjectNode) root;
    } else {
      throw SpecMessages.usage(source, "the top level must be a mapping with keys "
          + SpecMessages.knownKeys(JobSpec.class) + ", got " + SpecMessages.show(root));
    }
    if (overrides != null) {
      for (String override : overrides) {
        SpecOverrides.apply(YAML_READER, source, doc, override);
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
   *   <li>the {@code monitor} section is left out (it reads history and changes no run's result);
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
    ObjectNode tree = BINDER.valueToTree(spec);
    // Monitoring reads history; it changes nothing a run produces, so no run key depends on it.
    tree.remove("monitor");
    return CanonicalJson.write(tree);
  }

  /**
   * The canonical JSON of one monitoring check (its name, series and strategy, defaults filled in), by
   * the rules of {@link #canonicalJson(JobSpec)}: what the {@code alerts} table's {@code check_hash} hashes.
   */
  public static String canonicalJson(MonitorCheck check) {
    Preconditions.checkNotNull(check, "Cannot write canonical JSON: check is null");
    return CanonicalJson.write(BINDER.valueToTree(check));
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
      throw SpecMessages.usage(source, e.render(""));
    } catch (JsonMappingException e) {
      throw SpecMessages.translate(source, doc, e);
    } catch (JsonProcessingException e) {
      throw SpecMessages.usage(source, "invalid spec: " + SpecMessages.firstLine(e.getOriginalMessage()));
    }
  }
}
