package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * How an imported ONNX model ({@code model.algorithm: onnx}) reads the spec's features and which of its outputs
 * is the score (YAML section {@code model.onnx}). The graph itself is checked against this when the model is
 * imported ({@code assay import-model}), so a mismatch is a usage error before anything is written.
 *
 * @param inputs {@code tensor} (default): one float input {@code [N, F]} holding the features in spec order;
 *     {@code columns}: one float input {@code [N, 1]} (or {@code [N]}) per feature, named as the column
 * @param input the tensor input's name; null means the graph's only input. Not used with {@code columns}
 * @param output the output to score with; null means the graph's only output. Binary: {@code [N, 1]} (the
 *     class-1 probability) or {@code [N, 2]}; multiclass: {@code [N, K]}; regression: {@code [N]} or
 *     {@code [N, 1]}
 * @param batchSize rows per ONNX Runtime call on an executor (default {@value #DEFAULT_BATCH_SIZE}); scores do
 *     not depend on it
 */
public record OnnxSpec(Inputs inputs, String input, String output, int batchSize) {
  public static final int DEFAULT_BATCH_SIZE = 512;
  public static final int MAX_BATCH_SIZE = 65_536;

  /** How features become graph inputs. */
  public enum Inputs implements StoredCode {
    TENSOR,
    COLUMNS;

    public static final List<Inputs> ALL = List.of(TENSOR, COLUMNS);

    @JsonValue
    @Override
    public String toString() {
      return code();
    }
  }

  public OnnxSpec {
    inputs = inputs == null ? Inputs.TENSOR : inputs;
    input = Checks.optionalText("input", input, "ONNX input name");
    output = Checks.optionalText("output", output, "ONNX output name");
    if (inputs == Inputs.COLUMNS && input != null) {
      throw SpecException.invalid("input", "is for {0}: tensor; with columns every feature is read from the input "
          + "named as its column, so remove it", "inputs");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw SpecException.invalid("batch_size", "must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
    }
  }

  /** The defaults: one tensor input, the only output, {@value #DEFAULT_BATCH_SIZE} rows per call. */
  public static final OnnxSpec DEFAULT = new OnnxSpec(Inputs.TENSOR, null, null, DEFAULT_BATCH_SIZE);

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static OnnxSpec fromSpec(@JsonProperty("inputs") String inputs, @JsonProperty("input") String input,
      @JsonProperty("output") String output, @JsonProperty("batch_size") Integer batchSize) {
    return new OnnxSpec(Checks.oneOfConstants("inputs", inputs, Inputs.ALL, Inputs.TENSOR), input, output,
        batchSize == null ? DEFAULT_BATCH_SIZE : batchSize);
  }
}
