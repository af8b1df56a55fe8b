package dev.assay.scorer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.scorer.expr.ExprNode;
import dev.assay.scorer.expr.SqlType;
import dev.assay.scorer.runtime.OnnxFeed;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code manifest.json}, the self-description of an exported model package (schema {@value #SCHEMA_VERSION}).
 * Everything a server needs to reproduce Assay's scores without Spark is data here: the ordered inputs and their
 * types, the feature pipeline with every fitted value, the missing-value convention, the output and how it is made,
 * the runtime versions that read the model files correctly, and a SHA-256 per file. Records validate in their
 * compact constructors and name the manifest key, so a package edited by hand fails at load with the key to fix.
 *
 * @param schemaVersion the manifest format; a reader refuses a version it does not know
 * @param model which model this is: ref, hash, algorithm, task
 * @param output what a prediction is and how the model's raw output becomes it
 * @param inputs the columns a row must carry, in order, with their SQL types
 * @param features the feature pipeline as data, from the inputs to the model's feature vector
 * @param missing how a missing value (null, NaN) reaches the model
 * @param lineage the training data versions, run and code the model came from
 * @param runtimes per model file: the library that reads it and the versions that read it correctly
 * @param files every file of the package but the manifest, by relative path, with its SHA-256
 * @param golden the golden examples: rows with the outputs Spark gave, re-scored at every load
 * @param members an ensemble's member packages, in averaging order, or a stack's base model packages, in meta-feature
 *     order (empty for a single model)
 * @param stack a stack's meta model and how its features are made from the bases' outputs (null unless the algorithm
 *     is {@code stack})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int schemaVersion, ModelInfo model, Output output, List<Input> inputs, Features features,
    String missing, Lineage lineage, List<Runtime> runtimes, Map<String, String> files, Golden golden,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Member> members, Stack stack) {
  public static final int SCHEMA_VERSION = 1;
  public static final String FILE = "manifest.json";

  public Manifest {
    if (schemaVersion != SCHEMA_VERSION) {
      throw PackageException.corrupt("schema_version", "is " + schemaVersion + "; this scorer reads version "
          + SCHEMA_VERSION + " (export the model again with the Assay that ships this scorer, or use a matching one)");
    }
    require(model, "model");
    require(output, "output");
    require(inputs, "inputs");
    require(features, "features");
    require(runtimes, "runtimes");
    require(files, "files");
    require(golden, "golden");
    inputs = List.copyOf(inputs);
    runtimes = List.copyOf(runtimes);
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    members = members == null ? List.of() : List.copyOf(members);
    boolean composite = model.algorithm() == Algorithm.ENSEMBLE_MEAN || model.algorithm() == Algorithm.STACK;
    if (composite == members.isEmpty()) {
      throw PackageException.corrupt("members", composite ? "is empty; an ensemble_mean or stack package lists its "
          + "member packages" : "is set, but only ensemble_mean and stack packages have members");
    }
    if ((model.algorithm() == Algorithm.STACK) != (stack != null)) {
      throw PackageException.corrupt("stack", stack == null ? "is missing; a stack package names its meta model and "
          + "meta-features" : "is set, but only a stack package has a meta model");
    }
    if (stack != null) {
      for (MetaFeature f : stack.features()) {
        if (members.stream().noneMatch(m -> m.dir().equals(f.member()))) {
          throw PackageException.corrupt("stack.features[" + f.column() + "].member", "is " + f.member()
              + ", which is not the dir of any of members " + members.stream().map(Member::dir).toList());
        }
      }
    }
  }

  static <T> T require(T value, String key) {
    if (value == null) {
      throw PackageException.corrupt(key, "is missing");
    }
    return value;
  }

  /** What the model predicts; the codes are Assay's (the {@code models.task} column). */
  public enum Task {
    BINARY, MULTICLASS, REGRESSION;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The model kinds this scorer runs; the codes are Assay's {@code model.algorithm} values. */
  public enum Algorithm {
    XGBOOST, MLLIB_LOGISTIC_REGRESSION, MLLIB_RANDOM_FOREST, ONNX, LIGHTGBM,
    /** The mean of member packages' outputs ({@code members}), each a package of its own. */
    ENSEMBLE_MEAN,
    /** A meta model ({@code stack.meta}) over the outputs of base model packages ({@code members}). */
    STACK;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Which model: as registered in the ledger ({@code name:version}), with its {@code model_hash}; for an imported
   * ONNX graph, {@code onnxFeed} says how the graph is fed and read.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelInfo(String name, int version, String ref, String modelHash, Algorithm algorithm, Task task,
      String objective, String device, OnnxFeed onnxFeed) {
    public ModelInfo {
      require(name, "model.name");
      require(modelHash, "model.model_hash");
      require(algorithm, "model.algorithm");
      require(task, "model.task");
      if (algorithm == Algorithm.ONNX) {
        require(onnxFeed, "model.onnx_feed");
      }
    }
  }

  /**
   * A prediction. {@code transform}: how the booster's margin becomes the score (the booster applies it itself,
   * named so a re-implementation knows); {@code classes}: the class count (2 for binary, K for multiclass, 0 for
   * regression); {@code threshold}: binary models' probability at or above which the predicted class is 1.
   */
  public record Output(String score, String transform, int classes, Double threshold, List<String> fields) {
    public Output {
      require(score, "output.score");
      require(fields, "output.fields");
      fields = List.copyOf(fields);
    }
  }

  /**
   * An input column: its name, its Spark SQL type ({@code double}, {@code bigint}, {@code string}, ...) and its
   * use, which says how Assay casts it before the feature pipeline runs.
   */
  public record Input(String name, SqlType type, Role role) {
    public Input {
      require(name, "inputs[].name");
      require(type, "inputs[" + name + "].type");
      require(role, "inputs[" + name + "].role");
    }
  }

  /** How an input enters the pipeline: cast to double, cast to string, or read as it is (by expressions, steps). */
  public enum Role {
    /** A numeric feature: {@code CAST(x AS DOUBLE)} first. */
    NUMERIC,
    /** A categorical feature: {@code CAST(x AS STRING)} first. */
    CATEGORICAL,
    /** Read by a derived expression or a transform only, with its own type. */
    READ;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The feature pipeline, applied in this order: {@code derive} (expressions over the inputs, each as SQL and as a
   * typed tree), {@code steps} (fitted transforms, Assay's {@code feature_transforms} JSON), {@code casts} (the
   * type each produced feature ends as), {@code impute} (MLlib models: each numeric feature's missing value as 0
   * plus a 0/1 indicator), {@code categories} (each categorical feature's vocabulary: a value's code is its index;
   * unseen values and nulls get the code {@code labels.size()}), then {@code vector}: the model's feature vector,
   * column by column.
   */
  public record Features(List<Derived> derive, List<JsonNode> steps, Map<String, String> casts,
      List<Imputed> impute, List<Category> categories, List<String> vector) {
    public Features {
      derive = derive == null ? List.of() : List.copyOf(derive);
      steps = steps == null ? List.of() : List.copyOf(steps);
      casts = casts == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(casts));
      impute = impute == null ? List.of() : List.copyOf(impute);
      categories = categories == null ? List.of() : List.copyOf(categories);
      vector = List.copyOf(require(vector, "features.vector"));
    }
  }

  /** A derived column: the SQL as written in the spec, its result type, and the expression as data. */
  public record Derived(String name, String sql, String type, ExprNode tree) {
    public Derived {
      require(name, "features.derive[].name");
      require(tree, "features.derive[" + name + "].tree");
    }
  }

  /**
   * A numeric feature imputed for an MLlib model, which refuses NaN: {@code filled} is the value, or 0 when it is
   * null or NaN; {@code indicator} is 1 when it is null or NaN, else 0.
   */
  public record Imputed(String column, String filled, String indicator) {
    public Imputed {
      require(column, "features.impute[].column");
      require(filled, "features.impute[" + column + "].filled");
      require(indicator, "features.impute[" + column + "].indicator");
    }
  }

  /** A categorical feature's fitted vocabulary (alphabetical), read as a string; its code column is {@code output}. */
  public record Category(String column, String output, List<String> labels) {
    public Category {
      require(column, "features.categories[].column");
      require(output, "features.categories[" + column + "].output");
      labels = List.copyOf(require(labels, "features.categories[" + column + "].labels"));
    }

    /** The code of an unseen value or a null: one past the vocabulary. */
    public int unseenCode() {
      return labels.size();
    }
  }

  /** Where the model came from. */
  public record Lineage(List<TrainData> train, String runId, String runKey, String codeVersion, String trainedAt) {}

  /** One training data version: the table as the spec named it, its version and Delta table id. */
  public record TrainData(String table, long version, String tableId) {}

  /**
   * A model file and the runtime that reads it: {@code trainedWith} wrote it, {@code minVersion} is the oldest
   * release that reads it to the same predictions, and {@code why} says what older releases get wrong.
   */
  public record Runtime(String name, String file, String format, String trainedWith, String minVersion,
      String why) {
    public Runtime {
      require(name, "runtimes[].name");
      require(file, "runtimes[].file");
      require(minVersion, "runtimes[" + file + "].min_version");
    }
  }

  /** The golden examples: {@code rows} rows of {@code table} at {@code version} (drawn as {@code drawn}). */
  public record Golden(String file, int rows, String table, Long version, String drawn) {
    public Golden {
      require(file, "golden.file");
    }
  }

  /** An ensemble member: its package's directory, relative to the ensemble's, and which model it holds. */
  public record Member(String dir, String ref, String modelHash) {
    public Member {
      require(dir, "members[].dir");
      require(ref, "members[" + dir + "].ref");
    }
  }

  /**
   * A stack's structure: each row goes through every base package ({@code members}), their outputs become the
   * meta-feature columns {@code features} (in this order), and the meta package in {@code meta} reads the row's own
   * input columns plus those, as Spark's stack does.
   *
   * @param meta the meta model's package (its dir relative to the stack's, ref and model hash)
   * @param features the meta-feature columns, in the order the meta model reads them
   * @param passthrough whether the meta model also reads the row's feature columns (as the row carries them)
   */
  public record Stack(Member meta, List<MetaFeature> features, boolean passthrough) {
    public Stack {
      require(meta, "stack.meta");
      features = List.copyOf(require(features, "stack.features"));
      if (features.isEmpty()) {
        throw PackageException.corrupt("stack.features", "is empty; a stack's meta model reads its bases' outputs");
      }
    }
  }

  /**
   * A meta-feature column of a stack: which base package's output fills it ({@code member}, a {@code members[].dir})
   * and which field: {@code probability} (binary: the class-1 probability), {@code probabilities} at
   * {@code classIndex} (multiclass) or {@code prediction} (regression), as a double.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MetaFeature(String column, String member, OutputField field, Integer classIndex) {
    public MetaFeature {
      require(column, "stack.features[].column");
      require(member, "stack.features[" + column + "].member");
      require(field, "stack.features[" + column + "].field");
      if ((field == OutputField.PROBABILITIES) != (classIndex != null)) {
        throw PackageException.corrupt("stack.features[" + column + "].class_index", "must be set for the field "
            + "probabilities, and only for it");
      }
    }

    /** The value of this column from a base model's prediction of the row. */
    public double of(Prediction p) {
      return switch (field) {
        case PROBABILITY -> p.probability();
        case PROBABILITIES -> p.probabilities().get(classIndex);
        case PREDICTION -> p.prediction();
      };
    }
  }

  /** A field of a prediction ({@link Prediction}), as a stack's meta-feature reads it. */
  public enum OutputField {
    PREDICTION, PROBABILITY, PROBABILITIES;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The input named {@code name}, or null. */
  public Input input(String name) {
    return inputs.stream().filter(i -> Objects.equals(i.name(), name)).findFirst().orElse(null);
  }
}
