package dev.assay.usecase;

import dev.assay.errors.UsageErrors;
import dev.assay.ledger.ModelStage;
import java.util.Optional;

/**
 * Which registered models a job covers: one model name and one stage, each null for "any". The
 * stage stays the option's text until {@link #stageOrNone()} reads it, so that a wrong stage fails
 * inside the run and is recorded as a FAILED run rather than lost as a parse error.
 */
public record ModelSelection(String modelName, String stage) {
  /** Every registered model. */
  public static final ModelSelection ALL = new ModelSelection(null, null);

  /** The versions of {@code modelName} in {@code stage}. */
  public static ModelSelection of(String modelName, ModelStage stage) {
    return new ModelSelection(modelName, stage.code());
  }

  /** The stage asked for, or empty for any stage; a text that is no stage is a usage error. */
  public Optional<ModelStage> stageOrNone() {
    if (stage == null) {
      return Optional.empty();
    }
    return Optional.of(ModelStage.find(stage).orElseThrow(() -> UsageErrors.stageOption(stage,
        ModelStage.ALL.stream().map(ModelStage::code).toList())));
  }
}
