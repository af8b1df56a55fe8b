package dev.assay.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared value checks of the spec records; every failure is a {@link SpecException}. */
final class Checks {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Checks() {}

  /** A required, non-blank string. */
  static String requireText(String key, String value, String what) {
    if (value == null) {
      throw SpecException.missing(key);
    }
    if (value.isBlank()) {
      throw SpecException.invalid(key, "must be a non-blank " + what + ", got " + show(value));
    }
    return value;
  }

  /** An optional string: null stays null, blank is an error. */
  static String optionalText(String key, String value, String what) {
    if (value != null && value.isBlank()) {
      throw SpecException.invalid(key, "must be a non-blank " + what + " or be left out, got " + show(value));
    }
    return value;
  }

  /**
   * Refuses every setting that has a value but is not one of {@code own}: a record whose settings depend on its
   * kind (a strategy's type, a series' kind) never runs with another kind's setting silently ignored.
   * {@code owner} finishes "is not a setting of ..."; {@code namesAndValues} are each optional setting's key and
   * value (null when left out), in the order they are checked.
   */
  static void onlySettings(List<String> own, String owner, Object... namesAndValues) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String key = (String) namesAndValues[i];
      if (namesAndValues[i + 1] != null && !own.contains(key)) {
        throw SpecException.invalid(key, "is not a setting of " + owner
            + (own.isEmpty() ? "" : " (its settings: " + String.join(", ", own) + ")"));
      }
    }
  }

  /** A value from a fixed list of choices; null means the default. */
  static String oneOf(String key, String value, List<String> allowed, String defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    if (!allowed.contains(value)) {
      throw SpecException.invalid(key, "must be one of " + String.join(", ", allowed) + ", got " + show(value));
    }
    return value;
  }

  /**
   * The constant of {@code allowed} whose text ({@code toString()}) is {@code value}, or
   * {@code defaultValue} when null; the error lists the texts, as {@link #oneOf} does for strings.
   */
  static <E> E oneOfConstants(String key, String value, List<E> allowed, E defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    for (E e : allowed) {
      if (e.toString().equals(value)) {
        return e;
      }
    }
    throw SpecException.invalid(key, "must be one of " + String.join(", ", allowed.stream().map(Object::toString)
        .toList()) + ", got " + show(value));
  }

  /** An immutable copy of a list of non-blank names; null means empty. */
  static List<String> names(String key, List<String> values, String what) {
    if (values == null) {
      return List.of();
    }
    List<String> copy = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || v.isBlank()) {
        throw SpecException.invalid(key + "[" + i + "]", "must be a non-blank " + what + ", got " + show(v));
      }
      copy.add(v);
    }
    return Collections.unmodifiableList(copy);
  }

  /**
   * A column a model reads by name: no '.' or '`'. Why: Spark ML stages (indexers, XGBoost's and LightGBM's label
   * and weight) resolve a column by parsing its name, so {@code tenure.months} reads field {@code months} of a
   * struct {@code tenure}, and no quoting reaches inside them. Assay quotes every other use (ids, slices, filters,
   * derived expressions), so a feature can still come from such a column through a derived plain name.
   */
  static String plainColumn(String key, String name) {
    if (name != null && (name.indexOf('.') >= 0 || name.indexOf('`') >= 0)) {
      throw SpecException.invalid(key, "is " + show(name) + ": a column a model reads (a feature, the label or the "
          + "weight) cannot contain '.' or '`', as Spark ML stages read a dot as a struct field; derive a plain name "
          + "for a feature (e.g. derive: {tenure_months: '`tenure.months`'}) and list that name, or rename the "
          + "label or weight column in the table");
    }
    return name;
  }

  /** A value as it would be written in JSON, for messages: strings quoted, maps and lists compact. */
  static String show(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
