package dev.assay.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import dev.assay.spark.Columns;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.ModelSpec;
import dev.assay.spec.StackSpec;
import dev.assay.spec.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a stack ({@code algorithm: stack}, see {@link StackSpec}): out-of-fold predictions of every
 * base model, the meta model on them, then every base model refitted on all training rows.
 *
 * <p>Why out of fold: a base model deep enough to memorise its training rows predicts them almost
 * perfectly, so a meta model trained on in-sample predictions learns to trust it blindly. Each
 * row's meta-feature comes from the base model fitted without that row's fold. Why a seeded hash of
 * the id for the fold: it depends only on the row, not on partitioning or scan order, so every rerun
 * (and {@code verify}) makes the same folds, the same fold models and the same stack bytes.
 */
public final class TrainStack implements ModelTrainer {
  static final TrainStack INSTANCE = new TrainStack();
  private static final Logger LOG = LoggerFactory.getLogger(TrainStack.class);
  private static final String FOLD = "__assay_fold";

  private TrainStack() {}

  /**
   * A trained stack and its parts, which {@code train} saves and registers (the bases as models of their own);
   * {@code outOfFold} is the meta model's training rows (lazy: the fold models applied to their held-out rows).
   */
  public record Trained(TrainedModel stack, Map<String, TrainedModel> bases, TrainedModel meta,
      Dataset<Row> outOfFold) {}

  @Override
  public TrainedModel train(SparkSession spark, ModelSpec model, FeatureSpec features, Dataset<Row> data,
      String table) {
    return fit(spark, model, features, data, table).stack();
  }

  /** The registered name of a base model: {@code <stack>.<key>}. */
  public static String baseName(ModelSpec stack, String key) {
    return stack.name() + "." + key;
  }

  public static Trained fit(SparkSession spark, ModelSpec model, FeatureSpec features, Dataset<Row> data,
      String table) {
    StackSpec stack = model.stack();
    Dataset<Row> withFold = withFolds(model, features, data).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int classes = classes(model.task(), withFold, features.label());
      Dataset<Row> outOfFold = outOfFold(spark, model, features, withFold, table, classes);
      FeatureSpec metaFeatures = metaFeatures(stack, features, classes);
      LOG.info("train {}: fitting the meta model ({}) on the out-of-fold predictions", model.name(),
          stack.meta().algorithm());
      TrainedModel meta = ModelTrainer.of(stack.meta().algorithm()).train(spark,
          model.member(model.name() + ".meta", stack.meta()), metaFeatures, outOfFold.drop(FOLD), table);
      Map<String, TrainedModel> bases = new LinkedHashMap<>();
      for (Map.Entry<String, StackSpec.Member> b : stack.base().entrySet()) {
        LOG.info("train {}: refitting base model {} on every training row", model.name(), b.getKey());
        bases.put(b.getKey(), fitBase(spark, model, b, features, withFold.drop(FOLD), table));
      }
      StackArtifact descriptor = descriptor(model, classes, bases, meta);
      String hash = descriptor.hash();
      StackMembers stage = new StackMembers(descriptor, bases.values().stream().map(TrainedModel::pipeline).toList(),
          meta.pipeline(), hash);
      Map<String, String> params = new LinkedHashMap<>();
      params.put("folds", String.valueOf(stack.folds()));
      params.put("base", String.join(",", stack.base().entrySet().stream()
          .map(e -> e.getKey() + ":" + e.getValue().algorithm()).toList()));
      params.put("meta", stack.meta().algorithm().code());
      params.put("passthrough", String.valueOf(stack.passthrough()));
      TrainedModel first = bases.values().iterator().next();
      TrainedModel trained = new TrainedModel(new PipelineModel(stage.uid(), new Transformer[] {stage}), null, hash,
          first.trainRows(), first.features(), params, null);
      return new Trained(trained, bases, meta, outOfFold);
    } finally {
      withFold.unpersist();
    }
  }

  /** Base model {@code base} fitted on {@code rows}, under its registered name {@code <stack>.<key>}. */
  private static TrainedModel fitBase(SparkSession spark, ModelSpec model, Map.Entry<String, StackSpec.Member> base,
      FeatureSpec features, Dataset<Row> rows, String table) {
    return ModelTrainer.of(base.getValue().algorithm()).train(spark, model.member(baseName(model, base.getKey()),
        base.getValue()), features, rows, table);
  }

  /** Every training row with its out-of-fold meta-features: for each fold, the base models fitted on the others. */
  private static Dataset<Row> outOfFold(SparkSession spark, ModelSpec model, FeatureSpec features,
      Dataset<Row> withFold, String table, int classes) {
    StackSpec stack = model.stack();
    Dataset<Row> all = null;
    for (int k = 0; k < stack.folds(); k++) {
      Dataset<Row> rest = withFold.where(col(FOLD).notEqual(lit((long) k))).drop(FOLD);
      List<PipelineModel> foldModels = new ArrayList<>();
      List<StackArtifact.Part> parts = new ArrayList<>();
      for (Map.Entry<String, StackSpec.Member> b : stack.base().entrySet()) {
        LOG.info("train {}: base model {} without fold {}/{}", model.name(), b.getKey(), k + 1, stack.folds());
        TrainedModel t = fitBase(spark, model, b, features, rest, table);
        foldModels.add(t.pipeline());
        parts.add(new StackArtifact.Part(b.getKey(), b.getValue().algorithm().code(), "", t.modelHash()));
      }
      StackArtifact foldDescriptor = new StackArtifact(model.task().code(), stack.folds(), model.seed(),
          stack.passthrough(), classes, parts, null);
      Dataset<Row> held = new StackMembers(foldDescriptor, foldModels, null, null)
          .withMetaFeatures(withFold.where(col(FOLD).equalTo(lit((long) k))));
      all = all == null ? held : all.unionByName(held);
    }
    return all;
  }

  /** The training rows with their fold: a seeded hash of the id, modulo the number of folds. */
  private static Dataset<Row> withFolds(ModelSpec model, FeatureSpec features, Dataset<Row> data) {
    return data.withColumn(FOLD, pmod(xxhash64(lit(model.seed()), Columns.named(features.id())),
        lit((long) model.stack().folds())));
  }

  /** Class-1 probability (binary) and prediction (regression): one meta-feature per base; multiclass: K. */
  private static int classes(Task task, Dataset<Row> data, String label) {
    if (task != Task.MULTICLASS) {
      return 1;
    }
    Row r = data.agg(max(Columns.named(label).cast("int"))).first();
    return r.isNullAt(0) ? 1 : r.getInt(0) + 1;
  }

  /**
   * The meta model's features: the meta-feature columns, and with {@code passthrough} the table's own
   * feature columns (as read, before any base model's feature stage).
   */
  public static FeatureSpec metaFeatures(StackSpec stack, FeatureSpec features, int classes) {
    List<String> numeric = new ArrayList<>(StackArtifact.metaColumns(List.copyOf(stack.base().keySet()), classes));
    List<String> categorical = new ArrayList<>();
    if (stack.passthrough()) {
      features.numeric().stream().filter(c -> !features.produced().contains(c)).forEach(numeric::add);
      features.categorical().stream().filter(c -> !features.produced().contains(c)).forEach(categorical::add);
    }
    return FeatureSpec.of(numeric, categorical, features.label(), features.weight(), features.id());
  }

  private static StackArtifact descriptor(ModelSpec model, int classes, Map<String, TrainedModel> bases,
      TrainedModel meta) {
    List<StackArtifact.Part> parts = new ArrayList<>();
    Map<String, StackSpec.Member> spec = model.stack().base();
    bases.forEach((key, t) -> parts.add(new StackArtifact.Part(key, spec.get(key).algorithm().code(),
        "members/" + key, t.modelHash())));
    return new StackArtifact(model.task().code(), model.stack().folds(), model.seed(), model.stack().passthrough(),
        classes, parts, new StackArtifact.Part("meta", model.stack().meta().algorithm().code(), "meta",
            meta.modelHash()));
  }

  @Override
  public String hash(PipelineModel pipeline) {
    StackMembers s = StackMembers.of(pipeline);
    if (s == null) {
      throw new IllegalArgumentException("Not a stack pipeline: " + pipeline.uid());
    }
    return s.descriptorHash();
  }

  @Override
  public String artifactHash(SparkSession spark, String dir) {
    return Hashing.sha256(StackArtifact.readBytes(spark, dir));
  }
}
