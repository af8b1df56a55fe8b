package dev.assay.ledger;

import dev.assay.spec.StoredCode;
import java.util.List;
import java.util.Optional;

/**
 * Where a registered model version stands: every version starts as a candidate, a passed gate
 * with {@code promote} makes it the champion of its name and archives the previous one. The
 * lowercase code is the {@code stage} column (read by SQL views and notebooks), so it must never
 * change; {@link #toString()} returns it.
 */
public enum ModelStage implements StoredCode {
  CANDIDATE,
  CHAMPION,
  ARCHIVED;

  /** Every stage, in the order option errors list them. */
  public static final List<ModelStage> ALL = List.of(values());

  @Override
  public String toString() {
    return code();
  }

  /** The stage named {@code code}, if it is one; callers turn absence into their own usage error. */
  public static Optional<ModelStage> find(String code) {
    return StoredCode.find(ModelStage.class, code);
  }

  /** The stage stored as {@code code}; anything else in the table is a bug, not a user error. */
  public static ModelStage of(String code) {
    return StoredCode.of(ModelStage.class, "model stage", code);
  }
}
