package dev.assay.usecase;

import dev.assay.errors.OnnxErrors;
import dev.assay.errors.SpecErrors;
import dev.assay.evaluation.EvaluateModel;
import dev.assay.evaluation.SaveMetrics;
import dev.assay.evaluation.TrainOverlap;
import dev.assay.ledger.ModelRecord;
import dev.assay.model.Hashing;
import dev.assay.model.ImportOnnx;
import dev.assay.model.ModelArtifacts;
import dev.assay.model.TrainedModel;
import dev.assay.onnx.OnnxGraph;
import dev.assay.onnx.OnnxSessions;
import dev.assay.run.Command;
import dev.assay.run.CrashPoint;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.spec.Algorithm;
import dev.assay.spec.JobSpec;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.SpecLoader;
import dev.assay.spec.TableRef;
import dev.assay.version.CodeVersion;
import dev.assay.version.DataVersion;
import dev.assay.version.RunKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code import-model}: registers an ONNX graph trained by another framework as a model version of algorithm
 * {@code onnx}, then evaluates it on the spec's evaluation references like any trained model. The file is
 * inspected and bound to the spec (features onto inputs, the score output) before anything is written; it is
 * copied into the ledger's artifacts and its SHA-256 is the model hash, so the same file and spec imported again
 * is the same run key and writes nothing.
 */
public final class ImportModelJob {
  private ImportModelJob() {}

  public static JobResult run(JobContext ctx, JobSpec spec, String onnxFile) {
    if (spec.model().algorithm() != Algorithm.ONNX) {
      throw SpecErrors.importNeedsOnnx(spec.model().algorithm());
    }
    if (spec.features().hasFeatureStage() && !spec.features().steps().isEmpty() && spec.data().train() == null) {
      throw SpecErrors.importTransformsWithoutTrain();
    }
    if (spec.data().eval().isEmpty()) {
      throw SpecErrors.importWithoutEvalSuite();
    }
    String canonical = SpecLoader.canonicalJson(spec);
    ctx.setSpec(new RecordedSpec.Job(spec));
    if ("cuda".equals(spec.model().device())) {
      ctx.useGpu(Algorithm.ONNX);  // before anything is read: exit 2 naming what is missing
    }
    byte[] bytes = readFile(ctx, onnxFile);
    String sha256 = Hashing.sha256(bytes);
    OnnxGraph graph = OnnxGraph.inspect(bytes, sha256, onnxFile);
    ctx.step("read %s: %d bytes, sha256 %s, opset %s, producer %s", onnxFile, bytes.length, sha256.substring(0, 16),
        graph.params().get("onnx.opset"), graph.params().get("onnx.producer"));

    Map<String, DataVersion> byRole = new LinkedHashMap<>();
    TableRef trainRef = spec.data().train();
    DataVersion train = trainRef == null ? null : TrainJob.pin(ctx, "train", trainRef, byRole);
    Map<String, DataVersion> evals = new LinkedHashMap<>();
    spec.data().eval().forEach((name, ref) -> evals.put(name, TrainJob.pin(ctx, "eval:" + name, ref, byRole)));
    ctx.setRunKey(RunKey.of(Command.IMPORT_MODEL.code(), canonical, train == null ? Map.of() : Map.of("train", train),
        CodeVersion.current().label(), Map.of("onnx_sha256", sha256, "onnxruntime", OnnxSessions.runtimeVersion(),
        "spark", ctx.spark().version())).value());
    Optional<ModelRecord> existing = ctx.ledger().models().byRunKey(ctx.runKey());
    if (existing.isPresent()) {
      ctx.step("model %s already imported from this file and spec; nothing to do", existing.get().ref());
      return JobResult.skipped("up to date: " + existing.get().ref());
    }

    // The feature stage is fitted on the training table; one that only derives columns needs no fitting, and
    // any evaluation table has the columns it derives from.
    String fitTable = trainRef != null ? trainRef.table() : spec.data().eval().values().iterator().next().table();
    Dataset<Row> fitData = !spec.features().hasFeatureStage() ? null
        : ctx.inputs().read(train != null ? train : evals.values().iterator().next());
    TrainedModel imported = ImportOnnx.build(spec, bytes, graph, fitData, fitTable);
    Map<String, String> params = new LinkedHashMap<>(imported.params());
    params.put("onnx.source", onnxFile);
    imported = new TrainedModel(imported.pipeline(), null, imported.modelHash(), imported.trainRows(),
        imported.features(), params, imported.featureState());
    ctx.step("bound %s to %s (%s); model sha256 %s", imported.features(), graph.params().get("onnx.inputs"),
        spec.model().onnx().output() == null ? "its only output" : "output " + spec.model().onnx().output(),
        imported.modelHash().substring(0, 16));

    String dir = ctx.ledger().artifactPath(spec.model().name(), ctx.runId());
    ctx.artifactsWritten(dir);
    ModelArtifacts.save(ctx.spark(), imported, dir);
    CrashPoint.reach("import-model.artifact-saved");
    Map<String, EvaluateModel.Evaluation> values = TrainJob.evaluate(ctx, imported.pipeline(), spec, evals,
        new TrainOverlap(spec.model().name(), List.of(), spec.features()));
    ctx.modelsWritten();
    ModelRecord model = ctx.ledger().models().register(TrainJob.record(ctx, spec, imported, dir, canonical,
        ctx.runKey()));
    ctx.step("registered model %s (artifact %s)", model.ref(), ModelArtifacts.onnxPath(dir));
    var saved = SaveMetrics.save(ctx, EvaluateModel.rows(ctx, model.id(), EvaluateModel.cells(spec.data().eval(),
        evals), values));
    ctx.step("stored %d metric row(s) for %s", saved.inserted(), model.ref());
    return JobResult.succeeded("imported model " + model.ref() + " (onnx, " + OnnxSessions.runtimeVersion()
        + ")");
  }

  private static byte[] readFile(JobContext ctx, String file) {
    Path p = new Path(file);
    try (InputStream in = p.getFileSystem(ctx.spark().sessionState().newHadoopConf()).open(p)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw OnnxErrors.unreadable(file, e.getMessage());
    }
  }
}
