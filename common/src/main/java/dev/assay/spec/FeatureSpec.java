package dev.assay.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The columns of a job: numeric and categorical features (in this order in the feature vector),
 * the label, and optional weight and id columns.
 *
 * <p>The label is required; there must be at least one feature; no column may be used twice,
 * neither within a list nor across the lists, label, weight and id.
 *
 * @param numeric numeric feature columns, default empty
 * @param categorical categorical feature columns, default empty
 * @param label the label column
 * @param weight the optional instance-weight column, or null
 * @param id the optional row-id column, carried through to predictions, or null
 * @param derive derived columns, name to Spark SQL expression over input columns, in order; null when none
 * @param transforms fitted feature transforms ({@link TransformStep}), in order; null when none. Derived
 *     columns and transforms are the first stage of the saved model, so every command applies them.
 */
public record FeatureSpec(List<String> numeric, List<String> categorical, String label, String weight, String id,
    Map<String, String> derive, List<TransformStep> transforms) {
  public FeatureSpec {
    numeric = Checks.names("numeric", numeric, "column name");
    categorical = Checks.names("categorical", categorical, "column name");
    label = Checks.requireText("label", label, "column name");
    weight = Checks.optionalText("weight", weight, "column name");
    id = Checks.optionalText("id", id, "column name");
    for (int i = 0; i < numeric.size(); i++) {
      Checks.plainColumn("numeric[" + i + "]", numeric.get(i));
    }
    for (int i = 0; i < categorical.size(); i++) {
      Checks.plainColumn("categorical[" + i + "]", categorical.get(i));
    }
    Checks.plainColumn("label", label);
    Checks.plainColumn("weight", weight);
    if (numeric.isEmpty() && categorical.isEmpty()) {
      throw SpecException.invalid("", "has no feature columns: list at least one column in {0} or {1}",
          "numeric", "categorical");
    }
    Map<String, String> used = new LinkedHashMap<>();
    use(used, "label", label);
    use(used, "weight", weight);
    use(used, "id", id);
    numeric.forEach(c -> use(used, "numeric", c));
    categorical.forEach(c -> use(used, "categorical", c));
    derive = checkDerive(derive, label, weight, id);
    transforms = transforms == null || transforms.isEmpty() ? null : List.copyOf(transforms);
    checkTransforms(transforms, derive, numeric, categorical, label, weight, id);
  }

  /** Plain columns only: no derived columns, no transforms. */
  public static FeatureSpec of(List<String> numeric, List<String> categorical, String label, String weight,
      String id) {
    return new FeatureSpec(numeric, categorical, label, weight, id, null, null);
  }

  /** Whether the spec derives or transforms columns, i.e. the model starts with a feature stage. */
  public boolean hasFeatureStage() {
    return derive != null || transforms != null;
  }

  /** The derived columns in order (empty when none). */
  public Map<String, String> derived() {
    return derive == null ? Map.of() : derive;
  }

  /** The transforms in order (empty when none). */
  public List<TransformStep> steps() {
    return transforms == null ? List.of() : transforms;
  }

  /** Columns the feature stage adds: derived names and transform outputs; the input table need not have them. */
  public Set<String> produced() {
    Set<String> out = new LinkedHashSet<>(derived().keySet());
    steps().stream().map(TransformStep::output).filter(o -> o != null).forEach(out::add);
    return out;
  }

  /** The same columns with other feature lists (a one-hot encoded categorical becomes numeric indicators). */
  public FeatureSpec withFeatures(List<String> numericColumns, List<String> categoricalColumns) {
    return new FeatureSpec(numericColumns, categoricalColumns, label, weight, id, null, null);
  }

  private static Map<String, String> checkDerive(Map<String, String> derive, String label, String weight,
      String id) {
    if (derive == null || derive.isEmpty()) {
      return null;
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : derive.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isBlank()) {
        throw SpecException.invalid("derive", "has a blank column name: name every derived column");
      }
      String key = "derive." + name;
      Checks.plainColumn(key, name);
      if (name.equals(label) || name.equals(weight) || name.equals(id)) {
        throw SpecException.invalid(key, "has the name of the label, weight or id column: pick another name");
      }
      copy.put(name, Checks.requireText(key, e.getValue(), "Spark SQL expression"));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static void checkTransforms(List<TransformStep> transforms, Map<String, String> derive,
      List<String> numeric, List<String> categorical, String label, String weight, String id) {
    if (transforms == null) {
      return;
    }
    Set<String> outputs = new LinkedHashSet<>(derive == null ? Set.of() : derive.keySet());
    for (int i = 0; i < transforms.size(); i++) {
      TransformStep t = transforms.get(i);
      String key = "transforms[" + i + "]." + t.kind();
      for (String c : t.inputs()) {
        if (c.equals(label) || c.equals(weight)) {
          throw SpecException.invalid(key, "reads " + Checks.show(c) + ", the label or weight column: a "
              + "transform may only read features, or the model would learn from its target");
        }
        if (c.equals(id)) {
          throw SpecException.invalid(key, "reads " + Checks.show(c) + ", the id column, which predictions "
              + "carry as it is: derive a feature from it instead");
        }
        if (t.oneHot() != null && !categorical.contains(c)) {
          throw SpecException.invalid(key, "names " + Checks.show(c) + ", which is not in {0}: one_hot encodes "
              + "categorical features; add it there", "categorical");
        }
      }
      String out = t.output();
      if (out != null && (!outputs.add(out) || out.equals(label) || out.equals(weight) || out.equals(id))) {
        throw SpecException.invalid(key + ".output", "names " + Checks.show(out) + ", a column another derive or "
            + "transform already makes, or the label, weight or id: give every output its own name");
      }
    }
  }

  /** All feature columns: the numeric ones, then the categorical ones. */
  public List<String> featureColumns() {
    return Stream.concat(numeric.stream(), categorical.stream()).toList();
  }

  private static void use(Map<String, String> used, String key, String column) {
    if (column == null) {
      return;
    }
    String previous = used.putIfAbsent(column, key);
    if (previous == null) {
      return;
    }
    if (previous.equals(key)) {
      throw SpecException.invalid(key, "lists column " + Checks.show(column) + " twice: list each column once");
    }
    throw SpecException.invalid(key, "uses column " + Checks.show(column)
        + ", which is already used by {0}: use each column once", previous);
  }
}
