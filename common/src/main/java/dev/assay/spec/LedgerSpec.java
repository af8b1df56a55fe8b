package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Where the run ledger lives.
 *
 * @param root the ledger's root directory, relative to the warehouse; default {@code ledger}
 */
public record LedgerSpec(String root) {
  public static final String DEFAULT_ROOT = "ledger";

  /** All defaults. */
  public static final LedgerSpec DEFAULT = new LedgerSpec(DEFAULT_ROOT);

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public LedgerSpec {
    root = root == null ? DEFAULT_ROOT : Checks.optionalText("root", root, "directory");
    String rootProblem = Names.tableProblem(root);
    if (rootProblem != null) {
      throw SpecException.invalid("root", rootProblem);
    }
  }
}
