package dev.assay.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code /usr/bin/chromium}) for page tests: a fresh profile per call, no
 * network services, a virtual time budget so scripts finish before the DOM dump or screenshot.
 */
final class Chromium {
  static final Path BINARY = Path.of(System.getProperty("assay.chromium", "/usr/bin/chromium"));

  /** What one run printed: stdout (the DOM with --dump-dom) and stderr (logging, console lines). */
  record Output(String out, String err) {}

  private Chromium() {}

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Renders {@code page} and returns the DOM after scripts ran. */
  static Output dumpDom(Path page) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toUri().toString()));
  }

  /** Renders {@code page} into a PNG of {@code width} x {@code height} pixels. */
  static Output screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
    return run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", page.toUri().toString()));
  }

  private static Output run(List<String> args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("assay-chromium");
    Path out = Files.createTempFile("assay-chromium", ".out");
    Path err = Files.createTempFile("assay-chromium", ".err");
    try {
      List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
          "--virtual-time-budget=15000", "--window-size=1400,1000"));
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      // A guard against a hung browser, not a timing assertion.
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("chromium did not finish in 180 s: " + Files.readString(err));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
      }
      return new Output(Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
