package dev.assay.scorer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden example ({@code golden.jsonl}, one JSON object per line): an input row as a request would send it
 * (NaN and infinities as strings), the feature vector Spark's pipeline gave the model for it (each a float,
 * written as the double of the same value so it reads back exactly; missing as NaN), and the prediction Assay's
 * Spark {@code score} gave it. With the vector, a difference is placed: in the feature pipeline, or in the model
 * runtime; and a check in another language needs only the model runtime.
 */
public record GoldenRow(Map<String, Object> row, List<Double> features, Prediction expected) {
  public GoldenRow {
    row = new LinkedHashMap<>(row);
    features = features == null ? null : List.copyOf(features);
  }
}
