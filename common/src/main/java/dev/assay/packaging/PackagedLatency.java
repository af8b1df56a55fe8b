package dev.assay.packaging;

import dev.assay.errors.AssayException;
import dev.assay.ledger.BenchmarkRecord;
import dev.assay.model.SingleRowLatency;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * {@code benchmark}'s third figure: the model exported to a temporary package (golden rows drawn from the
 * benchmark's own input) and loaded in the Spark-free scorer, then timed one row at a time, each row a map of
 * input column to value as a server receives it: the pipeline, the category codes and one booster call per row.
 * A model that has no package yet is not an error here: the record says why it was not measured.
 */
public final class PackagedLatency {
  private static final int GOLDEN_ROWS = 50;
  /** Where the timed predictions' sum goes, so the JIT cannot drop them. */
  private static volatile double sink;

  private PackagedLatency() {}

  /** The record of a model without a package: why it was not measured. */
  public static BenchmarkRecord.PackagedLatency notMeasured(AssayException why) {
    return new BenchmarkRecord.PackagedLatency(null, null, null, "not measured: " + why.getMessage());
  }

  /**
   * Measures over at most {@code maxRows} rows of {@code r.goldenSource()} after {@code warmup} untimed passes; an
   * ensemble or a stack is exported with its members.
   */
  public static BenchmarkRecord.PackagedLatency measure(ExportPackage.Request r, int maxRows, int warmup) {
    Path dir;
    try {
      dir = Files.createTempDirectory("assay-benchmark-package");
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make a temporary directory for the benchmark's package", e);
    }
    try {
      try {
        ExportPackage.export(r.withGoldenRows(Math.min(GOLDEN_ROWS, maxRows)).withTarget(dir));
      } catch (AssayException e) {
        return notMeasured(e);
      }
      try (ModelPackage p = ModelPackage.load(dir)) {
        List<String> inputs = p.manifest().inputs().stream().map(Manifest.Input::name).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : r.goldenSource().limit(maxRows).collectAsList()) {
          Map<String, Object> values = new LinkedHashMap<>();
          inputs.forEach(c -> values.put(c, row.getAs(c)));
          rows.add(values);
        }
        double sum = 0;
        for (int w = 0; w < warmup; w++) {
          for (Map<String, Object> row : rows) {
            sum += p.predict(row).prediction();
          }
        }
        long[] nanos = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
          long t0 = System.nanoTime();
          sum += p.predict(rows.get(i)).prediction();
          nanos[i] = System.nanoTime() - t0;
        }
        sink = sum;
        Arrays.sort(nanos);
        return new BenchmarkRecord.PackagedLatency(SingleRowLatency.percentile(nanos, 0.50),
            SingleRowLatency.percentile(nanos, 0.95), SingleRowLatency.percentile(nanos, 0.99),
            String.format("ModelPackage.predict(row map) in the Spark-free scorer, %d rows, %d warm-up pass(es)",
                rows.size(), warmup));
      }
    } finally {
      ExportPackage.deleteQuietly(dir);
    }
  }
}
