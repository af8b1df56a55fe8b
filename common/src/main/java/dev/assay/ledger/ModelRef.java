package dev.assay.ledger;

import dev.assay.errors.UsageErrors;
import dev.assay.spec.Names;

/**
 * A model as named on the command line: {@code NAME} (latest version) or {@code NAME:VERSION}. A
 * selector, not an identity: the ledger resolves it to a registered version ({@link ModelId}).
 */
public record ModelRef(String name, Integer version) {

  public static ModelRef parse(String text) {
    String[] nv = text.split(":", 2);
    Names.checkModelName("option --model '" + text + "'", nv[0]);
    if (nv.length == 1) {
      return new ModelRef(nv[0], null);
    }
    try {
      return new ModelRef(nv[0], Integer.parseInt(nv[1]));
    } catch (NumberFormatException ex) {
      throw UsageErrors.modelOptionVersion(text);
    }
  }
}
