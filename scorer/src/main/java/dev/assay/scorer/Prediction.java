package dev.assay.scorer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One row's prediction, with the fields of Assay's {@code score} table: {@code prediction} (binary: the class at
 * the threshold, 0 or 1; multiclass: the class index with the largest probability, the lowest on ties;
 * regression: the value), {@code probability} (binary: of class 1; multiclass: of the predicted class) and, for
 * multiclass models, every class's {@code probabilities}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(double prediction, Double probability, List<Double> probabilities) {
  public Prediction {
    probabilities = probabilities == null ? null : List.copyOf(probabilities);
  }

  /** Whether {@code other} has the same bits in every field (NaN equal to NaN, 0.0 not equal to -0.0). */
  public boolean sameBits(Prediction other) {
    return Double.doubleToRawLongBits(prediction) == Double.doubleToRawLongBits(other.prediction)
        && sameBits(probability, other.probability) && sameBits(probabilities, other.probabilities);
  }

  /** The first field that differs from {@code other}, or null. */
  String firstDifference(Prediction other) {
    if (Double.doubleToRawLongBits(prediction) != Double.doubleToRawLongBits(other.prediction)) {
      return "prediction";
    }
    if (!sameBits(probability, other.probability)) {
      return "probability";
    }
    return sameBits(probabilities, other.probabilities) ? null : "probabilities";
  }

  /** The value of {@code field} ({@link #firstDifference}), for messages. */
  Object field(String field) {
    return switch (field) {
      case "prediction" -> prediction;
      case "probability" -> probability;
      default -> probabilities;
    };
  }

  private static boolean sameBits(Double a, Double b) {
    return a == null ? b == null : b != null && Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
  }

  private static boolean sameBits(List<Double> a, List<Double> b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!sameBits(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
