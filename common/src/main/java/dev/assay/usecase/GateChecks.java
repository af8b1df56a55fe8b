package dev.assay.usecase;

import dev.assay.spec.GateSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The threshold logic of {@code assay gate}, without Spark: one check per (suite reference,
 * threshold), each pass or fail, and the table that prints them.
 */
public final class GateChecks {
  /** One row of the gate table. A null value means the model has no (or an undefined) value. */
  public record Check(String reference, String version, Double champion, Double challenger, String threshold,
      boolean pass) {}

  /** The leakage check's name in the gate table. */
  static final String OVERLAP = "train overlap share";

  private GateChecks() {}

  /**
   * The checks of {@code gate} on one suite reference: {@code min} and {@code max} on the
   * challenger's value, {@code max_drop} and {@code max_relative_drop} against the champion's
   * (only when there is a champion, {@code hasChampion}). An undefined value fails every check
   * that needs it. No threshold set gives one informational passing row.
   */
  public static List<Check> compare(GateSpec gate, String reference, String version, boolean hasChampion,
      Double champion, Double challenger) {
    List<Check> checks = new ArrayList<>();
    if (gate.min() != null) {
      checks.add(new Check(reference, version, champion, challenger, gate.metric() + " >= " + num(gate.min()),
          challenger != null && challenger >= gate.min()));
    }
    if (gate.max() != null) {
      checks.add(new Check(reference, version, champion, challenger, gate.metric() + " <= " + num(gate.max()),
          challenger != null && challenger <= gate.max()));
    }
    if (hasChampion && gate.maxDrop() != null) {
      Double drop = worsening(gate, champion, challenger);
      checks.add(new Check(reference, version, champion, challenger, "drop <= " + num(gate.maxDrop())
          + (drop == null ? "" : " (is " + num(drop) + ")"), drop != null && drop <= gate.maxDrop()));
    }
    if (hasChampion && gate.maxRelativeDrop() != null) {
      Double drop = worsening(gate, champion, challenger);
      Double relative = drop == null ? null : champion == 0 ? (drop <= 0 ? 0.0 : Double.POSITIVE_INFINITY)
          : drop / Math.abs(champion);
      checks.add(new Check(reference, version, champion, challenger, "relative drop <= " + num(gate.maxRelativeDrop())
          + (relative == null ? "" : " (is " + num(relative) + ")"), relative != null
              && relative <= gate.maxRelativeDrop()));
    }
    if (checks.isEmpty()) {
      checks.add(new Check(reference, version, champion, challenger, "(no threshold)", true));
    }
    return checks;
  }

  /**
   * The leakage check of one suite reference: the share of its rows inside the training data of
   * the challenger and of the champion (null: not measured, e.g. an imported model) against
   * {@code max_train_overlap}. A comparison is only fair when neither model has seen the rows, so
   * either share above the limit fails. Listed only when the spec sets the limit or a share is
   * above zero; otherwise there is nothing to say.
   */
  public static Optional<Check> overlap(GateSpec gate, String reference, String version, Double champion,
      Double challenger) {
    double limit = gate.trainOverlapLimit();
    boolean above = champion != null && champion > 0 || challenger != null && challenger > 0;
    if (gate.maxTrainOverlap() == null && !above) {
      return Optional.empty();
    }
    return Optional.of(new Check(reference, version, champion, challenger, OVERLAP + " <= " + num(limit),
        (champion == null || champion <= limit) && (challenger == null || challenger <= limit)));
  }

  /** The latency check: the challenger's p95 against {@code max_latency_ms}. */
  public static Check latency(GateSpec gate, Double championP95, double challengerP95) {
    return new Check("latency p95 ms", "benchmarks", championP95, challengerP95,
        "p95 <= " + num(gate.maxLatencyMs()) + " ms", challengerP95 <= gate.maxLatencyMs());
  }

  /** How much worse the challenger is than the champion in the metric's direction (negative: better). */
  static Double worsening(GateSpec gate, Double champion, Double challenger) {
    if (champion == null || challenger == null) {
      return null;
    }
    return gate.higherIsBetter() ? champion - challenger : challenger - champion;
  }

  /** The aligned table: reference, version, champion, challenger, threshold, result. */
  public static List<String> table(List<Check> checks) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"reference", "version", "champion", "challenger", "threshold", "result"});
    for (Check c : checks) {
      rows.add(new String[] {c.reference(), c.version(), value(c.champion()), value(c.challenger()), c.threshold(),
          c.pass() ? "pass" : "FAIL"});
    }
    int[] width = new int[6];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(i == 0 ? "" : "  ").append(r[i]).append(" ".repeat(width[i] - r[i].length()));
      }
      lines.add(sb.toString().stripTrailing());
    }
    return lines;
  }

  /** One line for the run's error column: how many checks failed and which. */
  public static String summary(List<Check> checks) {
    List<String> failed = checks.stream().filter(c -> !c.pass())
        .map(c -> c.reference() + " " + c.version() + ": " + c.threshold() + " (champion " + value(c.champion())
            + ", challenger " + value(c.challenger()) + ")").toList();
    boolean leak = checks.stream().anyMatch(c -> !c.pass() && c.threshold().startsWith(OVERLAP));
    return failed.size() + " of " + checks.size() + " gate check(s) failed: " + String.join("; ", failed)
        + (leak ? "; evaluation rows occur in the training data of a compared model (leakage check): retrain without "
            + "them, or evaluate on rows it has not seen, or allow a share with gate.max_train_overlap" : "");
  }

  private static String value(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.6f", v);
  }

  private static String num(double v) {
    if (Double.isInfinite(v)) {
      return "inf";
    }
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
