package dev.assay.scorer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import dev.assay.scorer.PackageException;
import dev.assay.scorer.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LightGBM package exported by Assay ({@code scripts/make-package-fixtures}: SynapseML trained it, Spark scored
 * its 40 golden rows) loaded where neither Spark nor SynapseML is: the scorer loads LightGBM's native library from
 * the {@code lightgbmlib} jar itself and reproduces every golden row bit for bit; a changed model file is refused.
 */
class LightGBMPackageTest {
  private static final Path FIXTURE = Path.of("src", "test", "resources", "packages", "churn-lgbm");

  @Test
  void aPackageLoadsWithoutSynapseMlAndReproducesSparksGoldenRows() {
    try (ModelPackage p = ModelPackage.load(FIXTURE)) {
      assertThat(p.manifest().model().algorithm()).isEqualTo(Manifest.Algorithm.LIGHTGBM);
      assertThat(p.manifest().golden().rows()).isEqualTo(40);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("tenure_months", 23);
      row.put("monthly_charges", 54.77);
      row.put("total_charges", 1297.27);
      row.put("support_calls", 0);
      row.put("age", 36);
      row.put("usage_gb", 0.0);
      row.put("plan", "standard");
      row.put("region", "central");
      row.put("payment_method", "invoice");
      Prediction first = p.predict(row);
      // golden.jsonl's first row, as Spark's score gave it
      assertThat(first.probability()).isEqualTo(0.12203768540893863);
      assertThat(first.prediction()).isZero();
    }
  }

  @Test
  void aChangedModelIsRefusedBeforeItScores(@TempDir Path tmp) throws IOException {
    Path copy = tmp.resolve("pkg");
    try (Stream<Path> files = Files.walk(FIXTURE)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Files.copy(f, copy.resolve(FIXTURE.relativize(f).toString()));
      }
    }
    Path model = copy.resolve("model/lightgbm.txt");
    Files.writeString(model, Files.readString(model).replaceFirst("shrinkage=0.1", "shrinkage=0.2"));
    assertThatThrownBy(() -> ModelPackage.load(copy)).isInstanceOf(PackageException.class)
        .hasMessageStartingWith("Cannot load the model package " + copy + ": model/lightgbm.txt has SHA-256 ");
  }
}
