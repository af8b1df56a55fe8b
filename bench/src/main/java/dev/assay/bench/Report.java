package dev.assay.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a benchmark run as Markdown (machine at the top, one row per benchmark with medians,
 * min–max, Assay/bare ratio, peak heap and target) and as CSV (one row per side, every sample).
 */
final class Report {
  private Report() {}

  /** Writes (or rewrites) this run's report; {@code last} also prints it and says where it went. */
  static void write(BenchConfig config, Map<String, String> machine, List<Result> results,
      List<CommandProfile> profiles, String stamp, boolean last) throws IOException {
    Files.createDirectories(config.resultsDir());
    String name = "bench-" + stamp + (config.quick() ? "-quick" : "");
    Path md = config.resultsDir().resolve(name + ".md");
    Path csv = config.resultsDir().resolve(name + ".csv");
    Files.writeString(md, markdown(config, machine, results) + CommandProfile.markdown(profiles));
    Files.writeString(csv, csv(results));
    Files.copy(md, config.resultsDir().resolve(config.quick() ? "latest-quick.md" : "latest.md"),
        StandardCopyOption.REPLACE_EXISTING);
    if (last) {
      System.out.println(Files.readString(md));
      Bench.log("wrote %s and %s", md, csv);
    }
  }

  static String markdown(BenchConfig config, Map<String, String> machine, List<Result> results) {
    StringBuilder b = new StringBuilder();
    b.append("# Assay benchmark").append(config.quick() ? " (--quick)" : "").append("\n\n");
    machine.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    b.append("- repetitions: ").append(config.reps()).append(" per side, alternating (A B, B A, ...); times are ")
        .append("wall-clock medians (min–max) in seconds; CPU s is the median CPU time of the pass (this JVM's, or ")
        .append("the child process's user + system), which other processes' load inflates much less than wall ")
        .append("time\n\n");
    b.append("| id | benchmark | size | Assay called as | Assay s | bare | bare s | Assay/bare | CPU s Assay / bare "
        + "(ratio) | peak heap MB Assay / bare | target | met |\n");
    b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Result r : results) {
      Result.Stats a = r.assayStats();
      Result.Stats bare = r.bareStats();
      Boolean met = r.target().met(r);
      b.append("| ").append(r.id()).append(" | ").append(r.what()).append(" | ").append(r.size()).append(" | ")
          .append(r.assayHow()).append(" | ").append(range(a)).append(" | ").append(r.bareHow()).append(" | ")
          .append(bare == null ? "–" : range(bare)).append(" | ")
          .append(Double.isNaN(r.ratio()) ? "–" : String.format(Locale.ROOT, "%.2f", r.ratio())).append(" | ")
          .append(String.format(Locale.ROOT, "%.1f / %s", a.cpuMedian(), bare == null ? "–"
              : String.format(Locale.ROOT, "%.1f (%.2f)", bare.cpuMedian(), r.cpuRatio()))).append(" | ")
          .append(a.peakHeap() >> 20).append(" / ").append(bare == null ? "–" : bare.peakHeap() >> 20).append(" | ")
          .append(r.target().describe()).append(" | ").append(met == null ? "" : met ? "yes" : "**no**")
          .append(" |\n");
    }
    b.append(scaling(results));
    return b.toString();
  }

  /** B5: time and peak heap against rows, with the log-log slope between the smallest and largest size. */
  static String scaling(List<Result> results) {
    StringBuilder b = new StringBuilder();
    for (String what : List.of("train end to end", "binary metrics on cached predictions")) {
      List<Result> rs = results.stream().filter(r -> r.what().equals(what)).toList();
      if (rs.size() < 2) {
        continue;
      }
      Result first = rs.get(0);
      Result last = rs.get(rs.size() - 1);
      double rowsRatio = (double) rows(last) / rows(first);
      b.append("\nB5 scaling, ").append(what).append(": ")
          .append(rs.stream().map(r -> String.format(Locale.ROOT, "%s rows %.2f s (heap %d MB)", rows(rows(r)),
              r.assayStats().median(), r.assayStats().peakHeap() >> 20)).collect(Collectors.joining("; ")))
          .append(String.format(Locale.ROOT, ". Time slope (log-log, %s→%s rows): Assay %.2f, bare %.2f "
                  + "(target ≤ 1.1). Peak heap Assay %d→%d MB, bare %d→%d MB.\n", rows(rows(first)),
              rows(rows(last)), slope(first.assayStats().median(), last.assayStats().median(), rowsRatio),
              slope(first.bareStats().median(), last.bareStats().median(), rowsRatio),
              first.assayStats().peakHeap() >> 20, last.assayStats().peakHeap() >> 20,
              first.bareStats().peakHeap() >> 20, last.bareStats().peakHeap() >> 20));
    }
    return b.toString();
  }

  static double slope(double t0, double t1, double rowsRatio) {
    return Math.log(t1 / t0) / Math.log(rowsRatio);
  }

  static String csv(List<Result> results) {
    StringBuilder b = new StringBuilder("id,benchmark,size,side,called_as,median_s,min_s,max_s,cpu_median_s,"
        + "peak_heap_mb,samples_s,ratio_assay_over_bare,cpu_ratio,target,met\n");
    for (Result r : results) {
      for (String side : List.of("assay", "bare")) {
        List<Sample> samples = side.equals("assay") ? r.assay() : r.bare();
        Result.Stats s = side.equals("assay") ? r.assayStats() : r.bareStats();
        if (s == null) {
          continue;
        }
        Boolean met = r.target().met(r);
        List<String> cells = new ArrayList<>(List.of(r.id(), r.what(), r.size(), side,
            side.equals("assay") ? r.assayHow() : r.bareHow(), fmt(s.median()), fmt(s.min()), fmt(s.max()),
            fmt(s.cpuMedian()), Long.toString(s.peakHeap() >> 20),
            samples.stream().map(x -> fmt(x.seconds())).collect(Collectors.joining(";")),
            Double.isNaN(r.ratio()) ? "" : fmt(r.ratio()), Double.isNaN(r.cpuRatio()) ? "" : fmt(r.cpuRatio()),
            r.target().describe(), met == null ? "" : met.toString()));
        b.append(cells.stream().map(Report::quote).collect(Collectors.joining(","))).append('\n');
      }
    }
    return b.toString();
  }

  private static String range(Result.Stats s) {
    return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", s.median(), s.min(), s.max());
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** Rows of a result, from the leading number of its size label. */
  static long rows(Result r) {
    String n = r.size().split(" ")[0];
    return parseRows(n);
  }

  static long parseRows(String n) {
    if (n.endsWith("M")) {
      return (long) (Double.parseDouble(n.substring(0, n.length() - 1)) * 1_000_000);
    }
    if (n.endsWith("k")) {
      return (long) (Double.parseDouble(n.substring(0, n.length() - 1)) * 1_000);
    }
    return Long.parseLong(n);
  }

  /** 1000000 as 1M, 20000 as 20k. */
  static String rows(long n) {
    if (n >= 1_000_000 && n % 100_000 == 0) {
      return new BigDecimal(n).movePointLeft(6).stripTrailingZeros().toPlainString() + "M";
    }
    if (n >= 1_000 && n % 100 == 0) {
      return new BigDecimal(n).movePointLeft(3).stripTrailingZeros().toPlainString() + "k";
    }
    return Long.toString(n);
  }
}
