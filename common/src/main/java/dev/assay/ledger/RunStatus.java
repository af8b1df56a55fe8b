package dev.assay.ledger;

import dev.assay.spec.StoredCode;

/**
 * How a run stands in the {@code runs} table: RUNNING from its first write, then SUCCEEDED,
 * SKIPPED (up to date, nothing written) or FAILED. The uppercase code is the {@code status}
 * column (read by SQL views and notebooks), so it must never change; {@link #toString()} returns it.
 */
public enum RunStatus implements StoredCode {
  RUNNING,
  SUCCEEDED,
  SKIPPED,
  FAILED;

  /** The stored text: the constant's name as it is, e.g. {@code SUCCEEDED}. */
  @Override
  public String code() {
    return name();
  }

  @Override
  public String toString() {
    return code();
  }

  /** Whether the run produced results that can be read, verified or reused. */
  public boolean producedResults() {
    return this == SUCCEEDED || this == SKIPPED;
  }

  /** The status stored as {@code code}; anything else in the table is a bug, not a user error. */
  public static RunStatus of(String code) {
    return StoredCode.of(RunStatus.class, "run status", code);
  }
}
