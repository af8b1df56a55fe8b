package dev.assay.scorer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One golden example ({@code golden.jsonl}, one JSON object per line): an input row as a request would send it
 * (NaN and infinities as strings) and the prediction Assay's Spark {@code score} gave it.
 */
public record GoldenRow(Map<String, Object> row, Prediction expected) {
  public GoldenRow {
    row = new LinkedHashMap<>(row);
  }
}
