package dev.assay.errors;

import static dev.assay.errors.ExitCode.USAGE;

import java.util.List;

/** Messages of {@code monitor}: a spec without checks (exit 2) and the summary of failed checks (exit 6). */
public final class MonitorErrors {
  private MonitorErrors() {}

  public static AssayException noMonitorSection(String spec) {
    return USAGE.fail("Cannot monitor with spec %s: it has no 'monitor' section; add 'monitor: {checks: [...]}' with "
        + "at least one check (see README, Monitoring)", spec);
  }

  /** The result line of a run whose checks failed on their newest point (exit 6, recorded on the run). */
  public static String checksFailed(List<String> failed) {
    return failed.size() + " monitoring check(s) failed on their newest point: " + String.join("; ", failed)
        + "; the verdicts are in the alerts table";
  }
}
