package dev.assay.scorer.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code model/random_forest.json}: an MLlib random forest as its trees. A row walks each tree from the root: at a
 * split on a continuous feature it goes left when {@code value <= threshold}, at a split on a categorical feature
 * when the value is one of {@code left_categories}. A classifier's leaf holds the class counts ({@code stats}) the
 * tree saw there; a regressor's leaf holds the {@code prediction}.
 *
 * @param classifier whether this is a classifier (class votes) or a regressor (the mean of the trees)
 * @param numClasses a classifier's class count; 0 for a regressor
 * @param trees the trees, each as its root node
 */
public record ForestFile(boolean classifier, int numClasses, List<Node> trees) {
  public ForestFile {
    if (trees == null || trees.isEmpty()) {
      throw new IllegalArgumentException("Cannot read the random forest: trees is missing or empty");
    }
    if (classifier && numClasses < 2) {
      throw new IllegalArgumentException("Cannot read the random forest: num_classes is " + numClasses
          + "; a classifier has at least 2");
    }
    trees = List.copyOf(trees);
  }

  /**
   * A tree node: a split ({@code feature} with {@code threshold} or {@code left_categories}, and both children) or
   * a leaf ({@code prediction} and, for a classifier, the class counts {@code stats}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Node(Integer feature, Double threshold, List<Double> leftCategories, Node left, Node right,
      Double prediction, List<Double> stats) {
    public Node {
      boolean split = feature != null;
      if (split && (left == null || right == null || (threshold == null) == (leftCategories == null))) {
        throw new IllegalArgumentException("Cannot read the random forest: a split on feature " + feature
            + " needs left, right and either threshold or left_categories");
      }
      if (!split && prediction == null) {
        throw new IllegalArgumentException("Cannot read the random forest: a leaf has no prediction");
      }
      leftCategories = leftCategories == null ? null : List.copyOf(leftCategories);
      stats = stats == null ? null : List.copyOf(stats);
    }

    /** A split on a continuous feature: left when the value is at most {@code threshold}. */
    public static Node split(int feature, double threshold, Node left, Node right) {
      return new Node(feature, threshold, null, left, right, null, null);
    }

    /** A split on a categorical feature: left when the value is one of {@code leftCategories}. */
    public static Node split(int feature, List<Double> leftCategories, Node left, Node right) {
      return new Node(feature, null, leftCategories, left, right, null, null);
    }

    /** A leaf. */
    public static Node leaf(double prediction, List<Double> stats) {
      return new Node(null, null, null, null, null, prediction, stats);
    }
  }
}
