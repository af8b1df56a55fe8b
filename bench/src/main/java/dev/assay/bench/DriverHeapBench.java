package dev.assay.bench;

import dev.assay.errors.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B10: binary metrics of N predictions with distinct scores in a child JVM whose whole heap is
 * {@value #HEAP} ({@link DriverHeapChild}, {@code local[2]}: driver and executors share it). Why a
 * child: the point is that the driver's memory does not grow with the number of distinct scores,
 * and only a process with a small heap of its own shows that (this JVM has several GB and holds the
 * bench's session). Reports the child's wall and CPU seconds of the metric pass and its peak heap;
 * Assay only (the path it replaced is run by hand, see docs/performance.md).
 */
final class DriverHeapBench {
  static final String HEAP = "1g";
  private static final Pattern LINE = Pattern.compile(
      "B10 seconds=([0-9.]+) cpu=([0-9.]+) peak_heap_mb=([0-9]+) roc_auc=([0-9.]+)");
  private final Bench bench;

  DriverHeapBench(Bench bench) {
    this.bench = bench;
  }

  Result run(long rows, int reps) throws IOException, InterruptedException {
    List<Sample> samples = new ArrayList<>();
    for (int rep = 0; rep < reps; rep++) {
      Sample s = child(rows, rep);
      Bench.log("  B10 assay rep %d: %.2f s (cpu %.2f s), child peak heap %d MB", rep + 1, s.seconds(),
          s.cpuSeconds(), s.peakHeapBytes() >> 20);
      samples.add(s);
    }
    Result r = new Result("B10", "binary metrics, driver heap " + HEAP, Report.rows(rows)
        + " predictions, distinct scores", "ComputeMetrics.binary in a child JVM with -Xmx" + HEAP + " (local[2])",
        "–", samples, List.of(), Target.NONE);
    Bench.log("B10 %s rows: median %.2f s, peak heap %d MB", Report.rows(rows), r.assayStats().median(),
        r.assayStats().peakHeap() >> 20);
    return r;
  }

  private Sample child(long rows, int rep) throws IOException, InterruptedException {
    List<String> cmd = ChildJvm.command(bench.config().root(), HEAP, DriverHeapChild.class,
        List.of(Long.toString(rows), "ranged"));
    Path log = bench.runDir().resolve("b10-" + rows + "-" + rep + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    int code = pb.start().waitFor();
    String out = Files.readString(log);
    Matcher m = LINE.matcher(out);
    Preconditions.checkState(code == 0 && m.find(), "Cannot benchmark B10 at %s rows: the child exited with %s; "
        + "see %s", rows, code, log);
    Bench.log("  B10 roc_auc %s", m.group(4));
    return new Sample(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
        Long.parseLong(m.group(3)) << 20);
  }
}
