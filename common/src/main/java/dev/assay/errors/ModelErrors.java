package dev.assay.errors;

import static dev.assay.errors.ExitCode.INPUT_DATA;
import static dev.assay.errors.ExitCode.TRANSIENT;
import static dev.assay.errors.ExitCode.USAGE;

import java.util.Collection;

/**
 * Errors about models: which are registered, how they may be trained (algorithm, params, workers,
 * device), scored and combined into ensembles. Mostly usage errors (exit 2).
 */
public final class ModelErrors {
  private ModelErrors() {}

  public static AssayException unknownModel(String name, Integer version) {
    return INPUT_DATA.fail(version == null
        ? String.format("Model '%s' is not registered in the ledger: train it first or check the name "
            + "with 'assay ledger models'", name)
        : String.format("Model '%s' has no version %d in the ledger: list versions with 'assay ledger "
            + "models'", name, version));
  }

  public static AssayException trainingInProgress(String name, String runId, String model) {
    return TRANSIENT.fail("Cannot train %s yet: run %s is training the same "
        + "model from the same inputs right now (model %s registered, run not finished); retry when it has ended",
        name, runId, model);
  }

  public static AssayException externalNameTaken(String name, Object algorithm) {
    return USAGE.fail("Model name '%s' belongs to %s models: external "
        + "predictions need a name of their own; pick another --name", name, algorithm);
  }

  public static AssayException notScorable(String model, String artifact) {
    return USAGE.fail("Model %s is an external predictions table (%s), not "
        + "a Spark model: it can be evaluated but not scored or benchmarked", model, artifact);
  }

  public static AssayException scoreWithoutId(String model) {
    return USAGE.fail("Cannot score with model %s: its spec has no "
        + "features.id, and scored rows need an id to be joined back to their data; retrain it with features.id "
        + "set", model);
  }

  // ---------------------------------------------------------------- training

  public static AssayException ensembleNotTrainable(String name, Object algorithm) {
    return USAGE.fail("Cannot train model '%s' of algorithm %s: an ensemble "
        + "averages registered models; build it with 'assay ensemble --name %s --member NAME:VERSION --member "
        + "NAME:VERSION --spec SPEC'", name, algorithm, name);
  }

  public static AssayException onnxNotTrainable(String name) {
    return USAGE.fail("Cannot train model '%s' of algorithm onnx: an ONNX graph is trained by its own framework "
        + "and imported; register it with 'assay import-model --name %s --onnx FILE --spec SPEC'", name, name);
  }

  public static AssayException noTrainer(Object algorithm, Collection<?> known) {
    return USAGE.fail("Cannot train or load algorithm '%s' here: it has no Spark pipeline trainer; use one of %s",
        algorithm, known);
  }

  public static AssayException cpuOnly(Object algorithm, Object device, String library) {
    return USAGE.fail("Cannot train %s on device=%s: %s trains on CPU only here; set model.device: cpu", algorithm,
        device, library);
  }

  public static AssayException logisticRegressionTask(Object algorithm, Object task) {
    return USAGE.fail("Cannot train %s for task %s: logistic regression "
        + "is a binary classifier; use model.algorithm: mllib_random_forest or xgboost", algorithm, task);
  }

  /**
   * "Spec key 'model.params.PARAM' REST", the form of the errors about a param: {@code rest} is a format of
   * {@code args}; the param is never read as a format; {@code cause} may be null.
   */
  private static AssayException paramError(Throwable cause, String param, String rest, Object... args) {
    return USAGE.fail(cause, "Spec key 'model.params." + param + "' " + String.format(rest, args));
  }

  public static AssayException unknownEstimatorParam(String param, Object algorithm, String estimator,
      String library) {
    return paramError(null, param, "is not a settable parameter of %s (%s): check the spelling against the %s "
        + "documentation", algorithm, estimator, library);
  }

  public static AssayException rejectedMllibParam(String param, Object value, Object algorithm, String problem,
      Throwable cause) {
    return paramError(cause, param, "has value %s that %s rejects: %s", value, algorithm, problem);
  }

  public static AssayException unknownXgboostParam(String param, String xgboostVersion) {
    return paramError(null, param, "is not an XGBoost parameter known to XGBoost4J-Spark %s: check the spelling "
        + "against the XGBoost parameter list", xgboostVersion);
  }

  public static AssayException multiclassObjective(Object objective) {
    return paramError(null, "objective", "is %s, but task multiclass trains with multi:softprob (Assay needs the "
        + "class probabilities): remove the objective param", objective);
  }

  public static AssayException tooManyWorkers(int numWorkers, int slots, String master) {
    return USAGE.fail("Cannot train with num_workers=%d: master %s offers only %d task slot(s) and XGBoost needs one "
            + "per worker at once; lower model.num_workers or add executor cores", numWorkers, master, slots);
  }

  /** Spark's barrier scheduler refused to start all workers at once. */
  public static AssayException clusterTooSmall(int numWorkers, Throwable cause) {
    return USAGE.fail(cause, "Cannot train with num_workers=%d: the cluster could not run that many tasks at "
            + "once; lower model.num_workers or add executor cores", numWorkers);
  }

  public static AssayException tooManyThreads(int nthread, int taskCpus) {
    return USAGE.fail("Cannot train with nthread=%d: spark.task.cpus is %d and XGBoost may use at most that "
            + "many threads per worker; lower model.params.nthread or raise spark.task.cpus", nthread, taskCpus);
  }

  public static AssayException gpuUnavailable(String what) {
    return USAGE.fail("Cannot use device=cuda: %s; use device: cpu, or run on GPU executors with the GPU build "
            + "(see README, GPU)", what);
  }

  public static AssayException engineMismatch(String command, String model, String engine) {
    return USAGE.fail("Cannot %s model %s with --gpu: it was trained on %s, "
        + "and CPU and GPU models are different models; drop --gpu, or train a GPU model (train --gpu)", command,
        model, engine);
  }

  // ---------------------------------------------------------------- ensembles

  /**
   * "Cannot build ensemble 'NAME'REST", the form of the ensemble errors: {@code rest} is a format of {@code args};
   * the name is never read as a format.
   */
  private static AssayException cannotBuildEnsemble(String name, String rest, Object... args) {
    return USAGE.fail("Cannot build ensemble '" + name + "'" + String.format(rest, args));
  }

  public static AssayException ensembleTooFewMembers(String name, int members) {
    return cannotBuildEnsemble(name, ": it needs at least two members, got %d; pass --member NAME:VERSION for each",
        members);
  }

  public static AssayException ensembleMemberOwnName(String name, String member) {
    return cannotBuildEnsemble(name, " with member %s: a member cannot have the ensemble's own name; pick another "
        + "--name", member);
  }

  /** {@code external}: the member is an external predictions table; otherwise it is an ensemble. */
  public static AssayException ensembleMemberNotSpark(String name, String member, boolean external) {
    return cannotBuildEnsemble(name, " with member %s: it is %s, not a Spark model; members must be trained models "
        + "(xgboost or mllib_*)", member, external ? "an external predictions table" : "an ensemble");
  }

  public static AssayException ensembleMemberTwice(String name, String member) {
    return cannotBuildEnsemble(name, ": member %s is listed twice; list each model version once", member);
  }

  public static AssayException ensembleMembersDisagree(String name, String first, Object firstTask, String firstLabel,
      String other, Object otherTask, String otherLabel) {
    return cannotBuildEnsemble(name, ": members %s (task %s, label '%s') and %s (task %s, label '%s') predict "
        + "different things; use models of one task and label", first, firstTask, firstLabel, other, otherTask,
        otherLabel);
  }

  public static AssayException ensembleFeatureTypes(Object members, Collection<String> columns) {
    return USAGE.fail("Cannot build an ensemble of %s: column(s) %s are "
        + "numeric features in one member and categorical in another; use members that agree on feature types",
        members, columns);
  }
}
