package dev.assay.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import scala.Option;

/**
 * The one shared SparkSession of a test JVM: {@code local[2]}, UI off, four shuffle partitions,
 * Delta enabled. The first session costs seconds; every later test class reuses it.
 */
public abstract class SparkTestBase {
  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = sharedSession();
  }

  public static synchronized SparkSession sharedSession() {
    if (spark == null || spark.sparkContext().isStopped()) {
      spark = AssaySpark.getOrCreate("assay-tests", "local[2]", Map.of(
          "spark.sql.shuffle.partitions", "4",
          "spark.ui.enabled", "false",
          "spark.sql.warehouse.dir", warehouseDir()));
    }
    return spark;
  }

  /**
   * The session catalog's directory, one per test JVM: surefire runs two forks side by side (and other
   * checkouts may run their suites at the same time), so a fixed path would be shared. Removed with its
   * database directories when the JVM exits ({@code deleteOnExit} removes only an empty directory).
   */
  private static String warehouseDir() {
    try {
      Path dir = Files.createTempDirectory("assay-test-warehouse");
      deleteAtExit(dir);
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code body} run with Spark's code generation on (whole-stage and generated expressions only) or off (every
   * expression interpreted, static calls made by reflection), the session's settings restored after.
   */
  public static <T> T withCodegen(boolean codegen, Supplier<T> body) {
    RuntimeConfig conf = sharedSession().conf();
    Option<String> wholeStage = conf.getOption(WHOLE_STAGE);
    Option<String> factoryMode = conf.getOption(FACTORY_MODE);
    conf.set(WHOLE_STAGE, Boolean.toString(codegen));
    conf.set(FACTORY_MODE, codegen ? "CODEGEN_ONLY" : "NO_CODEGEN");
    try {
      return body.get();
    } finally {
      restore(conf, WHOLE_STAGE, wholeStage);
      restore(conf, FACTORY_MODE, factoryMode);
    }
  }

  private static void restore(RuntimeConfig conf, String key, Option<String> value) {
    if (value.isDefined()) {
      conf.set(key, value.get());
    } else {
      conf.unset(key);
    }
  }

  /** Removes {@code root} and everything below it when the test JVM exits (best effort). */
  public static void deleteAtExit(Path root) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
  }

  private static void delete(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
