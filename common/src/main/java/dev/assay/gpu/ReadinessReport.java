package dev.assay.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPU placement of Assay's queries, operator by operator, from RAPIDS' explain output: per
 * stage (feature pipeline, scoring, metrics) each physical operator with whether it would run on
 * GPU and, if not, why. Scans are reported but not counted: RAPIDS 25.04 does not accelerate Delta
 * scans on Spark 3.5.5, so the figure is the share of GPU-eligible operators after the scan.
 */
public final class ReadinessReport {
  /** {@code *Exec <ProjectExec> will run on GPU} / {@code !Exec <X> cannot run on GPU because R}. */
  private static final Pattern EXEC = Pattern.compile("^\\s*([*!@])Exec <(\\w+)> (.*)$");
  private static final Pattern EXPRESSION = Pattern.compile("^\\s*!Expression <(\\w+)> (.*)$");

  /** One operator occurrence: stage, operator, GPU-eligible, the reason when not. */
  public record Operator(String stage, String name, boolean onGpu, String reason) {
    /** The Delta scan and write themselves: not accelerated by RAPIDS 25.04 on Spark 3.5.5, and not counted. */
    public boolean isScan() {
      return name.equals("FileSourceScanExec") || name.equals("BatchScanExec") || name.equals("ExecutedCommandExec")
          || name.equals("DataWritingCommandExec");
    }
  }

  private final List<Operator> operators = new ArrayList<>();

  /** Adds the Exec lines of one stage's captured explain output. */
  public void add(String stage, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = EXEC.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      boolean gpu = m.group(1).equals("*");
      String reason = null;
      if (!gpu) {
        Set<String> why = new LinkedHashSet<>();
        why.add(because(m.group(3)));
        // The expressions under a CPU operator say which of them keep it there.
        for (int j = i + 1; j < lines.size() && !EXEC.matcher(lines.get(j)).matches(); j++) {
          Matcher e = EXPRESSION.matcher(lines.get(j));
          if (e.matches()) {
            why.add(e.group(1) + ": " + because(e.group(2)));
          }
        }
        reason = String.join("; ", why);
      }
      operators.add(new Operator(stage, m.group(2), gpu, reason));
    }
  }

  private static String because(String rest) {
    int at = rest.indexOf("because ");
    return (at >= 0 ? rest.substring(at + 8) : rest).trim();
  }

  public List<Operator> operators() {
    return List.copyOf(operators);
  }

  /** Operators after the scan (scans excluded) that would run on GPU, in percent; 100 when there are none. */
  public double percentAfterScan() {
    long counted = operators.stream().filter(o -> !o.isScan()).count();
    long gpu = operators.stream().filter(o -> !o.isScan() && o.onGpu()).count();
    return counted == 0 ? 100.0 : 100.0 * gpu / counted;
  }

  /** Operators after the scan that would stay on CPU. */
  public List<Operator> exceptions() {
    return operators.stream().filter(o -> !o.isScan() && !o.onGpu()).toList();
  }

  /** A report for people: per stage, each distinct operator with counts and reasons, then the figure. */
  public String text() {
    StringBuilder b = new StringBuilder();
    Map<String, Map<String, int[]>> byStage = new LinkedHashMap<>();
    for (Operator o : operators) {
      int[] n = byStage.computeIfAbsent(o.stage(), k -> new LinkedHashMap<>())
          .computeIfAbsent(o.name(), k -> new int[2]);
      n[o.onGpu() ? 0 : 1]++;
    }
    byStage.forEach((stage, ops) -> {
      b.append("stage ").append(stage).append('\n');
      ops.forEach((name, n) -> {
        String where = n[1] == 0 ? "GPU" : n[0] == 0 ? "CPU" : "GPU " + n[0] + "x, CPU " + n[1] + "x";
        b.append(String.format(Locale.ROOT, "  %-26s %s%n", name, where));
      });
    });
    b.append("on CPU (each distinct operator and reason):\n");
    operators.stream().filter(o -> !o.onGpu())
        .map(o -> "  " + (o.isScan() ? "[scan/write, not counted] " : "") + o.stage().split(":")[0] + " " + o.name()
            + ": " + o.reason())
        .distinct().forEach(l -> b.append(l).append('\n'));
    long counted = operators.stream().filter(o -> !o.isScan()).count();
    b.append(String.format(Locale.ROOT, "GPU-eligible operators after the scan: %d of %d (%.1f%%)%n",
        counted - exceptions().size(), counted, percentAfterScan()));
    return b.toString();
  }
}
