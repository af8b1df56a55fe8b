package dev.assay.ledger;

import dev.assay.errors.Preconditions;

/**
 * A registered model version by identity: name and version, both known. This is what metric keys,
 * evaluation matrices, gates and ensembles refer to. {@link ModelRef} is something else: the
 * command line's {@code NAME[:VERSION]} selector, whose version may be left out and is resolved
 * against the ledger into a {@link ModelRecord} (and so a {@code ModelId}).
 */
public record ModelId(String name, int version) {
  public ModelId {
    Preconditions.checkArgument(name != null, "Cannot create ModelId: model name is null");
  }

  /** {@code name:version}, the way users name a model on the command line and messages show it. */
  @Override
  public String toString() {
    return name + ":" + version;
  }
}
