package dev.assay.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tables a job reads: the training table and named evaluation references, each pinned to a
 * Delta version or timestamp.
 *
 * <p>Both parts are optional (an evaluate-only spec has no {@code train}), but a spec must set at
 * least one. Evaluation names match {@link #EVAL_NAME_PATTERN} and keep the order of the YAML.
 *
 * @param train the training table, or null
 * @param eval evaluation name to table, in spec order; default empty
 */
public record DataSpec(TableRef train, Map<String, TableRef> eval) {
  /** Allowed evaluation names: lowercase letters, digits, '_' and '-'. */
  public static final Pattern EVAL_NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  public DataSpec {
    Map<String, TableRef> copy = new LinkedHashMap<>();
    if (eval != null) {
      for (Map.Entry<String, TableRef> e : eval.entrySet()) {
        String name = e.getKey();
        if (name == null || !EVAL_NAME_PATTERN.matcher(name).matches()) {
          throw SpecException.invalid("eval." + name, "is not a valid evaluation name: use lowercase letters, "
              + "digits, '_' and '-', starting with a letter or digit (" + EVAL_NAME_PATTERN.pattern() + ")");
        }
        if (e.getValue() == null) {
          throw SpecException.missing("eval." + name + ".table");
        }
        copy.put(name, e.getValue());
      }
    }
    eval = Collections.unmodifiableMap(copy);
    if (train == null && eval.isEmpty()) {
      throw SpecException.invalid("", "reads no table: set {0}, {1} or both", "train", "eval");
    }
  }
}
