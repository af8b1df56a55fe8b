package dev.assay.run;

import dev.assay.ledger.RunStatus;
import dev.assay.ledger.Where;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * Makes a rerun of the same Airflow task idempotent: when the run carries Airflow's DAG id, DAG run
 * id and task id, an earlier SUCCEEDED run of the same command with the same three values means
 * the work is done, whatever the try number (a retry after a lost heartbeat, a cleared task).
 */
public final class SchedulerRerun {
  public static final String DAG_ID = "AIRFLOW_CTX_DAG_ID";
  public static final String DAG_RUN_ID = "AIRFLOW_CTX_DAG_RUN_ID";
  public static final String TASK_ID = "AIRFLOW_CTX_TASK_ID";
  public static final String TRY_NUMBER = "AIRFLOW_CTX_TRY_NUMBER";

  /** The three variables that name one task instance of one DAG run; the try number is not one of them. */
  static final List<String> TASK_KEYS = List.of(DAG_ID, DAG_RUN_ID, TASK_ID);

  /** The earlier run that already did this task's work. */
  public record Earlier(String runId, String tryNumber) {}

  private SchedulerRerun() {}

  /** The first SUCCEEDED run of this command for this Airflow task instance, if the run is an Airflow task. */
  public static Optional<Earlier> find(JobContext ctx) {
    Map<String, String> sc = ctx.schedulerContext();
    if (!TASK_KEYS.stream().allMatch(k -> sc.get(k) != null && !sc.get(k).isBlank())) {
      return Optional.empty();
    }
    List<Row> succeeded = ctx.ledger().runs().rows(Where.equal("command", ctx.command())
        .andEqual("status", RunStatus.SUCCEEDED.code()).andNotEqual("run_id", ctx.runId()), "run_id", "started_at",
        "scheduler_context");
    return succeeded.stream().filter(r -> sameTask(sc, r.isNullAt(2) ? Map.of() : r.<String, String>getJavaMap(2)))
        .min(Comparator.comparing(r -> r.getTimestamp(1), Comparator.nullsFirst(Comparator.naturalOrder())))
        .map(r -> new Earlier(r.getString(0), tryNumber(r)));
  }

  private static boolean sameTask(Map<String, String> here, Map<String, String> stored) {
    return TASK_KEYS.stream().allMatch(k -> here.get(k).equals(stored.get(k)));
  }

  private static String tryNumber(Row run) {
    String n = run.isNullAt(2) ? null : run.<String, String>getJavaMap(2).get(TRY_NUMBER);
    return n == null ? "?" : n;
  }

  /** The skip a rerun reports: exit 0, a SKIPPED run row naming the run that did the work. */
  static JobResult alreadyDone(JobContext ctx, Earlier earlier) {
    Map<String, String> sc = ctx.schedulerContext();
    String why = String.format("Airflow task %s/%s/%s already succeeded as run %s (try %s); nothing done",
        sc.get(DAG_ID), sc.get(DAG_RUN_ID), sc.get(TASK_ID), earlier.runId(), earlier.tryNumber());
    ctx.step("%s", why);
    return JobResult.skipped(why).withNote(why);
  }
}
