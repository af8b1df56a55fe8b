package dev.assay.model;


import dev.assay.errors.AssayException;
import dev.assay.features.DeriveFailures;
import dev.assay.features.FeatureStageModel;
import dev.assay.features.FeatureState;
import dev.assay.features.FitFeatureStage;
import dev.assay.spark.Columns;
import dev.assay.spec.FeatureSpec;
import dev.assay.spec.Task;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How every trainer puts a spec's feature stage ({@code features.derive}, {@code features.transforms})
 * in front of its model: fitted first, on the prepared training version; the first stage of the
 * saved pipeline; part of the model hash. A spec without the section gets no stage and the hash it
 * always had.
 */
final class FeatureStages {
  private FeatureStages() {}

  /** The fitted stage and the checked training input with the stage applied. */
  record Prepared(FitFeatureStage.Fitted stage, InputChecks.Checked checked) {
    /** The features the model after the stage reads. */
    FeatureSpec features() {
      return stage.features();
    }

    /**
     * The checked training rows as every trainer feeds them: hash-partitioned on the used columns into
     * {@code workers} partitions and sorted within them, so the rows each worker sees, and their order, depend
     * only on the data version's content, not on file layout (OPTIMIZE, compaction) or scan order.
     */
    Dataset<Row> ordered(int workers) {
      Column[] all = InputChecks.usedColumns(features()).stream().map(Columns::named).toArray(Column[]::new);
      return checked.data().repartition(workers, all).sortWithinPartitions(all);
    }
  }

  /** The fitted stage (null without the section), the features the model reads and its training input. */
  static FitFeatureStage.Fitted fit(FeatureSpec f, Dataset<Row> data, String table) {
    if (!f.hasFeatureStage()) {
      return new FitFeatureStage.Fitted(null, f, data);
    }
    return FitFeatureStage.fit(f, InputChecks.prepare(data, f, table, true), table);
  }

  /**
   * Fits the stage and checks the training input after it ({@link InputChecks#checkTraining}). A
   * derived expression that fails at run time in either is an input-data error (exit 3) naming the
   * expression and a row it fails on, not a stack trace.
   */
  static Prepared fitAndCheck(FeatureSpec f, Dataset<Row> data, Task task, String table) {
    FitFeatureStage.Fitted stage = null;
    try {
      stage = fit(f, data, table);
      return new Prepared(stage, InputChecks.checkTraining(stage.data(), stage.features(), task, table));
    } catch (AssayException e) {
      throw e;
    } catch (Exception e) {
      // Spark's job failures are checked SparkExceptions thrown through Scala: catch them all here.
      if (f.derived().isEmpty()) {
        throw e;
      }
      FeatureState state = stage != null ? stage.stage().fitted() : derivedOnly(f);
      Optional<AssayException> explained = DeriveFailures.explain(state, InputChecks.prepare(data, f, table, true),
          table);
      if (explained.isPresent()) {
        throw explained.get();
      }
      throw e;
    }
  }

  /** The derived columns of {@code f} alone, in spec order: enough to find a failing expression. */
  private static FeatureState derivedOnly(FeatureSpec f) {
    return new FeatureState(f.derived().entrySet().stream().map(d -> new FeatureState.Derived(d.getKey(),
        d.getValue())).toList(), List.of(), Map.of());
  }

  /** {@code fitted} with {@code stage} in front of its stages; {@code fitted} itself when there is none. */
  static PipelineModel prepend(FeatureStageModel stage, PipelineModel fitted) {
    if (stage == null) {
      return fitted;
    }
    List<Transformer> stages = new ArrayList<>();
    stages.add(stage);
    stages.addAll(Arrays.asList(fitted.stages()));
    return new PipelineModel(fitted.uid(), stages.toArray(Transformer[]::new));
  }

  /** Whether {@code pipeline}, or a member of the ensemble or stack it is, starts with a feature stage. */
  static boolean anyStageIn(PipelineModel pipeline) {
    if (stageOf(pipeline) != null) {
      return true;
    }
    return Arrays.stream(pipeline.stages()).anyMatch(s -> s instanceof AverageMembers a
        && a.members().stream().anyMatch(FeatureStages::anyStageIn)
        || s instanceof StackMembers st && st.bases().stream().anyMatch(FeatureStages::anyStageIn));
  }

  /**
   * The derived columns of a stack's base models, in the order their stage adds them (all bases share
   * the spec's features, so the first base's stage has them all); empty for any other pipeline, whose
   * own output already carries what its stage derived.
   */
  static List<FeatureState.Derived> derivedInsideStack(PipelineModel pipeline) {
    StackMembers stack = StackMembers.of(pipeline);
    FeatureStageModel stage = stack == null || stack.bases().isEmpty() ? null : stageOf(stack.bases().get(0));
    return stage == null ? List.of() : stage.fitted().derive();
  }

  /** The pipeline's feature stage, or null. */
  static FeatureStageModel stageOf(PipelineModel pipeline) {
    return pipeline.stages().length > 0 && pipeline.stages()[0] instanceof FeatureStageModel m ? m : null;
  }

  /**
   * The model hash of a pipeline whose model alone hashes to {@code modelHash}: that hash without a
   * feature stage, else the SHA-256 of the stage's fitted state and that hash, so a change of a
   * derived expression or of a fitted value changes the model's identity.
   */
  static String hash(FeatureStageModel stage, String modelHash) {
    if (stage == null) {
      return modelHash;
    }
    return Hashing.sha256(("feature_stage=" + stage.stateJson() + "\nmodel=" + modelHash)
        .getBytes(StandardCharsets.UTF_8));
  }
}
