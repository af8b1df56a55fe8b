package dev.assay.jobs;

import dev.assay.spec.JobSpec;
import dev.assay.usecase.ImportModelJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay import-model --name NAME --onnx FILE --spec FILE}: register a model trained elsewhere. */
@Command(name = "import-model", mixinStandardHelpOptions = true, modelTransformer = SpecOptions.Required.class,
    description = {"Register an ONNX graph trained by another framework (PyTorch, scikit-learn, TensorFlow, "
        + "LightGBM ...) as a model version of algorithm onnx and evaluate it on the --spec's data.eval references.",
        "The spec maps its features onto the graph's inputs (model.onnx) and names the score output; the same "
            + "file and spec imported again write nothing."})
final class ImportModelCommand extends SpecJobCommand {
  @Option(names = "--name", required = true, description = "Model name (sets model.name of the spec).")
  String name;

  @Option(names = "--onnx", required = true, paramLabel = "FILE",
      description = "The .onnx file: a local path or any Hadoop file system URI.")
  String onnx;

  @Mixin
  LedgerOption ledger;

  @Override
  JobSpec loadSpec() {
    return spec.load("model.name=" + name);
  }

  @Override
  Integer call(JobSpec job) {
    return run(c -> ImportModelJob.run(c, job, onnx));
  }
}
