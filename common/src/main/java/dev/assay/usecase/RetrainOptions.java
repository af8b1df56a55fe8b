package dev.assay.usecase;

import dev.assay.errors.ExitCode;
import dev.assay.errors.UsageErrors;
import java.util.Arrays;

/**
 * What {@code retrain} may do and what holds it back.
 *
 * @param minNewRows train only when the training table grew by at least this many rows (net:
 *     latest row count minus the baseline's), or null for no such condition
 * @param minDrift train only when some feature's PSI is at least this (or a feature column changed
 *     schema), or null for no such condition
 * @param gate gate the new model against the champion on the spec's suite
 * @param promote gate, and make a passing model champion
 * @param skipExitCode the process exit code of a run that trained nothing (default 0; e.g. 99 for
 *     Airflow's {@code skip_on_exit_code})
 */
public record RetrainOptions(Long minNewRows, Double minDrift, boolean gate, boolean promote, int skipExitCode) {
  public RetrainOptions {
    if (minNewRows != null && minNewRows < 0) {
      throw UsageErrors.minNewRowsOption(minNewRows);
    }
    if (minDrift != null && (minDrift.isNaN() || minDrift < 0)) {
      throw UsageErrors.minDriftOption(minDrift);
    }
    boolean documented = Arrays.stream(ExitCode.values()).anyMatch(c -> c.code() == skipExitCode);
    // Assay's own codes (errors, a failed gate or monitor check, 75) must not also mean "nothing to train".
    if (skipExitCode < 0 || skipExitCode > 255 || skipExitCode != 0 && documented) {
      throw UsageErrors.skipExitCodeOption(skipExitCode);
    }
  }

  /** Whether a gate runs after training ({@code --promote} implies it). */
  public boolean gates() {
    return gate || promote;
  }
}
