package dev.assay.jobs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the project's {@code scripts/*} in a child process with this JVM's Java 17. */
final class ScriptRun {
  /** A finished script: exit code, stdout and stderr. */
  record Result(int code, String out, String err) {}

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final long TIMEOUT_MINUTES = Long.getLong("assay.script.timeoutMinutes", 30);

  private ScriptRun() {}

  static Result run(Path logDir, Map<String, String> env, String script, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ROOT.resolve("scripts").resolve(script).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("SPARK_HOME");
    pb.environment().putAll(env);
    Files.createDirectories(logDir);
    Path out = Files.createTempFile(logDir, script + "-", ".out");
    Path err = Files.createTempFile(logDir, script + "-", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    // Generous: one cluster job took about 12 minutes on two cores shared with ~25 busy threads.
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("scripts/" + script + " " + String.join(" ", args) + " did not finish in "
          + TIMEOUT_MINUTES + " minutes (stderr: " + err + ")");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A TCP port free on loopback right now, so that two test runs do not clash on fixed ports. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
