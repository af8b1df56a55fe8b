package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code monitor} section of a spec: the checks {@code assay monitor} runs over the ledger's
 * history. Not part of the training spec: it is left out of the canonical JSON that run keys hash,
 * so adding or changing a check retrains nothing.
 *
 * @param checks the checks, at least one, with distinct names
 */
public record MonitorSpec(List<MonitorCheck> checks) {
  public MonitorSpec {
    if (checks == null || checks.isEmpty()) {
      throw SpecException.invalid("checks", "must list at least one check");
    }
    checks = List.copyOf(checks);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < checks.size(); i++) {
      if (!seen.add(checks.get(i).name())) {
        throw SpecException.invalid("checks[" + i + "].name", "repeats the check name "
            + Checks.show(checks.get(i).name()) + ": names key the alerts table, so each must be unique");
      }
    }
  }

  /** Binds YAML; the same as the constructor, named for Jackson. */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static MonitorSpec fromSpec(@JsonProperty("checks") List<MonitorCheck> checks) {
    return new MonitorSpec(checks);
  }
}
