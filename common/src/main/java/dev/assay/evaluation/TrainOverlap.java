package dev.assay.evaluation;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import dev.assay.data.PinnedInputs;
import dev.assay.errors.Preconditions;
import dev.assay.ledger.EvalCell;
import dev.assay.ledger.ModelRecord;
import dev.assay.metrics.MetricResult;
import dev.assay.metrics.MetricValue;
import dev.assay.run.JobContext;
import dev.assay.spec.FeatureSpec;
import dev.assay.version.DataVersion;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;

/**
 * The leakage check: how many rows of an evaluation cell also occur in the model's own training
 * data versions ({@value #ROWS} and {@value #SHARE}, whole-dataset metrics of the cell under the
 * metric code version). A model measured on rows it was trained on scores like an oracle (ROC AUC
 * 1.0 on a holdout that was appended to the training table), and nothing else in a metric row
 * says so.
 *
 * <p>A row is identified by {@code features.id} when the spec has one and both tables hold it;
 * otherwise by an exact 64-bit hash ({@code xxhash64}, Spark's, over the values as stored, cast to
 * the evaluation table's types) of the feature columns and the label, so exact duplicates of a
 * training row count, and a row differing in any feature does not. With derived features the
 * columns they read are not known by name, so every column both tables share is hashed (an
 * integral id is compared as a long).
 *
 * <p>The count: up to {@link #MAX_BROADCAST_KEYS} training rows with 64-bit keys (the row hash, an
 * integral id), each training version's distinct keys are collected once into a sorted array
 * ({@link TrainingKeys}, cached beside the ledger, since a Delta version never changes), broadcast
 * as a hash set, and looked up by every evaluation row while the metric pass scores it
 * ({@link EvaluateModel#TALLY}): the check reads the training keys and adds no scan of the evaluation
 * data. Other ids (strings,
 * decimals) and larger training sets are counted by a left-semi join reading only the key of both
 * sides after the evaluation. Either way an exact count of evaluation rows, duplicates included, so
 * the value is bit-reproducible like every other metric.
 *
 * <p>Models without training data in the ledger (imported ONNX models, external predictions) get
 * no overlap metric: there is nothing to compare with.
 *
 * @param model the model as users name it ({@code name:version}), for the warning line
 * @param train the training data versions of the model (for an ensemble, every member's)
 * @param features the model's feature spec: its id, feature and label columns
 */
public record TrainOverlap(String model, List<DataVersion> train, FeatureSpec features) {
  /** Evaluation rows that also occur in the model's training data. */
  public static final String ROWS = "train_overlap_rows";
  /** {@link #ROWS} over the cell's row count; undefined on an empty cell. */
  public static final String SHARE = "train_overlap_share";

  public TrainOverlap {
    train = train.stream().distinct().toList();
  }

  /**
   * The check of a registered model: its recorded {@code train} inputs (the ledger stores each
   * table as the spec named it, resolved here against the job's warehouse) and its spec's features.
   */
  public static TrainOverlap of(JobContext ctx, ModelRecord model, FeatureSpec features) {
    return new TrainOverlap(model.ref(), trainVersions(ctx, model.trainData()), features);
  }

  /** The {@code train} inputs among {@code inputs} as readable data versions (for an ensemble: every member's). */
  public static List<DataVersion> trainVersions(JobContext ctx, List<PinnedInputs.Input> inputs) {
    return inputs.stream().filter(i -> i.role().equals("train")).map(i -> new DataVersion(i.version().tableId(),
        i.version().version(), ctx.warehouse().resolve(i.table()), i.version().commitTimestampMillis())).toList();
  }

  /**
   * Evaluates the cell ({@code evaluate} applied to {@code evalData}, the cell's rows, filter applied)
   * and adds the overlap of those rows with the training data, printing a warning line when it is
   * above zero. With 64-bit keys and at most {@link #MAX_BROADCAST_KEYS} training rows, the check is
   * folded into the evaluation: {@code evaluate} receives {@code evalData} with a 0/1
   * {@link EvaluateModel#TALLY} column (the row's key is a training key, looked up in the
   * {@link TrainingKeys} of every training version) that the metric pass counts as it scores the
   * rows; otherwise the count is a separate semi join after it. Without training data, the evaluation
   * alone.
   */
  public EvaluateModel.Evaluation measure(JobContext ctx, EvalCell cell, Dataset<Row> evalData,
      Function<Dataset<Row>, EvaluateModel.Evaluation> evaluate) {
    if (train.isEmpty()) {
      return evaluate.apply(evalData);
    }
    long overlap;
    EvaluateModel.Evaluation evaluation;
    TrainingKeys.Probe probe;
    Keys keys;
    try {
      keys = keys(ctx, evalData);
      probe = keys.folded() ? TrainingKeys.Probe.of(ctx.spark(), keys.collect(ctx, train), keys.evalKey()) : null;
    } catch (Exception e) {
      String missing = missingFile(e);
      if (missing == null) {
        throw e;
      }
      return unreadable(ctx, cell, evaluate.apply(evalData), missing);
    }
    if (probe != null) {
      try (probe) {
        evaluation = evaluate.apply(evalData.withColumn(EvaluateModel.TALLY, probe.flag()));
      }
      Preconditions.checkState(evaluation.tally() != null, "Cannot count the training rows of %s on %s: the "
          + "evaluation did not count its %s column", model, cell, EvaluateModel.TALLY);
      overlap = evaluation.tally();
    } else {
      evaluation = evaluate.apply(evalData);
      try {
        overlap = keys.semiJoinCount(MAX_BROADCAST_KEYS);
      } catch (Exception e) {
        String missing = missingFile(e);
        if (missing == null) {
          throw e;
        }
        return unreadable(ctx, cell, evaluation, missing);
      }
    }
    long nRows = evaluation.nRows();
    List<MetricResult> results = new ArrayList<>(evaluation.results());
    results.add(MetricResult.overall(MetricValue.ok(ROWS, overlap), nRows));
    results.add(MetricResult.overall(nRows == 0 ? MetricValue.undefined(SHARE)
        : MetricValue.ok(SHARE, (double) overlap / nRows), nRows));
    if (overlap > 0) {
      ctx.step("warning: %s on %s: %d of %d evaluation row(s) (%.2f%%) also occur in its training data %s; its "
          + "metrics on this cell are not a fair holdout measure", model, cell, overlap, nRows,
          100.0 * overlap / nRows, trainLabel());
    }
    return new EvaluateModel.Evaluation(results, evaluation.ciMethod());
  }

  /** Training data moved, deleted or vacuumed since: the check cannot run, the quality metrics still can. */
  private EvaluateModel.Evaluation unreadable(JobContext ctx, EvalCell cell, EvaluateModel.Evaluation evaluation,
      String missing) {
    ctx.step("warning: %s on %s: its training data %s can no longer be read (%s); %s not measured", model, cell,
        trainLabel(), missing, ROWS);
    List<MetricResult> results = new ArrayList<>(evaluation.results());
    results.add(MetricResult.overall(MetricValue.undefined(ROWS), evaluation.nRows()));
    results.add(MetricResult.overall(MetricValue.undefined(SHARE), evaluation.nRows()));
    return new EvaluateModel.Evaluation(results, evaluation.ciMethod());
  }

  /**
   * Reports, once at job start, every evaluation reference that reads a table the model was trained
   * on, with both versions. Information, not an error: a time split inside one table is legitimate,
   * and the overlap count of each cell decides.
   */
  public void reportSharedTables(JobContext ctx, Map<String, DataVersion> evals) {
    evals.forEach((name, e) -> train.stream().filter(t -> t.tableId().equals(e.tableId())).forEach(t ->
        ctx.step("note: evaluation %s reads %s v%d, the table %s was trained on at v%d (table id %s); rows in both "
            + "are counted as %s", name, e.path(), e.version(), model, t.version(), shortId(t.tableId()), ROWS)));
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(8, id.length()));
  }

  /** The number of rows of {@code evalData} whose key occurs in any training version, by a semi join. */
  long count(JobContext ctx, Dataset<Row> evalData, long maxBroadcastKeys) {
    return keys(ctx, evalData).semiJoinCount(maxBroadcastKeys);
  }

  /** The number of rows of {@code evalData} whose key is one of the training versions' collected keys. */
  long probeCount(JobContext ctx, Dataset<Row> evalData) {
    Keys keys = keys(ctx, evalData);
    Preconditions.checkArgument(keys.folded(), "Cannot probe the training keys of %s: they are not 64-bit keys "
        + "of at most %d rows", trainLabel(), MAX_BROADCAST_KEYS);
    try (TrainingKeys.Probe probe = TrainingKeys.Probe.of(ctx.spark(), keys.collect(ctx, train), keys.evalKey())) {
      return evalData.select(sum(probe.flag())).head().getLong(0);
    }
  }

  private static final String KEY = "__assay_overlap_key";

  /**
   * Training rows up to which the keys (8 bytes each: 16 MB on the driver and on each executor at this
   * bound) are collected and probed in the evaluation scan, or broadcast into a semi join. Larger
   * training sets are joined by a shuffle, so the driver never holds more than this many keys.
   */
  static final long MAX_BROADCAST_KEYS = 2_000_000;

  /**
   * How the rows of one cell and of the training versions are keyed.
   *
   * @param sides the training versions' rows, in {@link #train} order
   * @param evalData the cell's rows
   * @param columns the key columns ({@code features.id}, or the hashed columns); empty: nothing in common
   * @param types the type each key column is read in on both sides
   * @param byId whether the key is the id itself
   * @param trainRows the training rows, from the Delta log
   */
  private record Keys(List<Dataset<Row>> sides, Dataset<Row> evalData, List<String> columns, List<DataType> types,
      boolean byId, long trainRows) {
    /** 64-bit keys of a size the driver holds: probed in the evaluation's own scan. */
    boolean folded() {
      return !columns.isEmpty() && trainRows <= MAX_BROADCAST_KEYS
          && (!byId || types.get(0).equals(DataTypes.LongType));
    }

    /** What a key is, for the cache: the same definition gives the same keys of a version. */
    String definition() {
      return (byId ? "id(" : "xxhash64(") + IntStream.range(0, columns.size())
          .mapToObj(i -> columns.get(i) + ":" + types.get(i).catalogString()).collect(Collectors.joining(",")) + ")";
    }

    Column key(Dataset<Row> data) {
      Column[] typed = IntStream.range(0, columns.size())
          .mapToObj(i -> data.col(quote(columns.get(i))).cast(types.get(i))).toArray(Column[]::new);
      return byId ? typed[0] : xxhash64(typed);
    }

    Column evalKey() {
      return key(evalData);
    }

    long[] collect(JobContext ctx, List<DataVersion> versions) {
      List<long[]> parts = new ArrayList<>();
      for (int i = 0; i < sides.size(); i++) {
        Dataset<Row> side = sides.get(i);
        parts.add(TrainingKeys.of(ctx, versions.get(i), definition(), side.select(key(side).as(KEY))));
      }
      return TrainingKeys.union(parts);
    }

    long semiJoinCount(long maxBroadcastKeys) {
      if (columns.isEmpty()) {
        // No column in common: no evaluation row can equal a training row (and a hash of nothing would match all).
        return 0;
      }
      Dataset<Row> keys = sides.stream().map(t -> t.select(key(t).as(KEY))).reduce(Dataset::union).orElseThrow();
      return evalData.select(evalKey().as(KEY))
          .join(trainRows <= maxBroadcastKeys ? broadcast(keys) : keys, KEY, "left_semi").count();
    }
  }

  /** The keys of this check on {@code evalData}: an id both sides hold, else the hash of the shared columns. */
  private Keys keys(JobContext ctx, Dataset<Row> evalData) {
    List<Dataset<Row>> sides = train.stream().map(v -> ctx.inputs().read(v)).toList();
    List<String> evalCols = Arrays.asList(evalData.columns());
    boolean byId = features.id() != null && evalCols.contains(features.id())
        && sides.stream().allMatch(t -> Arrays.asList(t.columns()).contains(features.id()));
    List<String> columns = byId ? List.of(features.id()) : hashColumns(evalCols, sides);
    // An integral id is compared as a long on both sides (no narrowing); other ids and hashed values in the
    // evaluation table's types.
    List<DataType> types = columns.stream().map(c -> {
      DataType type = evalData.schema().apply(c).dataType();
      return byId && isIntegral(type) && sides.stream().allMatch(t -> isIntegral(t.schema().apply(c).dataType()))
          ? DataTypes.LongType : type;
    }).toList();
    long trainRows = 0;
    for (Dataset<Row> t : sides) {
      trainRows += t.count();  // answered from the Delta log's statistics, no scan
    }
    return new Keys(sides, evalData, columns, types, byId, trainRows);
  }

  private static boolean isIntegral(DataType t) {
    return t instanceof IntegralType;
  }

  /** The feature and label columns both sides hold (every shared column when features are derived). */
  private List<String> hashColumns(List<String> evalCols, List<Dataset<Row>> sides) {
    Set<String> shared = sides.stream().map(t -> Set.of(t.columns())).reduce((a, b) -> a.stream()
        .filter(b::contains).collect(Collectors.toSet())).orElse(Set.of());
    List<String> wanted = new ArrayList<>();
    if (features.derive() != null) {
      wanted.addAll(evalCols);
    } else {
      wanted.addAll(features.numeric());
      wanted.addAll(features.categorical());
      wanted.add(features.label());
    }
    return wanted.stream().distinct().filter(c -> evalCols.contains(c) && shared.contains(c)).toList();
  }

  /** The message of a missing file or table in {@code e}'s causes, or null when it failed for another reason. */
  private static String missingFile(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FileNotFoundException
          || t instanceof AnalysisException && String.valueOf(t.getMessage()).contains("not a Delta table")) {
        return t.getMessage();
      }
    }
    return null;
  }

  private static String quote(String c) {
    return "`" + c.replace("`", "``") + "`";
  }

  private String trainLabel() {
    return train.stream().map(v -> v.path() + " v" + v.version()).collect(Collectors.joining(", "));
  }
}
