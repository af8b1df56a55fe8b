package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.assay.data.PinnedInputs;
import dev.assay.errors.GateErrors;
import dev.assay.errors.LedgerErrors;
import dev.assay.errors.ModelErrors;
import dev.assay.spec.Algorithm;
import dev.assay.spec.Task;
import dev.assay.version.DataVersion;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The {@code models} table. Versions of a model name count up from 1; registration is an
 * insert-only MERGE on (name, version), so two concurrent trainings never share a version.
 */
public final class ModelsTable extends LedgerTable {
  ModelsTable(Ledger ledger) {
    super(ledger, LedgerTableName.MODELS);
  }

  /**
   * Registers the model under the next free version and returns the record as stored.
   *
   * <p>A model with a run key is registered only if no version holds that key: the insert is skipped in the
   * same transaction ({@link RowTransaction#insertUnlessTaken}), so two jobs that trained from the same inputs at
   * once (a scheduler's zombie and its retry) register one model, and the later one fails with exit 75 and is
   * rolled back; its rerun finds the registered model and has nothing to do.
   */
  public ModelRecord register(ModelRecord model) {
    for (int attempt = 0; attempt < CommitRetry.MAX_ATTEMPTS; attempt++) {
      ModelRecord candidate = model.withVersion(nextVersion(model.modelName()));
      // The insert skips our row when a concurrent run took this version: take the next.
      if (tryRegister(candidate)) {
        return candidate;
      }
      if (model.runKey() != null) {
        Optional<ModelRecord> sameInputs = byRunKey(model.runKey());
        if (sameInputs.isPresent()) {
          throw LedgerErrors.runKeyRegisteredMeanwhile(sameInputs.get().ref(), sameInputs.get().runId(),
              model.runKey());
        }
      }
    }
    throw LedgerErrors.concurrentCommit(path, CommitRetry.MAX_ATTEMPTS, null);
  }

  /** Stores {@code candidate} unless its name and version, or its run key, are taken; whether it was stored. */
  boolean tryRegister(ModelRecord candidate) {
    return insertUnlessTaken(Where.equal("model_name", candidate.modelName()), stored ->
        Objects.equals(stored.getAs("model_version"), candidate.modelVersion())
            || candidate.runKey() != null && candidate.runKey().equals(stored.getAs("run_key")),
        Rows.model(candidate), LedgerSchemas.MODELS);
  }

  int nextVersion(String name) {
    return rows(Where.equal("model_name", name), "model_version").stream().mapToInt(r -> r.getInt(0) + 1).max()
        .orElse(1);
  }

  /** A model version, or the latest version when {@code version} is null. */
  public ModelRecord get(String name, Integer version) {
    Where where = Where.equal("model_name", name);
    return first(rows(version == null ? where : where.andEqual("model_version", version)), false)
        .orElseThrow(() -> ModelErrors.unknownModel(name, version));
  }

  /** The first version registered from {@code runKey}: a run key names at most one (see {@link #register}). */
  public Optional<ModelRecord> byRunKey(String runKey) {
    return first(rows(Where.equal("run_key", runKey)), true);
  }

  public Optional<ModelRecord> byRunId(String runId) {
    return first(rows(Where.equal("run_id", runId)), true);
  }

  /** The lowest ({@code lowest}) or highest version among {@code rows}. */
  private static Optional<ModelRecord> first(List<Row> rows, boolean lowest) {
    Comparator<ModelRecord> byVersion = Comparator.comparing(ModelRecord::modelVersion);
    Stream<ModelRecord> models = rows.stream().map(ModelsTable::fromRow);
    return lowest ? models.min(byVersion) : models.max(byVersion);
  }

  public void deleteRun(String runId) {
    deleteWhere(col("run_id").equalTo(lit(runId)));
  }

  /**
   * Registered model versions, ordered by name and version; {@code name} and {@code stage} narrow
   * the list when not null.
   */
  public List<ModelRecord> list(String name, ModelStage stage) {
    Where where = name == null ? Where.ALL : Where.equal("model_name", name);
    if (stage != null) {
      where = where.andEqual("stage", stage.code());
    }
    return rows(where).stream().map(ModelsTable::fromRow)
        .sorted(Comparator.comparing(ModelRecord::modelName).thenComparing(ModelRecord::modelVersion)).toList();
  }

  /** The champion of a model name: its version with stage {@code champion} (the highest if several). */
  public Optional<ModelRecord> champion(String name) {
    List<ModelRecord> champions = list(name, ModelStage.CHAMPION);
    return champions.isEmpty() ? Optional.empty() : Optional.of(champions.get(champions.size() - 1));
  }

  /**
   * Makes {@code challenger} the champion of its name and archives {@code oldChampion} (null when
   * the name has none) in ONE Delta commit, refused with exit 75 (rerun the gate against the new
   * champion) when the name's stages changed after the gate read them.
   *
   * <p>Why a MERGE over every version of the name, with guards that fail it: the stages are read
   * before the MERGE, and its transaction may start from a newer snapshot. Updating only the two rows
   * that change, conditioned on their old stages, let a promotion that committed in between stand next
   * to ours: two champions. So the source holds every version of the name with the stage read, and the
   * MERGE (evaluated against its own snapshot) raises an error, which aborts the whole commit, when a
   * stored stage differs from the one read, a version read is gone, or a champion exists that was not
   * read. Every file holding the name is rewritten, so two promotions racing from the same snapshot
   * remove the same files and Delta fails the second with a conflict; {@link CommitRetry} reruns it, the
   * champion is read again, and it no longer is the one the gate compared against.
   */
  public void promote(ModelRecord challenger, ModelRecord oldChampion) {
    String name = challenger.modelName();
    Integer expected = oldChampion == null ? null : oldChampion.modelVersion();
    commit(() -> {
      List<ModelRecord> versions = list(name, null);
      if (versions.stream().noneMatch(m -> Objects.equals(m.modelVersion(), challenger.modelVersion()))) {
        throw ModelErrors.unknownModel(name, challenger.modelVersion());
      }
      Integer nowVersion = championOf(versions);
      if (!Objects.equals(nowVersion, expected)) {
        throw GateErrors.championChanged(name, expected, nowVersion);
      }
      promoteAsRead(challenger, expected, versions);
      return null;
    });
  }

  /** The MERGE of {@link #promote}, from the stages in {@code versionsRead}: every version of the name as read. */
  void promoteAsRead(ModelRecord challenger, Integer expected, List<ModelRecord> versionsRead) {
    String name = challenger.modelName();
    List<Row> changes = new ArrayList<>();
    for (ModelRecord m : versionsRead) {
      ModelStage next = Objects.equals(m.modelVersion(), challenger.modelVersion()) ? ModelStage.CHAMPION
          : Objects.equals(m.modelVersion(), expected) ? ModelStage.ARCHIVED : m.stage();
      changes.add(RowFactory.create(name, m.modelVersion(), m.stage().code(), next.code()));
    }
    String view = "assay_promotion_" + UUID.randomUUID().toString().replace("-", "");
    spark.createDataFrame(changes, PROMOTION).createOrReplaceTempView(view);
    String stale = "CAST(raise_error('" + STAGES_CHANGED + "') AS STRING)";
    String sameName = "t.model_name = " + lit(name).expr().sql();
    try {
      spark.sql("MERGE INTO delta.`" + path.replace("`", "``") + "` AS t USING " + view + " AS s ON " + sameName
          + " AND t.model_name = s.model_name AND t.model_version = s.model_version"
          + " WHEN MATCHED AND t.stage = s.expected_stage THEN UPDATE SET stage = s.new_stage"
          + " WHEN MATCHED THEN UPDATE SET stage = " + stale
          + " WHEN NOT MATCHED THEN INSERT (model_name) VALUES (" + stale + ")"
          + " WHEN NOT MATCHED BY SOURCE AND " + sameName + " AND t.stage = "
          + lit(ModelStage.CHAMPION.code()).expr().sql() + " THEN UPDATE SET stage = " + stale);
    } catch (Exception e) {
      // A task's failure reaches here as Spark's checked SparkException: catch it, rethrow anything else as is.
      if (causedByStaleStages(e)) {
        throw GateErrors.championChanged(name, expected, championOf(list(name, null)));
      }
      throw e;
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  /** The message of the MERGE's guard; found again in the exception that aborts the commit. */
  private static final String STAGES_CHANGED = "assay: model stages changed since they were read";

  private static boolean causedByStaleStages(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(STAGES_CHANGED)) {
        return true;
      }
    }
    return false;
  }

  /** The champion's version among {@code versions} (the highest if several), or null. */
  private static Integer championOf(List<ModelRecord> versions) {
    Integer champion = null;
    for (ModelRecord m : versions) {
      if (m.stage() == ModelStage.CHAMPION) {
        champion = m.modelVersion();
      }
    }
    return champion;
  }

  private static final StructType PROMOTION = new StructType()
      .add("model_name", "string").add("model_version", "int").add("expected_stage", "string")
      .add("new_stage", "string");

  static ModelRecord fromRow(Row r) {
    Map<String, String> params = new LinkedHashMap<>(r.<String, String>getJavaMap(r.fieldIndex("params")));
    List<String> features = new ArrayList<>(JavaConverters.seqAsJavaList(r.<Seq<String>>getAs("features")));
    List<PinnedInputs.Input> train = new ArrayList<>();
    for (Row d : JavaConverters.seqAsJavaList(r.<Seq<Row>>getAs("train_data"))) {
      Timestamp ts = d.getAs("commit_timestamp");
      train.add(new PinnedInputs.Input(d.getAs("role"), d.getAs("table"), new DataVersion(d.getAs("table_id"),
          d.<Long>getAs("version"), d.getAs("table"), ts == null ? 0L : ts.getTime())));
    }
    return new ModelRecord(r.getAs("model_name"), r.<Integer>getAs("model_version"), r.getAs("run_id"),
        r.getAs("run_key"), Algorithm.of(r.getAs("algorithm")), Task.of(r.getAs("task")), r.getAs("artifact_uri"),
        r.getAs("booster_uri"),
        r.getAs("booster_format"), r.getAs("model_hash"), params, features, r.getAs("label"), r.getAs("spec"), train,
        r.<Long>getAs("train_rows"), r.<Long>getAs("seed"), r.<Integer>getAs("num_workers"),
        ModelStage.of(r.getAs("stage")),
        r.getAs("engine"), r.getAs("code_version"), r.getAs("xgboost_version"), r.getAs("created_at"),
        r.getAs("feature_transforms"));
  }
}
