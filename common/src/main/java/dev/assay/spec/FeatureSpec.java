package dev.assay.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public record FeatureSpec(List<String> numeric, List<String> categorical, String label, String weight, String id) {
  public FeatureSpec {
    numeric = Checks.names("numeric", numeric, "column name");
    categorical = Checks.names("categorical", categorical, "column name");
    label = Checks.requireText("label", label, "column name");
    weight = Checks.optionalText("weight", weight, "column name");
    id = Checks.optionalText("id", id, "column name");
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
