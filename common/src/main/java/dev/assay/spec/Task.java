package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * What a model predicts. The lowercase code is what specs, the {@code models} table and ensemble
 * descriptors store, so it must never change; {@link #toString()} returns it so that messages and
 * recorded text read exactly as they did when the task was a string.
 */
public enum Task implements StoredCode {
  BINARY,
  REGRESSION,
  MULTICLASS;

  /** Every task in the order spec errors list them; the first is the default. */
  public static final List<Task> ALL = List.of(values());

  @JsonValue
  @Override
  public String toString() {
    return code();
  }

  /**
   * The task stored as {@code code} (a ledger row, a descriptor); an unknown code is a bug or a
   * ledger written by a newer Assay, not a user error, so it is an {@link IllegalArgumentException}.
   */
  public static Task of(String code) {
    return StoredCode.of(Task.class, "task", code);
  }
}
