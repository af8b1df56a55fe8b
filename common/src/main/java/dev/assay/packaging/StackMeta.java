package dev.assay.packaging;

import static org.apache.spark.sql.functions.col;

import dev.assay.ledger.ModelRecord;
import dev.assay.model.InputChecks;
import dev.assay.model.StackArtifact;
import dev.assay.model.StackMembers;
import dev.assay.model.TrainStack;
import dev.assay.model.TrainXGBoost;
import dev.assay.spark.Columns;
import dev.assay.spec.Algorithm;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.JobSpec;
import dev.assay.spec.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A stack's meta model as an export of its own. The meta model is not registered (only the stack and its bases
 * are), so its record is the stack's with the meta part's name ({@code <stack>.meta}), algorithm, directory and
 * hash; its spec is the one the stack trained it with ({@link TrainStack#metaFeatures}); its input types are the
 * training table's plus a double per meta-feature column.
 *
 * <p>Its golden rows are drawn from the golden version as the stack sees it: the meta-feature columns made by the
 * stack's refitted bases from the prepared rows (as {@code score} prepares them), beside the columns as the table
 * holds them (what a server sends), so the meta package's golden rows are rows the stack really hands its meta model.
 */
final class StackMeta {
  private static final String RAW = "__assay_raw_";

  private StackMeta() {}

  /** The export of stack {@code r}'s meta model, drawing golden rows as {@code r} does. */
  static ExportPackage.Request request(ExportPackage.Request r) {
    StackMembers stage = StackMembers.of(r.pipeline());
    StackArtifact d = stage.descriptor();
    JobSpec spec = r.trainSpec();
    ModelSpec stackModel = spec.model();
    FeatureSpec features = TrainStack.metaFeatures(stackModel.stack(), spec.features(), d.classes());
    ModelSpec metaModel = stackModel.member(stackModel.name() + ".meta", stackModel.stack().meta());
    JobSpec metaSpec = new JobSpec(metaModel, features, spec.data(), spec.metrics(), spec.ledger());
    StructType schema = r.trainSchema();
    for (String c : d.metaColumns()) {
      schema = schema.add(c, DataTypes.DoubleType, false);
    }
    return new ExportPackage.Request(record(r.model(), d.meta(), metaModel, features), metaSpec, stage.meta(), schema,
        source(r, stage), r.goldenVersion(), r.goldenTable(), r.goldenRows(), null, List.of());
  }

  private static ModelRecord record(ModelRecord stack, StackArtifact.Part meta, ModelSpec model, FeatureSpec f) {
    Map<String, String> params = new LinkedHashMap<>();
    if (model.algorithm() == Algorithm.XGBOOST) {
      params.put("objective", TrainXGBoost.defaultObjective(model.task()));
    }
    model.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
    List<String> columns = new ArrayList<>(f.numeric());
    columns.addAll(f.categorical());
    return new ModelRecord(stack.modelName() + ".meta", stack.modelVersion(), stack.runId(), stack.runKey(),
        model.algorithm(), stack.task(), stack.artifactUri() + "/" + meta.path(), null, null, meta.modelHash(), params,
        columns, f.label(), stack.spec(), stack.trainData(), stack.trainRows(), stack.seed(), stack.numWorkers(),
        stack.stage(), stack.engine(), stack.codeVersion(), stack.xgboostVersion(), stack.createdAt(), null);
  }

  /** The golden source's columns as the table holds them, plus the meta-feature columns the stack makes of them. */
  private static Dataset<Row> source(ExportPackage.Request r, StackMembers stage) {
    Dataset<Row> source = r.goldenSource();
    String[] names = source.columns();
    List<String> copies = new ArrayList<>();
    for (int k = 0; k < names.length; k++) {
      source = source.withColumn(RAW + k, Columns.named(names[k]));
      copies.add(RAW + k);
    }
    Dataset<Row> prepared = InputChecks.prepare(r.pipeline(), source, r.trainSpec().features(), r.goldenTable(),
        false, copies);
    Dataset<Row> withMeta = stage.withMetaFeatures(prepared);
    List<Column> out = new ArrayList<>();
    for (int k = 0; k < names.length; k++) {
      out.add(col(RAW + k).as(names[k]));
    }
    stage.descriptor().metaColumns().forEach(c -> out.add(col(c)));
    return withMeta.select(out.toArray(Column[]::new));
  }
}
