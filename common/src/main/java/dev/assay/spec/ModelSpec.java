package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The model of a job: its name, the algorithm and task, the algorithm's own parameters, and the
 * settings Assay controls itself (seed, number of distributed workers, device).
 *
 * <p>Defaults: algorithm {@code xgboost}, task {@code binary}, no params, seed 0, one worker,
 * device {@code cpu}. Params are passed to the algorithm as they are; their values must be
 * numbers, strings or booleans. Params that Assay sets itself ({@link #RESERVED_PARAMS}) are
 * rejected with the spec field to use instead.
 *
 * @param name the model name; it becomes part of paths, so it must match {@link #NAME_PATTERN}
 *     and contain no {@code ..}
 * @param algorithm one of {@link #ALGORITHMS}
 * @param task one of {@link #TASKS}
 * @param params algorithm parameters in spec order, e.g. {@code max_depth}, {@code eta}
 * @param seed the random seed of training
 * @param numWorkers the number of distributed training workers (YAML key {@code num_workers}), at least 1
 * @param device one of {@link #DEVICES}
 * @param stack the base and meta models of {@code algorithm: stack} ({@link StackSpec}); null for every other
 *     algorithm
 * @param onnx how an imported ONNX model ({@code algorithm: onnx}) reads features and which output it scores
 *     with ({@link OnnxSpec}); null for every other algorithm, and left out of the canonical JSON then
 */
public record ModelSpec(
    String name,
    Algorithm algorithm,
    Task task,
    Map<String, Object> params,
    long seed,
    int numWorkers,
    String device,
    StackSpec stack,
    OnnxSpec onnx) {

  /** Allowed model names: lowercase letters, digits, '_', '.', '-'; at most 64 characters. */
  public static final Pattern NAME_PATTERN = Names.MODEL_NAME;

  /** The algorithms a spec can ask for; the first is the default. */
  public static final List<Algorithm> ALGORITHMS = Algorithm.IN_SPECS;

  /** The supported tasks; the first is the default. */
  public static final List<Task> TASKS = Task.ALL;

  /** The supported devices; the first is the default. */
  public static final List<String> DEVICES = List.of("cpu", "cuda");

  public static final long DEFAULT_SEED = 0L;
  public static final int DEFAULT_NUM_WORKERS = 1;

  /** Params that Assay sets itself, with what to do instead. */
  public static final Map<String, String> RESERVED_PARAMS = reservedParams();

  public ModelSpec {
    name = checkName(name);
    // Code can hold any constant; a spec can name only these (never 'external').
    algorithm = Checks.oneOfConstants("algorithm", algorithm == null ? null : algorithm.code(), ALGORITHMS,
        ALGORITHMS.get(0));
    task = task == null ? TASKS.get(0) : task;
    device = Checks.oneOf("device", device, DEVICES, DEVICES.get(0));
    if (numWorkers < 1) {
      throw SpecException.invalid("num_workers", "must be at least 1, got " + numWorkers);
    }
    params = checkParams(params);
    if (algorithm == Algorithm.STACK && stack == null) {
      throw SpecException.missing("stack");
    }
    if (algorithm != Algorithm.STACK && stack != null) {
      throw SpecException.invalid("stack", "is only for {0}: stack; remove it or set the algorithm to stack",
          "algorithm");
    }
    if (stack != null && task != Task.BINARY) {
      Map<String, StackSpec.Member> members = new LinkedHashMap<>();
      stack.base().forEach((key, m) -> members.put("stack.base." + key, m));
      members.put("stack.meta", stack.meta());
      for (Map.Entry<String, StackSpec.Member> m : members.entrySet()) {
        if (m.getValue().algorithm() == Algorithm.MLLIB_LOGISTIC_REGRESSION) {
          throw SpecException.invalid(m.getKey() + ".algorithm", "is mllib_logistic_regression, which trains binary "
              + "models only, but {0} is " + task + ": use xgboost or mllib_random_forest", "task");
        }
      }
    }
    if (algorithm == Algorithm.ONNX) {
      onnx = onnx == null ? OnnxSpec.DEFAULT : onnx;
      if (!params.isEmpty()) {
        throw SpecException.invalid("params", "is not used by an imported ONNX model: the graph is trained already; "
            + "remove it (how features map to inputs goes under {0})", "onnx");
      }
    } else if (onnx != null) {
      throw SpecException.invalid("onnx", "is only for {0}: onnx; remove it or set the algorithm to onnx",
          "algorithm");
    }
    if (stack != null && !params.isEmpty()) {
      throw SpecException.invalid("params", "is not used by a stack: give each model its params under {0} or {1}",
          "stack.base.<key>.params", "stack.meta.params");
    }
  }

  /** Any algorithm but {@code stack}. */
  public ModelSpec(String name, Algorithm algorithm, Task task, Map<String, Object> params, long seed, int numWorkers,
      String device) {
    this(name, algorithm, task, params, seed, numWorkers, device, null, null);
  }

  /** Any algorithm but {@code onnx}. */
  public ModelSpec(String name, Algorithm algorithm, Task task, Map<String, Object> params, long seed, int numWorkers,
      String device, StackSpec stack) {
    this(name, algorithm, task, params, seed, numWorkers, device, stack, null);
  }

  /** This spec with another name, algorithm and params (and no stack section): a member of a stack. */
  public ModelSpec member(String memberName, StackSpec.Member member) {
    return new ModelSpec(memberName, member.algorithm(), task, member.params(), seed, numWorkers, device);
  }

  /**
   * Binds YAML, where absent or null {@code seed} and {@code num_workers} mean their defaults and
   * the algorithm and task texts become constants (an unknown text is an error naming its key).
   * The name is checked first, so a spec with several mistakes reports the same one as before.
   */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static ModelSpec fromSpec(
      @JsonProperty("name") String name,
      @JsonProperty("algorithm") String algorithm,
      @JsonProperty("task") String task,
      @JsonProperty("params") Map<String, Object> params,
      @JsonProperty("seed") Long seed,
      @JsonProperty("num_workers") Integer numWorkers,
      @JsonProperty("device") String device,
      @JsonProperty("stack") StackSpec stack,
      @JsonProperty("onnx") OnnxSpec onnx) {
    checkName(name);
    return new ModelSpec(name, Checks.oneOfConstants("algorithm", algorithm, ALGORITHMS, null),
        Checks.oneOfConstants("task", task, TASKS, null), params,
        seed == null ? DEFAULT_SEED : seed,
        numWorkers == null ? DEFAULT_NUM_WORKERS : numWorkers,
        device, stack, onnx);
  }

  private static String checkName(String name) {
    String checked = Checks.requireText("name", name, "model name");
    String nameProblem = Names.modelNameProblem(checked);
    if (nameProblem != null) {
      throw SpecException.invalid("name", nameProblem);
    }
    return checked;
  }

  /**
   * The params Assay sets itself, with what to do instead. Some can be written in XGBoost's snake_case or Spark
   * ML's camelCase (num_workers, numWorkers): every spelling is reserved, with one advice.
   */
  private static Map<String, String> reservedParams() {
    Map<String, String> m = new LinkedHashMap<>();
    reserve(m, "use 'model.seed' instead", "seed");
    reserve(m, "use 'model.num_workers' instead", "num_workers", "numWorkers");
    reserve(m, "use 'model.device' instead", "device");
    reserve(m, "Assay derives it from the training labels (0..K-1) for task multiclass; remove it", "num_class");
    reserve(m, "Assay fixes the missing-value marker itself; remove it", "missing");
    reserve(m, "Assay builds the features column from 'features.numeric' and 'features.categorical'; remove it",
        "features_col", "featuresCol");
    reserve(m, "use 'features.label' instead", "label_col", "labelCol");
    reserve(m, "use 'features.weight' instead", "weight_col", "weightCol");
    return Collections.unmodifiableMap(m);
  }

  private static void reserve(Map<String, String> reserved, String advice, String... spellings) {
    for (String spelling : spellings) {
      reserved.put(spelling, advice);
    }
  }

  static Map<String, Object> checkParams(Map<String, Object> params) {
    if (params == null) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : params.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      String path = "params." + key;
      if (key == null || key.isBlank()) {
        throw SpecException.invalid("params", "has a blank param name; give every param a name");
      }
      String reserved = RESERVED_PARAMS.get(key);
      if (reserved != null) {
        throw SpecException.invalid(path, "is controlled by Assay: " + reserved);
      }
      if (!(value instanceof String || value instanceof Boolean || isNumber(value))) {
        throw SpecException.invalid(path, "must be a number, string or boolean, got " + Checks.show(value));
      }
      if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
        throw SpecException.invalid(path, "must be a finite number, got " + value);
      }
      switch (key) {
        case "num_round" -> requireInteger(path, value, 1);
        case "max_depth" -> requireInteger(path, value, 0);
        case "eta" -> requirePositive(path, value);
        default -> { }
      }
      copy.put(key, value);
    }
    return Collections.unmodifiableMap(copy);
  }

  private static boolean isNumber(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger || v instanceof Double || v instanceof Float || v instanceof BigDecimal;
  }

  private static void requireInteger(String path, Object value, long min) {
    boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger;
    if (!integral || new BigDecimal(value.toString()).compareTo(BigDecimal.valueOf(min)) < 0) {
      throw SpecException.invalid(path, "must be an integer >= " + min + ", got " + Checks.show(value));
    }
  }

  private static void requirePositive(String path, Object value) {
    if (!isNumber(value)) {
      String hint = value instanceof String s && looksNumeric(s) ? " (write the number without quotes)" : "";
      throw SpecException.invalid(path, "must be a number > 0, got " + Checks.show(value) + hint);
    }
    if (new BigDecimal(value.toString()).signum() <= 0) {
      throw SpecException.invalid(path, "must be a number > 0, got " + value);
    }
  }

  private static boolean looksNumeric(String s) {
    try {
      new BigDecimal(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
