package dev.assay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NoSparkInMetricsTest {

  /** The metric definitions must stay checkable without a cluster: no Spark or Scala types. */
  @Test
  void metricsPackageDoesNotImportSpark() throws IOException {
    // Surefire runs in the module folder; an IDE may run from the repository root.
    Path dir = Path.of("src/main/java/dev/assay/metrics");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("common").resolve(dir);
    }
    assertThat(dir).isDirectory();
    try (Stream<Path> files = Files.list(dir)) {
      List<String> offenders = files
          .filter(f -> {
            try {
              String source = Files.readString(f);
              return source.contains("import org.apache.spark") || source.contains("import scala.");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(f -> f.getFileName().toString())
          .toList();
      assertThat(offenders).isEmpty();
    }
  }
}
