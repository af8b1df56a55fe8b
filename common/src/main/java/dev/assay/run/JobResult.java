package dev.assay.run;

import dev.assay.errors.ExitCode;
import dev.assay.ledger.RunStatus;

/**
 * How a job body ended when it did not throw: succeeded, or skipped because it was up to date.
 *
 * @param status the run's final status
 * @param exitCode the documented exit code
 * @param message what happened, for the log
 * @param processCode the process exit code when it differs from {@code exitCode} (e.g. a
 *     scheduler's skip code such as 99), or null
 * @param note why the run did not produce a result (a skip or hold-back reason), recorded in the run
 *     row's {@code error} column, or null
 */
public record JobResult(RunStatus status, ExitCode exitCode, String message, Integer processCode, String note) {
  public JobResult(RunStatus status, ExitCode exitCode, String message) {
    this(status, exitCode, message, null, null);
  }

  public static JobResult succeeded(String message) {
    return new JobResult(RunStatus.SUCCEEDED, ExitCode.SUCCESS, message);
  }

  public static JobResult skipped(String message) {
    return new JobResult(RunStatus.SKIPPED, ExitCode.SUCCESS, message);
  }

  /** The same result, exiting the process with {@code code} (recorded on the run row too). */
  public JobResult withProcessCode(int code) {
    return new JobResult(status, exitCode, message, code, note);
  }

  /** The same result, with {@code why} recorded in the run row's {@code error} column. */
  public JobResult withNote(String why) {
    return new JobResult(status, exitCode, message, processCode, why);
  }

  /** The code the process exits with. */
  public int code() {
    return processCode != null ? processCode : exitCode.code();
  }
}
