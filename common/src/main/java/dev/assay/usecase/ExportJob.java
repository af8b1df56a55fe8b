package dev.assay.usecase;

import dev.assay.errors.PackageErrors;
import dev.assay.ledger.ModelRecord;
import dev.assay.ledger.ModelRef;
import dev.assay.model.EnsembleArtifact;
import dev.assay.model.StackArtifact;
import dev.assay.model.StackMembers;
import dev.assay.model.TrainStack;
import dev.assay.model.TrainXGBoost;
import dev.assay.packaging.ExportPackage;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.scorer.Manifest;
import dev.assay.spec.Algorithm;
import dev.assay.spec.RecordedSpec;
import dev.assay.spec.TableRef;
import dev.assay.version.DataVersion;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * {@code export}: a registered model as a self-describing package for serving outside Spark (see
 * {@link ExportPackage}). The golden examples come from a pinned evaluation version: {@code --golden-from}, or the
 * model's first evaluation reference at the version its spec pinned. The run records the model, the golden
 * version and the target; there is no run key, so exporting again (another target, a deleted package) always runs.
 */
public final class ExportJob {
  /** Golden rows per package unless {@code --golden-rows} says otherwise. */
  public static final int DEFAULT_GOLDEN_ROWS = 200;
  /** The algorithms the Spark-free scorer runs. */
  private static final Set<Algorithm> EXPORTABLE = EnumSet.of(Algorithm.XGBOOST, Algorithm.MLLIB_LOGISTIC_REGRESSION,
      Algorithm.MLLIB_RANDOM_FOREST, Algorithm.ONNX, Algorithm.LIGHTGBM, Algorithm.ENSEMBLE_MEAN, Algorithm.STACK);

  private ExportJob() {}

  public static JobResult run(JobContext ctx, ModelRef ref, TableRef goldenFrom, int goldenRows, String out) {
    if (goldenRows < 1) {
      throw PackageErrors.goldenRowsOption(goldenRows);
    }
    Path target = localTarget(out);
    LoadedModel m = LoadedModel.load(ctx, ref.name(), ref.version());
    ModelRecord model = m.record();
    TableRef golden = goldenFrom != null ? goldenFrom : m.trainSpec().data().eval().values().stream().findFirst()
        .orElseThrow(() -> PackageErrors.noGoldenSource(model.ref()));
    DataVersion gv = ctx.inputs().pin("golden", golden.table(), golden.version(), golden.timestamp());
    Dataset<Row> source = ctx.inputs().read(gv);
    checkExportable(m, "");
    ctx.setSpec(new RecordedSpec.Export(model.ref(), new RecordedSpec.PinnedTable(golden.table(), gv.version()),
        goldenRows, target.toString()));
    ctx.step("export %s: golden rows from %s v%d, package to %s", model.ref(), golden.table(), gv.version(), target);
    ExportPackage.Request request = request(ctx, m, source, gv, golden.table(), goldenRows, target);
    Manifest manifest = ExportPackage.export(request);
    String parts = manifest.members().isEmpty() ? manifest.features().vector().size() + " feature(s)"
        : manifest.members().size() + " member package(s)" + (manifest.stack() == null ? "" : " and a meta package");
    ctx.step("exported %s (model_hash %s) to %s: %d input column(s), %s, %d golden row(s) reproduced bit for bit by "
        + "the Spark-free scorer", model.ref(), model.modelHash().substring(0, 12), target, manifest.inputs().size(),
        parts, manifest.golden().rows());
    return JobResult.succeeded(String.format("%s exported to %s", model.ref(), target));
  }

  /**
   * An ensemble's members, or a stack's refitted bases (the registered {@code <stack>.<key>} models holding the
   * stack's parts), as exports of their own (each checked), in order; none for a single model.
   */
  private static List<ExportPackage.Request> members(JobContext ctx, LoadedModel m, Dataset<Row> source,
      DataVersion gv, String table, int rows) {
    List<ExportPackage.Request> members = new ArrayList<>();
    String ref = m.record().ref();
    if (m.record().algorithm() == Algorithm.ENSEMBLE_MEAN) {
      for (EnsembleArtifact.Member e : EnsembleArtifact.read(ctx.spark(), m.record().artifactUri()).members()) {
        LoadedModel member = LoadedModel.load(ctx, e.name(), e.version());
        checkExportable(member, ref + "'s member ");
        members.add(request(ctx, member, source, gv, table, rows, null));
      }
    }
    StackMembers stack = StackMembers.of(m.pipeline());
    if (stack != null) {
      for (StackArtifact.Part part : stack.descriptor().members()) {
        String name = TrainStack.baseName(m.trainSpec().model(), part.key());
        ModelRecord base = ctx.ledger().models().list(name, null).stream()
            .filter(b -> b.modelHash().equals(part.modelHash())).findFirst()
            .orElseThrow(() -> PackageErrors.stackBaseNotRegistered(ref, name, part.modelHash()));
        LoadedModel member = LoadedModel.load(ctx, name, base.modelVersion());
        checkExportable(member, ref + "'s base model ");
        members.add(request(ctx, member, source, gv, table, rows, null));
      }
      String meta = ref + "'s meta model";
      checkExportable(meta, Algorithm.of(stack.descriptor().meta().algorithm()), stack.meta());
    }
    return members;
  }

  /** Refuses a model the Spark-free scorer cannot run: {@code what} says where it sits (an ensemble's member). */
  static void checkExportable(LoadedModel m, String what) {
    checkExportable(what + m.record().ref(), m.record().algorithm(), m.pipeline());
  }

  private static void checkExportable(String model, Algorithm algorithm, PipelineModel pipeline) {
    if (!EXPORTABLE.contains(algorithm)) {
      throw PackageErrors.notExportable(model, "algorithm " + algorithm);
    }
    if (algorithm == Algorithm.XGBOOST && !"cpu".equals(TrainXGBoost.device(pipeline))) {
      throw PackageErrors.notExportable(model, "a model trained with device=" + TrainXGBoost.device(pipeline));
    }
  }

  /**
   * The export of {@code m} with its members' (each checked): its input types from its training table, or for an
   * imported graph (no training table) from the table the golden rows come from.
   */
  static ExportPackage.Request request(JobContext ctx, LoadedModel m, Dataset<Row> source, DataVersion gv,
      String table, int rows, Path target) {
    StructType schema = m.trainingSchema(ctx);
    return new ExportPackage.Request(m.record(), m.trainSpec(), m.pipeline(), schema != null ? schema
        : source.schema(), source, gv, table, rows, target, members(ctx, m, source, gv, table, rows));
  }

  /** {@code out} as a local path: a plain path (relative to the working directory) or a {@code file:} URI. */
  static Path localTarget(String out) {
    if (out.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !out.matches("^[a-zA-Z]:\\\\.*")) {
      URI uri = URI.create(out);
      if (!"file".equals(uri.getScheme())) {
        throw PackageErrors.remoteTarget(out);
      }
      return Path.of(uri).toAbsolutePath().normalize();
    }
    return Path.of(out).toAbsolutePath().normalize();
  }
}
