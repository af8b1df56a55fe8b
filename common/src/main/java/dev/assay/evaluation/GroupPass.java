package dev.assay.evaluation;

import dev.assay.metrics.BinaryMetrics;
import dev.assay.metrics.Bootstrap;
import dev.assay.metrics.MetricResult;
import dev.assay.metrics.MetricValue;
import dev.assay.metrics.MulticlassMetrics;
import dev.assay.metrics.MulticlassSums;
import dev.assay.metrics.RegressionMetrics;
import dev.assay.metrics.RegressionSums;
import dev.assay.metrics.ScoreBin;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * One task's share of {@link GroupedMetrics}: rows (group, value, label, score, row hash) sorted
 * by group (and by descending score for binary models), streamed one group at a time into the
 * point estimate and one accumulator per bootstrap replicate.
 */
final class GroupPass {
  private final GroupedMetrics.Settings settings;
  private final Iterator<Row> rows;
  private final List<MetricResult> out = new ArrayList<>();
  private final int replicates;

  private Integer group;
  private String value;
  private long groupRows;
  private Accumulator point;
  private Accumulator[] resampled;

  GroupPass(GroupedMetrics.Settings settings, Iterator<Row> rows) {
    this.settings = settings;
    this.rows = rows;
    this.replicates = settings.samples();
  }

  List<MetricResult> run() {
    int[] weights = new int[replicates];
    long[] keys = new long[replicates];
    for (int b = 0; b < replicates; b++) {
      keys[b] = Bootstrap.replicateKey(settings.seed(), b);
    }
    while (rows.hasNext()) {
      Row r = rows.next();
      int g = r.getInt(0);
      String v = r.isNullAt(1) ? null : r.getString(1);
      if (group == null || g != group || !Objects.equals(v, value)) {
        finishGroup();
        startGroup(g, v);
      }
      long hash = r.getLong(4);
      for (int b = 0; b < replicates; b++) {
        weights[b] = Bootstrap.weight(keys[b], hash);
      }
      groupRows++;
      RowData data = new RowData(r);
      point.add(data, 1);
      for (int b = 0; b < replicates; b++) {
        // A row out of a replicate changes nothing in it (an open binary bin is flushed by the next row in).
        if (weights[b] > 0) {
          resampled[b].add(data, weights[b]);
        }
      }
    }
    finishGroup();
    return out;
  }

  private void startGroup(int g, String v) {
    group = g;
    value = v;
    groupRows = 0;
    point = accumulator();
    resampled = new Accumulator[replicates];
    for (int b = 0; b < replicates; b++) {
      resampled[b] = accumulator();
    }
  }

  private void finishGroup() {
    if (group == null) {
      return;
    }
    String column = group < 0 ? null : settings.sliceColumns().get(group);
    List<MetricValue> values = point.metrics();
    if (column != null && groupRows < settings.minSliceRows()) {
      for (MetricValue m : values) {
        out.add(new MetricResult(column, value, MetricValue.tooSmall(m.metric()), null, null, groupRows));
      }
      return;
    }
    List<List<MetricValue>> replicateValues = new ArrayList<>(replicates);
    for (Accumulator a : resampled) {
      replicateValues.add(a.metrics());
    }
    for (int i = 0; i < values.size(); i++) {
      MetricValue m = values.get(i);
      double[] ci = null;
      // n_rows of a replicate is its total weight: not an uncertainty of the row count.
      if (replicates > 0 && m.isOk() && !m.metric().equals(BinaryMetrics.N_ROWS)) {
        List<MetricValue> across = new ArrayList<>(replicates);
        for (List<MetricValue> rv : replicateValues) {
          across.add(rv.get(i));
        }
        ci = Bootstrap.interval(across, settings.confidence());
      }
      out.add(new MetricResult(column, value, m, ci == null ? null : ci[0], ci == null ? null : ci[1], groupRows));
    }
  }

  private Accumulator accumulator() {
    return switch (settings.task()) {
      case BINARY -> new BinaryAccumulator(settings.threshold());
      case REGRESSION -> new RegressionAccumulator();
      case MULTICLASS -> new MulticlassAccumulator(settings.classes());
    };
  }

  /** One row's label and score, read from the Spark row once for all replicates. */
  private static final class RowData {
    final double label;
    final double score;
    final double[] probabilities;

    RowData(Row r) {
      if (r.get(3) instanceof Double) {
        label = r.getDouble(2);
        score = r.getDouble(3);
        probabilities = null;
      } else {
        label = r.getInt(2);
        score = Double.NaN;
        List<Double> p = JavaConverters.seqAsJavaList(r.getSeq(3));
        probabilities = new double[p.size()];
        for (int k = 0; k < probabilities.length; k++) {
          probabilities[k] = p.get(k);
        }
      }
    }
  }

  /** The state of one estimate (point or replicate) within a group. */
  private interface Accumulator {
    void add(RowData row, int weight);

    List<MetricValue> metrics();
  }

  /** Bins by distinct score, flushed into a BinaryMetrics pass when the score changes. */
  private static final class BinaryAccumulator implements Accumulator {
    private final BinaryMetrics.Pass pass;
    private boolean open = false;
    private double score;
    private long positives;
    private long negatives;

    BinaryAccumulator(double threshold) {
      this.pass = BinaryMetrics.pass(threshold);
    }

    @Override
    public void add(RowData row, int weight) {
      double s = row.score;
      // == also treats -0.0 and 0.0 as one score, as ScoreBin does.
      if (open && s != score) {
        flush();
      }
      if (!open) {
        open = true;
        score = s;
      }
      if (row.label == 1.0) {
        positives += weight;
      } else {
        negatives += weight;
      }
    }

    private void flush() {
      if (positives + negatives > 0) {
        pass.accept(new ScoreBin(score, positives, negatives));
      }
      open = false;
      positives = 0;
      negatives = 0;
    }

    @Override
    public List<MetricValue> metrics() {
      flush();
      return pass.metrics();
    }
  }

  /** Exact regression sums. */
  private static final class RegressionAccumulator implements Accumulator {
    private final RegressionSums sums = new RegressionSums();

    @Override
    public void add(RowData row, int weight) {
      sums.add(row.label, row.score, weight);
    }

    @Override
    public List<MetricValue> metrics() {
      return RegressionMetrics.compute(sums);
    }
  }

  /** Confusion matrix and exact log loss. */
  private static final class MulticlassAccumulator implements Accumulator {
    private final MulticlassSums sums;

    MulticlassAccumulator(int classes) {
      this.sums = new MulticlassSums(classes);
    }

    @Override
    public void add(RowData row, int weight) {
      sums.add((int) row.label, row.probabilities, weight);
    }

    @Override
    public List<MetricValue> metrics() {
      return MulticlassMetrics.compute(sums);
    }
  }
}
