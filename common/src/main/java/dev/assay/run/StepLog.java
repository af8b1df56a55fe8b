package dev.assay.run;

import dev.assay.spec.Secrets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * One line per step for people watching a job: time, command, run id and what happened, on
 * stderr so stdout stays clean for results (CSV, leaderboards) that scripts parse.
 */
public final class StepLog {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static volatile boolean quiet = Boolean.getBoolean("assay.quiet");

  private StepLog() {}

  public static void setQuiet(boolean q) {
    quiet = q;
  }

  public static void step(String command, String runId, String format, Object... args) {
    if (quiet) {
      return;
    }
    String run = runId == null ? "" : " [run " + runId.substring(0, Math.min(8, runId.length())) + "]";
    System.err.println(LocalTime.now().format(TIME) + " assay " + command + run + ": "
        + Secrets.redactText(String.format(format, args)));
    System.err.flush();
  }
}
