package dev.assay.errors;

import static dev.assay.errors.ExitCode.GATE_FAILED;
import static dev.assay.errors.ExitCode.TRANSIENT;
import static dev.assay.errors.ExitCode.USAGE;

import java.util.List;

/**
 * Errors of {@code gate} and promotion: a failed gate (exit 4), comparisons that cannot be made
 * (exit 2) and a champion that changed under the gate (exit 75).
 */
public final class GateErrors {
  private GateErrors() {}

  /** {@code champion} is null when there is none. */
  public static AssayException gateFailed(String challenger, String champion, String summary) {
    return GATE_FAILED.fail("Gate failed for " + challenger + " vs "
        + (champion == null ? "no champion" : champion) + ": " + summary);
  }

  public static AssayException championChanged(String name, Integer expected, Integer now) {
    return TRANSIENT.fail("Cannot promote: the champion of '%s' changed while the gate ran (was %s, now %s); rerun "
            + "'assay gate' against the new champion", name, expected == null ? "none" : name + ":" + expected,
        now == null ? "none" : name + ":" + now);
  }

  public static AssayException alreadyChampion(String challenger) {
    return USAGE.fail("Model " + challenger + " is already the champion: pass another "
        + "--challenger, or --champion NAME:VERSION to compare against another version");
  }

  public static AssayException promoteAcrossNames(String challenger, String champion) {
    return USAGE.fail("Cannot promote " + challenger + " over " + champion
        + ": stages are per model name; compare without --promote, or pass a --champion of the same name");
  }

  public static AssayException cellsDiffer(String challenger, String metricCode, List<String> differences) {
    return USAGE.fail("Cannot gate " + challenger + ": the models were not evaluated "
        + "on identical cells (data version, filter, metric code " + metricCode + "): " + String.join("; ", differences)
        + "; run 'assay reevaluate --spec FILE' to fill the missing cells, then gate again");
  }

  public static AssayException noBenchmark(String model) {
    return USAGE.fail("Gate sets max_latency_ms but model " + model + " has no p95 "
        + "latency in the ledger's benchmarks table: run 'assay benchmark' first");
  }

  /** {@code champion} is the name's current champion, null when it has none. */
  public static AssayException promoteOverNonChampion(String challenger, String named, Object stage, String champion) {
    return USAGE.fail("Cannot promote " + challenger + " over " + named + ": it is not the champion (its stage is "
        + stage + "; " + (champion == null ? "there is no champion" : "the champion is " + champion) + "); drop "
        + "--champion to gate against the champion, or compare with " + named + " without --promote");
  }
}
