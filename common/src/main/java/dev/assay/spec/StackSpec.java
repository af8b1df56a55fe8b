package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code model.stack} of a model with {@code algorithm: stack}: base models whose out-of-fold
 * predictions are the features of a meta model.
 *
 * <p>Each base model is fitted {@code folds} times, each time on all training rows but one fold, and
 * predicts the fold it did not see; the meta model learns from those out-of-fold predictions only, so
 * no row's meta-feature comes from a model that saw the row. The bases are then refitted on every
 * training row; the stack scores with the refitted bases and the meta model. A row's fold is a seeded
 * hash of {@code features.id} (so {@code features.id} is required), which makes the folds, and with them
 * the stack, independent of partitioning and reproducible bit for bit.
 *
 * @param folds the number of folds, 2..20 (default 5)
 * @param base the base models by key, in key order; a key names the registered base model
 *     {@code <stack name>.<key>} and its meta-feature column {@code stack_<key>}
 * @param meta the meta model (default {@code mllib_logistic_regression} without params)
 * @param passthrough whether the meta model also reads the table's feature columns (default false)
 */
public record StackSpec(int folds, Map<String, Member> base, Member meta, boolean passthrough) {
  public static final int DEFAULT_FOLDS = 5;
  public static final int MAX_FOLDS = 20;

  /** What a base or meta model can be: the families Assay trains itself. */
  public static final List<Algorithm> MEMBER_ALGORITHMS = List.of(Algorithm.XGBOOST,
      Algorithm.MLLIB_LOGISTIC_REGRESSION, Algorithm.MLLIB_RANDOM_FOREST);

  public StackSpec {
    if (folds < 2 || folds > MAX_FOLDS) {
      throw SpecException.invalid("folds", "must be between 2 and " + MAX_FOLDS + ", got " + folds);
    }
    if (base == null || base.isEmpty()) {
      throw SpecException.invalid("base", "lists no base models: name at least one, e.g. "
          + "{xgb: {algorithm: xgboost}}");
    }
    // Key order, not spec order: a recorded spec is canonical JSON (sorted keys), and the order of the bases
    // is the order of the meta model's features, so it must survive the round trip for verify to reproduce.
    Map<String, Member> copy = new TreeMap<>();
    base.forEach((key, member) -> {
      String problem = key == null ? "is blank" : Names.modelNameProblem(key);
      if (problem != null || key.contains(".")) {
        throw SpecException.invalid("base." + key, (problem != null ? problem : "contains '.'")
            + ": a base key becomes part of a model name and a column name; use letters, digits, '_' and '-'");
      }
      if (member == null) {
        throw SpecException.missing("base." + key + ".algorithm");
      }
      copy.put(key, member);
    });
    base = Collections.unmodifiableMap(copy);
    meta = meta == null ? new Member(Algorithm.MLLIB_LOGISTIC_REGRESSION, Map.of()) : meta;
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static StackSpec fromSpec(@JsonProperty("folds") Integer folds, @JsonProperty("base") Map<String, Member> base,
      @JsonProperty("meta") Member meta, @JsonProperty("passthrough") Boolean passthrough) {
    return new StackSpec(folds == null ? DEFAULT_FOLDS : folds, base, meta, passthrough != null && passthrough);
  }

  /** The meta-feature column a base model's out-of-fold predictions fill (binary and regression: one). */
  public static String metaColumn(String key) {
    return "stack_" + key;
  }

  /**
   * A base or meta model: one of {@link #MEMBER_ALGORITHMS} and its params, checked as
   * {@code model.params} are.
   */
  public record Member(Algorithm algorithm, Map<String, Object> params) {
    public Member {
      algorithm = Checks.oneOfConstants("algorithm", algorithm == null ? null : algorithm.code(),
          MEMBER_ALGORITHMS, null);
      if (algorithm == null) {
        throw SpecException.missing("algorithm");
      }
      params = ModelSpec.checkParams(params);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Member fromSpec(@JsonProperty("algorithm") String algorithm,
        @JsonProperty("params") Map<String, Object> params) {
      if (algorithm == null) {
        throw SpecException.missing("algorithm");
      }
      return new Member(Checks.oneOfConstants("algorithm", algorithm, MEMBER_ALGORITHMS, null), params);
    }
  }
}
