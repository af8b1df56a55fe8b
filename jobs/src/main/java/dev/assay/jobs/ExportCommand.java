package dev.assay.jobs;

import dev.assay.ledger.ModelRef;
import dev.assay.spec.TableRef;
import dev.assay.usecase.ExportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay export}: a registered model as a package for serving outside Spark (README, Serving a model). */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a registered model as a self-describing package (manifest, model files, golden examples) "
        + "that the Spark-free scorer and 'assay serve' load; the package is checked by that scorer before it "
        + "appears.")
final class ExportCommand extends JobCommand {
  @Option(names = "--model", required = true, description = "NAME or NAME:VERSION (default: latest version).")
  String model;

  @Option(names = "--out", required = true, description = "A new or empty local directory (a path or a file: URI).")
  String out;

  @Option(names = "--golden-from", description = "TABLE[@VERSION|@TIMESTAMP] to draw golden examples from "
      + "(default: the model's first evaluation table at its pinned version).")
  String goldenFrom;

  @Option(names = "--golden-rows", defaultValue = "" + ExportJob.DEFAULT_GOLDEN_ROWS,
      description = "Golden examples in the package (default: ${DEFAULT-VALUE}).")
  int goldenRows;

  @Mixin
  LedgerOption ledger;

  @Override
  public Integer call() {
    ModelRef ref = ModelRef.parse(model);
    TableRef golden = goldenFrom == null ? null : OptionValues.table("--golden-from", goldenFrom);
    return run(c -> ExportJob.run(c, ref, golden, goldenRows, out));
  }
}
