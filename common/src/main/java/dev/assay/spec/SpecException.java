package dev.assay.spec;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import java.util.List;

/**
 * A spec value that breaks a rule, raised by the spec records themselves. It names the offending
 * key relative to the record that raised it; {@link SpecLoader} prefixes the key path of that
 * record inside the spec and the spec's file name. The exit code is always {@link ExitCode#USAGE}.
 */
public final class SpecException extends AssayException {
  private static final long serialVersionUID = 1L;

  enum Kind {
    MISSING,
    INVALID
  }

  private final Kind kind;
  private final String key;
  private final String problem;
  private final List<String> relatedKeys;

  private SpecException(Kind kind, String key, String problem, List<String> relatedKeys) {
    super(ExitCode.USAGE, "Invalid spec: " + render(kind, "", key, problem, relatedKeys));
    this.kind = kind;
    this.key = key;
    this.problem = problem;
    this.relatedKeys = relatedKeys;
  }

  /** A required key is absent (or null). */
  static SpecException missing(String key) {
    return new SpecException(Kind.MISSING, key, null, List.of());
  }

  /**
   * A key has a bad value. {@code problem} continues the sentence {@code key 'x' ...}; it may refer
   * to other keys of the same record as {@code {0}}, {@code {1}}, ... which are rendered quoted
   * with their full path.
   */
  static SpecException invalid(String key, String problem, String... relatedKeys) {
    return new SpecException(Kind.INVALID, key, problem, List.of(relatedKeys));
  }

  /** The offending key, relative to the record that raised this exception ("" for the record). */
  public String key() {
    return key;
  }

  /** The message body for a record found at {@code prefix} ("" for the top level). */
  String render(String prefix) {
    return render(kind, prefix, key, problem, relatedKeys);
  }

  private static String render(Kind kind, String prefix, String key, String problem, List<String> related) {
    String full = join(prefix, key);
    if (kind == Kind.MISSING) {
      return "missing required key '" + full + "'";
    }
    String text = problem;
    for (int i = 0; i < related.size(); i++) {
      text = text.replace("{" + i + "}", "'" + join(prefix, related.get(i)) + "'");
    }
    return full.isEmpty() ? "the spec " + text : "key '" + full + "' " + text;
  }

  static String join(String prefix, String key) {
    if (prefix.isEmpty()) {
      return key;
    }
    if (key.isEmpty()) {
      return prefix;
    }
    return key.startsWith("[") ? prefix + key : prefix + "." + key;
  }
}
