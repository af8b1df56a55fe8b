package dev.assay.errors;

import static dev.assay.errors.ExitCode.TRANSIENT;

/**
 * Errors about the Spark cluster a job was submitted to: a master that cannot be reached, or one that
 * cannot host what the job asks for. All are transient (exit 75): the same job succeeds once the cluster
 * is back or has room, so a scheduler should retry, not page.
 */
public final class ClusterErrors {
  private ClusterErrors() {}

  public static AssayException masterUnreachable(String master, Throwable cause) {
    return TRANSIENT.fail(cause, "Cannot reach the Spark master %s: %s; start the cluster (scripts/cluster up) or "
        + "pass the right --master, then retry", master, describe(cause));
  }

  public static AssayException masterLost(String master) {
    return TRANSIENT.fail("Cannot run on the Spark master %s: the application could not register with it "
        + "(Spark stopped the session before the job began); check that the master is up and accepts this "
        + "application, then retry", master);
  }

  /**
   * What a cluster did not grant within the wait.
   *
   * @param waitedSeconds how long the job waited
   * @param executors executors registered at the end of the wait
   * @param slots their concurrent task slots
   * @param neededSlots the slots the job needs
   * @param neededFor what needs them, e.g. "training with model.num_workers=3"
   * @param asked what the job asks of each executor, e.g. "executors of 2 core(s) and 1g each"
   */
  public record Shortfall(long waitedSeconds, int executors, int slots, int neededSlots, String neededFor,
      String asked) {}

  /** The cluster did not grant {@code shortfall}; {@code offered} is what its master says it has. */
  public static AssayException notEnoughResources(String master, Shortfall shortfall, String offered) {
    return TRANSIENT.fail("Cannot start %s on the Spark master %s: after %d s the cluster runs %d executor(s) with "
        + "%d task slot(s) and %d are needed; the job asks for %s, and the master offers %s; ask for what the "
        + "workers can host (spark.executor.cores, spark.executor.memory, model.num_workers) or add workers, "
        + "then retry (assay.cluster.waitSeconds sets the wait)", shortfall.neededFor(), master,
        shortfall.waitedSeconds(), shortfall.executors(), shortfall.slots(), shortfall.neededSlots(),
        shortfall.asked(), offered);
  }

  private static String describe(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
