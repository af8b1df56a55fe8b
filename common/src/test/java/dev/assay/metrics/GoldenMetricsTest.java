package dev.assay.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link MetricCodeVersion}: every metric over fixed predictions must keep its exact bits
 * while the version stays the same. A change of meaning or numerics must bump the version and add
 * a golden file for it ({@code -Dassay.golden.write=true} writes it to src/test/resources/golden).
 */
class GoldenMetricsTest {
  /** 60 predictions with ties, both classes, scores at 0 and 1 and at the threshold. */
  static List<double[]> binaryPredictions() {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      double score = (i % 13) / 12.0;
      int label = (i * 7 + 3) % 5 < 2 ? 1 : 0;
      if (i % 11 == 0) {
        score = 0.5;
      }
      rows.add(new double[] {label, score});
    }
    return rows;
  }

  /** {@link #binaryPredictions()} as one bin per distinct score, descending. */
  static List<ScoreBin> binaryBins() {
    TreeMap<Double, long[]> bins = new TreeMap<>(Comparator.reverseOrder());
    for (double[] r : binaryPredictions()) {
      bins.computeIfAbsent(r[1], k -> new long[2])[r[0] == 1 ? 0 : 1]++;
    }
    List<ScoreBin> list = new ArrayList<>();
    bins.forEach((s, c) -> list.add(new ScoreBin(s, c[0], c[1])));
    return list;
  }

  static Map<String, MetricValue> compute() {
    List<ScoreBin> list = binaryBins();
    long pos = list.stream().mapToLong(ScoreBin::positives).sum();
    long neg = list.stream().mapToLong(ScoreBin::negatives).sum();
    Map<String, MetricValue> out = new LinkedHashMap<>();
    for (MetricValue v : BinaryMetrics.compute(pos, neg, list.iterator(), 0.5)) {
      out.put("binary." + v.metric(), v);
    }
    RegressionSums sums = new RegressionSums();
    for (int i = 0; i < 60; i++) {
      double y = Math.sin(i) * 10 + i * 0.1;
      sums.add(y, y + Math.cos(i * 3) * 0.7 - 0.05);
    }
    for (MetricValue v : RegressionMetrics.compute(sums)) {
      out.put("regression." + v.metric(), v);
    }
    MulticlassSums multiclass = new MulticlassSums(3);
    for (int i = 0; i < 60; i++) {
      int label = (i * 5 + 1) % 7 % 3;
      double a = ((i * 37) % 11 + 1) / 13.0;
      double b = (1 - a) * (((i * 13) % 7 + 1) / 9.0);
      // Exact ties between classes every ninth row, to pin the lowest-index rule.
      double[] p = i % 9 == 0 ? new double[] {0.4, 0.4, 0.2} : new double[] {a, b, 1 - a - b};
      multiclass.add(label, p);
    }
    for (MetricValue v : MulticlassMetrics.compute(multiclass)) {
      out.put("multiclass." + v.metric(), v);
    }
    // The replicate weights define every stored interval: pin them too.
    long checksum = 0;
    for (int b = 0; b < 50; b++) {
      for (int row = 0; row < 200; row++) {
        checksum += (long) Bootstrap.weight(7, b, row * 1_000_003L) * (b + 1) * (row + 1);
      }
    }
    out.put("bootstrap.weight_checksum", MetricValue.ok("weight_checksum", (double) checksum));
    out.put("bootstrap.lower_index_200_0.95", MetricValue.ok("lower_index", Bootstrap.lowerIndex(200, 0.95)));
    return out;
  }

  static String render(Map<String, MetricValue> values) {
    StringBuilder b = new StringBuilder();
    values.forEach((k, v) -> b.append(k).append('=').append(v.value() == null ? v.status()
        : Long.toHexString(Double.doubleToRawLongBits(v.value()))).append('\n'));
    return b.toString();
  }

  @Test
  void metricBitsAreFixedForThisMetricCodeVersion() throws IOException {
    String name = "golden/metrics-v" + MetricCodeVersion.VERSION + ".txt";
    String actual = render(compute());
    if (Boolean.getBoolean("assay.golden.write")) {
      Path p = Path.of("src/test/resources", name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, actual);
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        fail("No golden file %s for metric code version %s: create it with -Dassay.golden.write=true once the "
            + "new values are intended", name, MetricCodeVersion.VERSION);
        return;
      }
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(actual)
          .as("Metric values changed while MetricCodeVersion.VERSION stayed %s: if intended, bump the version "
              + "and add a golden file for it", MetricCodeVersion.VERSION)
          .isEqualTo(expected);
    }
  }
}
