package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One monitoring check ({@code monitor.checks[]}): a series from the ledger and the strategy that
 * judges its points.
 *
 * @param name the check's name, its key in the {@code alerts} table (a SQL-safe identifier)
 * @param series the history read
 * @param strategy how a point is judged
 */
public record MonitorCheck(String name, SeriesSpec series, AnomalyStrategy strategy) {
  public MonitorCheck {
    name = Checks.requireText("name", name, "check name");
    if (!name.matches("[A-Za-z][A-Za-z0-9_.-]{0,127}")) {
      throw SpecException.invalid("name", "must start with a letter and hold only letters, digits, '_', '.' and "
          + "'-' (at most 128), got " + Checks.show(name));
    }
    if (series == null) {
      throw SpecException.missing("series");
    }
    if (strategy == null) {
      throw SpecException.missing("strategy");
    }
  }

  /** Binds YAML; the same as the constructor, named for Jackson. */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static MonitorCheck fromSpec(@JsonProperty("name") String name, @JsonProperty("series") SeriesSpec series,
      @JsonProperty("strategy") AnomalyStrategy strategy) {
    return new MonitorCheck(name, series, strategy);
  }
}
