package dev.assay.jobs;

import picocli.CommandLine.Option;

/**
 * {@code --promote}, one declaration for the commands that gate a model (gate, retrain): on a
 * passed gate the model becomes champion of its name and the previous champion is archived.
 */
final class PromoteOption {
  @Option(names = "--promote", description = "On a passed gate, make the model champion of its name and archive the "
      + "previous one (retrain: implies --gate).")
  boolean promote;
}
