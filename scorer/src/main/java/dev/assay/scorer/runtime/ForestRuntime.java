package dev.assay.scorer.runtime;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * An MLlib random forest, walked as Spark 3.5 walks it. A classifier adds each tree's class counts divided by
 * their sum (summed left to right from 0.0, as Scala's {@code Array.sum}) to the votes, tree by tree, then divides
 * the votes by their sum ({@code normalizeToProbabilitiesInPlace}); a regressor sums the trees' predictions in tree
 * order from 0.0 and divides by the tree count. Tree weights are ignored, as Spark ignores them (all are 1).
 */
final class ForestRuntime implements ModelRuntime {
  /** The scorer itself walks the trees: the runtime is the package format this scorer reads. */
  static final String NAME = "assay-scorer";

  private final ForestFile forest;
  private final Manifest.Task task;
  private final double threshold;

  ForestRuntime(ForestFile forest, Manifest.Task task, double threshold) {
    if (forest.classifier() != (task != Manifest.Task.REGRESSION)) {
      throw new IllegalArgumentException("Cannot score a " + task.code() + " model with a random forest "
          + (forest.classifier() ? "classifier" : "regressor"));
    }
    this.forest = forest;
    this.task = task;
    this.threshold = threshold;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return Integer.toString(Manifest.SCHEMA_VERSION);
  }

  @Override
  public boolean floatFeatures() {
    return false;
  }

  @Override
  public List<Prediction> predict(double[] data, int rows, int width) {
    List<Prediction> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(forest.classifier() ? classify(data, i * width) : regress(data, i * width));
    }
    return out;
  }

  private Prediction classify(double[] x, int offset) {
    double[] votes = new double[forest.numClasses()];
    for (ForestFile.Node tree : forest.trees()) {
      List<Double> counts = leaf(tree, x, offset).stats();
      double total = 0.0;
      for (double c : counts) {
        total += c;
      }
      if (total != 0) {
        for (int k = 0; k < votes.length; k++) {
          votes[k] += counts.get(k) / total;
        }
      }
    }
    double sum = 0.0;
    for (double v : votes) {
      sum += v;
    }
    for (int k = 0; k < votes.length; k++) {
      votes[k] /= sum;
    }
    if (task == Manifest.Task.BINARY) {
      return ModelRuntime.binary(votes[1], threshold);
    }
    return ModelRuntime.multiclass(votes);
  }

  private Prediction regress(double[] x, int offset) {
    double sum = 0.0;
    for (ForestFile.Node tree : forest.trees()) {
      sum += leaf(tree, x, offset).prediction();
    }
    return new Prediction(sum / forest.trees().size(), null, null);
  }

  /** The leaf {@code x} reaches: left at {@code value <= threshold} or when the value is a left category. */
  private static ForestFile.Node leaf(ForestFile.Node root, double[] x, int offset) {
    ForestFile.Node n = root;
    while (n.feature() != null) {
      double v = x[offset + n.feature()];
      boolean left = n.threshold() != null ? v <= n.threshold() : n.leftCategories().contains(v);
      n = left ? n.left() : n.right();
    }
    return n;
  }

  @Override
  public void close() {
    // nothing native
  }
}
