package dev.assay.job;

import dev.assay.errors.ExitCode;
import dev.assay.ledger.RunRecord;

/** How a job body ended when it did not throw: succeeded, or skipped because it was up to date. */
public record JobResult(String status, ExitCode exitCode, String message) {
  public static JobResult succeeded(String message) {
    return new JobResult(RunRecord.SUCCEEDED, ExitCode.SUCCESS, message);
  }

  public static JobResult skipped(String message) {
    return new JobResult(RunRecord.SKIPPED, ExitCode.SUCCESS, message);
  }
}
