package dev.assay.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One benchmark row: what was measured, how Assay was called, and the timed passes of both sides
 * (bare may be empty when there is no bare counterpart, e.g. a no-op run).
 */
public record Result(String id, String what, String size, String assayHow, String bareHow, List<Sample> assay,
    List<Sample> bare, Target target) {

  public Result {
    assay = List.copyOf(assay);
    bare = List.copyOf(bare);
  }

  /** Median, min and max seconds, and the largest peak heap, of some passes. */
  public record Stats(double median, double min, double max, long peakHeap, double cpuMedian) {
    static Stats of(List<Sample> samples) {
      if (samples.isEmpty()) {
        return null;
      }
      List<Double> s = new ArrayList<>(samples.stream().map(Sample::seconds).toList());
      s.sort(Comparator.naturalOrder());
      int n = s.size();
      double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
      long heap = samples.stream().mapToLong(Sample::peakHeapBytes).max().orElse(0);
      List<Double> c = new ArrayList<>(samples.stream().map(Sample::cpuSeconds).toList());
      c.sort(Comparator.naturalOrder());
      double cpu = n % 2 == 1 ? c.get(n / 2) : (c.get(n / 2 - 1) + c.get(n / 2)) / 2;
      return new Stats(median, s.get(0), s.get(n - 1), heap, cpu);
    }
  }

  public Stats assayStats() {
    return Stats.of(assay);
  }

  public Stats bareStats() {
    return Stats.of(bare);
  }

  /** Assay's median CPU seconds over bare's, or NaN without a bare side. */
  public double cpuRatio() {
    Stats b = bareStats();
    return b == null || b.cpuMedian() == 0 ? Double.NaN : assayStats().cpuMedian() / b.cpuMedian();
  }

  /** Assay's median over bare's median, or NaN without a bare side. */
  public double ratio() {
    Stats b = bareStats();
    return b == null || b.median() == 0 ? Double.NaN : assayStats().median() / b.median();
  }
}
