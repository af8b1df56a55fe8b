package dev.assay.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Warehouse fixtures that cost a JVM tens of seconds to build through the CLI (the demo tables, the demo
 * ledger), built once per Maven run and copied into each test's own warehouse: the two surefire forks of a run
 * share {@code assay.test.runId} (jobs/pom.xml), and the first JVM to ask builds the fixture in
 * {@code target/shared-warehouses/RUN/NAME} under a file lock while the other waits. A shared fixture is only
 * ever read (copied), so no two JVMs write one Delta table. Without a run id (a test started alone) each
 * fixture is built in place, as before. Absolute paths a fixture holds (models' artifact URIs) keep pointing at
 * the shared copy, which stays until a later run removes it (runs older than {@link #STALE}).
 */
final class SharedWarehouse {
  static final Path ROOT = Path.of("target", "shared-warehouses").toAbsolutePath();
  /** A shared fixture this old is another run's: no test suite takes this long. */
  static final Duration STALE = Duration.ofHours(3);
  private static final String READY = "ready";

  private SharedWarehouse() {}

  /** Fills {@code warehouse} (empty or missing) with fixture {@code name}, which {@code build} makes in a directory. */
  static synchronized void copyInto(String name, Path warehouse, Consumer<Path> build) {
    try {
      String runId = System.getProperty("assay.test.runId", "");
      if (runId.isBlank()) {
        build.accept(Files.createDirectories(warehouse));
        return;
      }
      StandaloneClusterIT.copyTree(shared(runId, name, build), warehouse);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path shared(String runId, String name, Consumer<Path> build) throws IOException {
    Path run = Files.createDirectories(ROOT.resolve(runId));
    Path dir = run.resolve(name);
    try (FileChannel lockFile = FileChannel.open(run.resolve(name + ".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
      if (!Files.exists(dir.resolve(READY))) {
        removeStale(runId);
        // A JVM that died while building left a partial fixture: start over.
        delete(dir);
        build.accept(Files.createDirectories(dir.resolve("warehouse")));
        Files.createFile(dir.resolve(READY));
      }
    }
    return dir.resolve("warehouse");
  }

  /** Removes the fixtures that earlier Maven runs left. */
  private static void removeStale(String runId) throws IOException {
    long cutoff = System.currentTimeMillis() - STALE.toMillis();
    try (Stream<Path> runs = Files.list(ROOT)) {
      for (Path p : (Iterable<Path>) runs::iterator) {
        if (!p.getFileName().toString().equals(runId) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
          delete(p);
        }
      }
    }
  }

  private static void delete(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
  }
}
