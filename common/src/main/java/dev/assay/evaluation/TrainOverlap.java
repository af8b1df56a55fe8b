package dev.assay.evaluation;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.xxhash64;

import dev.assay.data.PinnedInputs;
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
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

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
 * columns they read are not known by name, so every column both tables share is hashed. The count
 * is one left-semi join reading only that key from the evaluation rows and the training versions
 * (the training keys broadcast up to {@link #MAX_BROADCAST_KEYS} rows);
 * the training side is not made distinct (a semi join stops at the first match), and it is an
 * exact count, so the value is bit-reproducible like every other metric.
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
   * Adds the overlap of {@code evalData} (the cell's rows, filter applied) to {@code evaluation}
   * and prints a warning line when it is above zero. Without training data, returns the evaluation
   * unchanged.
   */
  public EvaluateModel.Evaluation measure(JobContext ctx, EvalCell cell, Dataset<Row> evalData,
      EvaluateModel.Evaluation evaluation) {
    if (train.isEmpty()) {
      return evaluation;
    }
    long nRows = evaluation.nRows();
    List<MetricResult> results = new ArrayList<>(evaluation.results());
    long overlap;
    try {
      overlap = count(ctx, evalData);
    } catch (Exception e) {
      // Training data moved, deleted or vacuumed since: the check cannot run, the quality metrics still can.
      String missing = missingFile(e);
      if (missing == null) {
        throw e;
      }
      ctx.step("warning: %s on %s: its training data %s can no longer be read (%s); %s not measured", model, cell,
          trainLabel(), missing, ROWS);
      results.add(MetricResult.overall(MetricValue.undefined(ROWS), nRows));
      results.add(MetricResult.overall(MetricValue.undefined(SHARE), nRows));
      return new EvaluateModel.Evaluation(results, evaluation.ciMethod());
    }
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

  /** The number of rows of {@code evalData} whose key occurs in any training version. */
  long count(JobContext ctx, Dataset<Row> evalData) {
    return count(ctx, evalData, MAX_BROADCAST_KEYS);
  }

  /** As above, the training keys broadcast only up to {@code maxBroadcastKeys} rows (tests: both joins). */
  long count(JobContext ctx, Dataset<Row> evalData, long maxBroadcastKeys) {
    List<Dataset<Row>> sides = train.stream().map(v -> ctx.inputs().read(v)).toList();
    List<String> evalCols = Arrays.asList(evalData.columns());
    boolean byId = features.id() != null && evalCols.contains(features.id())
        && sides.stream().allMatch(t -> Arrays.asList(t.columns()).contains(features.id()));
    List<String> keyCols = byId ? List.of(features.id()) : hashColumns(evalCols, sides);
    if (keyCols.isEmpty()) {
      // No column in common: no evaluation row can equal a training row (and a hash of nothing would match all).
      return 0;
    }
    Dataset<Row> keys = null;
    long trainRows = 0;
    for (Dataset<Row> t : sides) {
      Dataset<Row> k = t.select(key(t, keyCols, evalData, byId).as(KEY));
      keys = keys == null ? k : keys.union(k);
      trainRows += t.count();  // answered from the Delta log's statistics, no scan
    }
    return evalData.select(key(evalData, keyCols, evalData, byId).as(KEY))
        .join(trainRows <= maxBroadcastKeys ? broadcast(keys) : keys, KEY, "left_semi").count();
  }

  private static final String KEY = "__assay_overlap_key";

  /**
   * Training rows up to which the keys (one long each: some 50 MB on the driver at this bound, as
   * collected rows and Spark's hash relation) are broadcast: the semi join then runs in the
   * evaluation scan, without shuffling and sorting both sides, which at 1M rows is a third of the
   * check's time. Larger training sets are joined by a shuffle, so the driver never holds more than
   * this many keys.
   */
  static final long MAX_BROADCAST_KEYS = 2_000_000;

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

  /** The key of {@code data}'s rows: the id, or the hash of {@code cols}, cast to the evaluation side's types. */
  private static Column key(Dataset<Row> data, List<String> cols, Dataset<Row> evalData, boolean byId) {
    Column[] typed = cols.stream().map(c -> {
      DataType type = evalData.schema().apply(c).dataType();
      return data.col(quote(c)).cast(type);
    }).toArray(Column[]::new);
    return byId ? typed[0] : xxhash64(typed);
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
