package dev.assay.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything Assay stores or prints: a key that names a password, secret,
 * token, access, API or private key, a credential or an authorization header (or any {@code
 * fs.s3a.*key}, {@code fs.azure.*key*} or {@code *sas*}, case-insensitive) has its value replaced by
 * {@link #REDACTED} in the stored specs ({@code runs.spec}, {@code models.spec}), recorded Spark
 * settings, log lines and reports. The run key is computed before redaction, so two specs that
 * differ only in a secret still get different run keys.
 */
public final class Secrets {
  public static final String REDACTED = "*****(redacted)";
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|access[._-]?key"
      + "|api[._-]?key|private[._-]?key|credential|authorization).*|(?i).*fs\\.s3a\\..*key|(?i).*fs\\.azure\\..*"
      + "(key|sas).*");
  /**
   * The password of {@code scheme://user:password@host} (Hadoop and JDBC URIs may still carry one); up to the
   * {@code @}, so an AWS secret with an unencoded {@code /} is caught whole.
   */
  private static final Pattern URI_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]+):([^\\s@]+)@");
  /** {@code key=value} or {@code "key": "value"} (also {@code key: value}) inside free text. */
  private static final Pattern PAIR = Pattern.compile(
      "([\"']?)([A-Za-z0-9_.\\-]+)\\1(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;}\\])]+)");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Secrets() {}

  /** True when a value stored under {@code key} must never be shown. */
  public static boolean isSecretKey(String key) {
    return key != null && SECRET_KEY.matcher(key).matches();
  }

  /** The settings with every secret value redacted, in the same order. */
  public static Map<String, String> redact(Map<String, String> conf) {
    Map<String, String> out = new LinkedHashMap<>();
    conf.forEach((k, v) -> out.put(k, isSecretKey(k) ? REDACTED : redactUri(v)));
    return out;
  }

  /** {@code text} with the password of every {@code scheme://user:password@host} replaced; null stays null. */
  public static String redactUri(String text) {
    return text == null ? null : URI_PASSWORD.matcher(text).replaceAll(
        m -> Matcher.quoteReplacement(m.group(1) + ":" + REDACTED + "@"));
  }

  /**
   * A JSON document (a canonical spec) with the value of every secret key redacted, at any depth;
   * returned unchanged (byte for byte) when it holds no secret, so canonical specs stay canonical.
   */
  public static String redactJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode tree = JSON.readTree(json);
      return redactNode(tree) ? JSON.writeValueAsString(tree) : json;
    } catch (IOException e) {
      return redactText(json);
    }
  }

  private static boolean redactNode(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode obj) {
      for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (isSecretKey(e.getKey()) && !e.getValue().isNull() && !e.getValue().isContainerNode()) {
          e.setValue(JSON.getNodeFactory().textNode(REDACTED));
          changed = true;
        } else if (e.getValue().isTextual() && !redactUri(e.getValue().asText()).equals(e.getValue().asText())) {
          e.setValue(JSON.getNodeFactory().textNode(redactUri(e.getValue().asText())));
          changed = true;
        } else {
          changed |= redactNode(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        JsonNode child = arr.get(i);
        if (child.isTextual() && !redactUri(child.asText()).equals(child.asText())) {
          arr.set(i, JSON.getNodeFactory().textNode(redactUri(child.asText())));
          changed = true;
        } else {
          changed |= redactNode(child);
        }
      }
    }
    return changed;
  }

  /** Free text (a log line, an error, a report cell) with the value of every {@code secret=value} pair redacted. */
  public static String redactText(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = PAIR.matcher(redactUri(text));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = isSecretKey(m.group(2)) ? m.group(1) + m.group(2) + m.group(1) + m.group(3) + REDACTED
          : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
