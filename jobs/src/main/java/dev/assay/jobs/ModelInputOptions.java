package dev.assay.jobs;

import dev.assay.ledger.ModelRef;
import dev.assay.spec.TableRef;
import picocli.CommandLine.Option;

/**
 * {@code --model NAME[:VERSION]} and {@code --input TABLE[@VERSION]}: the registered model and the
 * pinned input of a command that runs a model over a table (score, benchmark), declared and parsed
 * once.
 */
final class ModelInputOptions {
  @Option(names = "--model", required = true, description = "NAME or NAME:VERSION (default: latest version).")
  String model;

  @Option(names = "--input", required = true, description = "TABLE[@VERSION|@TIMESTAMP] (default: latest, pinned).")
  String input;

  ModelRef model() {
    return ModelRef.parse(model);
  }

  TableRef input() {
    return OptionValues.table("--input", input);
  }
}
