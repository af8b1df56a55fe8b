package dev.assay.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.assay.data.PinnedInputs;
import dev.assay.errors.GateErrors;
import dev.assay.errors.LedgerErrors;
import dev.assay.errors.ModelErrors;
import dev.assay.spec.Algorithm;
import dev.assay.spec.Task;
import dev.assay.version.DataVersion;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
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

  /** Registers the model under the next free version and returns the record as stored. */
  public ModelRecord register(ModelRecord model) {
    for (int attempt = 0; attempt < CommitRetry.MAX_ATTEMPTS; attempt++) {
      ModelRecord candidate = model.withVersion(nextVersion(model.modelName()));
      // The insert-only MERGE skips our row when a concurrent run took this version: take the next.
      if (tryRegister(candidate)) {
        return candidate;
      }
    }
    throw LedgerErrors.concurrentCommit(path, CommitRetry.MAX_ATTEMPTS, null);
  }

  /** Stores {@code candidate} unless its name and version are taken; whether it was stored. */
  boolean tryRegister(ModelRecord candidate) {
    Dataset<Row> source = spark.createDataFrame(List.of(Rows.model(candidate)), LedgerSchemas.MODELS);
    return insertMissing(source, col("t.model_name").equalTo(lit(candidate.modelName()))
        .and(col("t.model_name").equalTo(col("s.model_name")))
        .and(col("t.model_version").equalTo(col("s.model_version")))) == 1;
  }

  int nextVersion(String name) {
    Row r = all().where(col("model_name").equalTo(lit(name))).agg(max("model_version")).first();
    return r.isNullAt(0) ? 1 : r.getInt(0) + 1;
  }

  /** A model version, or the latest version when {@code version} is null. */
  public ModelRecord get(String name, Integer version) {
    Dataset<Row> rows = all().where(col("model_name").equalTo(lit(name)));
    if (version != null) {
      rows = rows.where(col("model_version").equalTo(lit(version)));
    } else {
      rows = rows.orderBy(col("model_version").desc()).limit(1);
    }
    List<Row> found = rows.collectAsList();
    if (found.isEmpty()) {
      throw ModelErrors.unknownModel(name, version);
    }
    return fromRow(found.get(0));
  }

  public Optional<ModelRecord> byRunKey(String runKey) {
    List<Row> found = all().where(col("run_key").equalTo(lit(runKey))).orderBy(col("model_version")).limit(1)
        .collectAsList();
    return found.isEmpty() ? Optional.empty() : Optional.of(fromRow(found.get(0)));
  }

  public Optional<ModelRecord> byRunId(String runId) {
    List<Row> found = all().where(col("run_id").equalTo(lit(runId))).limit(1).collectAsList();
    return found.isEmpty() ? Optional.empty() : Optional.of(fromRow(found.get(0)));
  }

  public void deleteRun(String runId) {
    deleteWhere(col("run_id").equalTo(lit(runId)));
  }

  /**
   * Registered model versions, ordered by name and version; {@code name} and {@code stage} narrow
   * the list when not null.
   */
  public List<ModelRecord> list(String name, ModelStage stage) {
    Dataset<Row> rows = all();
    if (name != null) {
      rows = rows.where(col("model_name").equalTo(lit(name)));
    }
    if (stage != null) {
      rows = rows.where(col("stage").equalTo(lit(stage.code())));
    }
    return rows.orderBy(col("model_name"), col("model_version")).collectAsList().stream()
        .map(ModelsTable::fromRow).toList();
  }

  /** The champion of a model name: its version with stage {@code champion} (the highest if several). */
  public Optional<ModelRecord> champion(String name) {
    List<ModelRecord> champions = list(name, ModelStage.CHAMPION);
    return champions.isEmpty() ? Optional.empty() : Optional.of(champions.get(champions.size() - 1));
  }

  /**
   * Makes {@code challenger} the champion of its name and archives {@code oldChampion} (null when
   * the name has none) in ONE Delta commit: a single MERGE whose updates are conditioned on the
   * stages read before, so a concurrent promotion cannot be overwritten silently. Inside each
   * commit attempt the champion is read again; if it is no longer {@code oldChampion} the
   * promotion is refused (exit 75, rerun the gate against the new champion).
   */
  public void promote(ModelRecord challenger, ModelRecord oldChampion) {
    String name = challenger.modelName();
    commit(() -> {
      Optional<ModelRecord> now = champion(name);
      Integer nowVersion = now.map(ModelRecord::modelVersion).orElse(null);
      Integer expected = oldChampion == null ? null : oldChampion.modelVersion();
      if (!Objects.equals(nowVersion, expected)) {
        throw GateErrors.championChanged(name, expected, nowVersion);
      }
      ModelStage challengerStage = get(name, challenger.modelVersion()).stage();
      List<Row> changes = new ArrayList<>();
      changes.add(RowFactory.create(name, challenger.modelVersion(), challengerStage.code(),
          ModelStage.CHAMPION.code()));
      if (oldChampion != null) {
        changes.add(RowFactory.create(name, oldChampion.modelVersion(), ModelStage.CHAMPION.code(),
            ModelStage.ARCHIVED.code()));
      }
      Dataset<Row> source = spark.createDataFrame(changes, PROMOTION);
      DeltaTable.forPath(spark, path).as("t")
          .merge(source.as("s"), col("t.model_name").equalTo(col("s.model_name"))
              .and(col("t.model_version").equalTo(col("s.model_version"))))
          .whenMatched(col("t.stage").equalTo(col("s.expected_stage")))
          .updateExpr(Map.of("stage", "s.new_stage"))
          .execute();
      return null;
    });
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
