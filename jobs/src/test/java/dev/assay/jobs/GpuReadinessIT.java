package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in ({@code -Dassay.gpuReadiness=true}, needs target/gpu-jars from {@code mvn -Pgpu package}):
 * {@code scripts/gpu-readiness} in its own JVM (one RAPIDS set-up per JVM) reports every stage,
 * operator by operator, with the GPU-eligible share after the Delta scan.
 */
@Tag("gpu-readiness")
@EnabledIfSystemProperty(named = "assay.gpuReadiness", matches = "true")
class GpuReadinessIT {
  static final Pattern FIGURE = Pattern.compile("GPU-eligible operators after the scan: (\\d+) of (\\d+) "
      + "\\(([0-9.]+)%\\)");

  @Test
  void reportsEachStageOperatorByOperatorAndTheShareAfterTheScan() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Process p = new ProcessBuilder(root.resolve("scripts/gpu-readiness").toString())
        .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(new File("target/gpu-readiness.log")))
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("stage train: ", "stage features: ", "stage scoring: ", "stage metrics: ",
        "[scan/write, not counted] ", "FileSourceScanExec: unsupported file format: "
            + "org.apache.spark.sql.delta.DeltaParquetFileFormat");
    Matcher m = FIGURE.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    int gpu = Integer.parseInt(m.group(1));
    int all = Integer.parseInt(m.group(2));
    assertThat(all).isPositive();
    assertThat(Double.parseDouble(m.group(3))).isCloseTo(100.0 * gpu / all, Offset.offset(0.05));
    // Each operator left on CPU is listed with its reason (the report's exception list).
    long cpuLines = out.lines().filter(l -> l.startsWith("  ") && l.contains("Exec: ") && !l.contains("not counted"))
        .count();
    assertThat(cpuLines > 0).isEqualTo(gpu < all);
  }
}
