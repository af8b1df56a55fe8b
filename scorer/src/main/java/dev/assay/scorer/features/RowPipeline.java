package dev.assay.scorer.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.scorer.Manifest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A package's feature pipeline for one row at a time, in Assay's order: the inputs cast as Assay's input
 * preparation casts them (numeric features to double, categorical ones to string), the derived columns, the fitted
 * steps, the final casts of produced features, the category codes, and the feature vector (a missing value is
 * NaN, which XGBoost reads as missing). Each stage does what the Spark expression of the same stage does, value
 * for value, so the vector's bits are those the Spark model saw.
 */
public final class RowPipeline {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Manifest.Input> inputs;
  private final List<Manifest.Derived> derive;
  private final List<Step> steps;
  private final Map<String, String> casts;
  private final List<Manifest.Imputed> impute;
  private final List<Manifest.Category> categories;
  private final List<Map<String, Integer>> codes;
  private final List<String> vector;

  public RowPipeline(Manifest manifest) {
    Manifest.Features f = manifest.features();
    this.inputs = manifest.inputs();
    this.derive = f.derive();
    this.steps = f.steps().stream().map(RowPipeline::step).toList();
    this.casts = f.casts();
    this.impute = f.impute();
    this.categories = f.categories();
    this.codes = categories.stream().map(c -> {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < c.labels().size(); i++) {
        m.put(c.labels().get(i), i);
      }
      return m;
    }).toList();
    this.vector = f.vector();
  }

  private static Step step(JsonNode json) {
    try {
      return JSON.treeToValue(json, Step.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read the feature step " + json + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The number of columns of the feature vector. */
  public int width() {
    return vector.size();
  }

  /**
   * Writes the feature vector of {@code row} (input name to a value of its SQL type, see {@link InputValues}) into
   * {@code out} at {@code offset}: each value cast to double, a missing one as NaN (XGBoost's runtime then casts
   * each to the float XGBoost4J-Spark hands the booster).
   */
  public void features(Map<String, Object> row, double[] out, int offset) {
    Map<String, Object> r = new HashMap<>(row);
    for (Manifest.Input in : inputs) {
      Object v = r.get(in.name());
      switch (in.role()) {
        case NUMERIC -> r.put(in.name(), Values.toDouble(v));
        case CATEGORICAL -> r.put(in.name(), Values.toSqlString(v));
        default -> { }
      }
    }
    for (Manifest.Derived d : derive) {
      r.put(d.name(), d.tree().eval(r::get));
    }
    for (Step s : steps) {
      s.apply(r);
    }
    for (Map.Entry<String, String> c : casts.entrySet()) {
      Object v = r.get(c.getKey());
      r.put(c.getKey(), "string".equals(c.getValue()) ? Values.toSqlString(v) : Values.toDouble(v));
    }
    for (Manifest.Imputed m : impute) {
      Double v = Values.toDouble(r.get(m.column()));
      boolean missing = v == null || v.isNaN();
      r.put(m.filled(), missing ? 0.0 : v);
      r.put(m.indicator(), missing ? 1.0 : 0.0);
    }
    for (int i = 0; i < categories.size(); i++) {
      Manifest.Category c = categories.get(i);
      String v = Values.toSqlString(r.get(c.column()));
      Integer code = v == null ? null : codes.get(i).get(v);
      r.put(c.output(), (double) (code == null ? c.unseenCode() : code));
    }
    for (int j = 0; j < vector.size(); j++) {
      Double v = Values.toDouble(r.get(vector.get(j)));
      out[offset + j] = v == null ? Double.NaN : v;
    }
  }
}
