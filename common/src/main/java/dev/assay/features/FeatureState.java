package dev.assay.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.assay.spec.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Everything the feature stage of one model does, as data: the derived columns (name and SQL, in
 * order), the fitted transforms in order, and the type each produced feature is cast to at the end
 * ({@code double} for numeric features, {@code string} for categorical ones, as the raw ones are).
 * Its JSON is what the models table records in {@code feature_transforms} and what the model hash
 * covers; Jackson writes doubles as the shortest text that reads back to the same bits.
 */
public record FeatureState(List<Derived> derive, List<FittedStep> steps, Map<String, String> casts) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One derived column. */
  public record Derived(String name, String sql) {}

  public FeatureState {
    derive = List.copyOf(derive);
    steps = List.copyOf(steps);
    casts = new TreeMap<>(casts);
  }

  /** The data with every derived column added, every step applied and the produced features cast. */
  public Dataset<Row> apply(Dataset<Row> data) {
    Dataset<Row> out = data;
    for (Derived d : derive) {
      out = out.withColumn(d.name(), expr(d.sql()));
    }
    for (FittedStep step : steps) {
      out = step.apply(out);
    }
    for (Map.Entry<String, String> c : casts.entrySet()) {
      out = out.withColumn(c.getKey(), col(Names.quoteIdentifier(c.getKey())).cast(c.getValue()));
    }
    return out;
  }

  /** The indicator columns of every one-hot step, in step order. */
  public List<String> indicators() {
    List<String> out = new ArrayList<>();
    steps.stream().filter(s -> s instanceof FittedStep.OneHot).forEach(s -> out.addAll(((FittedStep.OneHot) s)
        .indicators()));
    return out;
  }

  /** The JSON form, the same text for the same state. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write feature state as JSON", e);
    }
  }

  /** Reads {@link #toJson()}; a saved model whose state does not read back is corrupt. */
  public static FeatureState fromJson(String json) {
    try {
      return JSON.readValue(json, FeatureState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read feature state: " + e.getOriginalMessage(), e);
    }
  }
}
