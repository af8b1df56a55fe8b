package dev.assay.jobs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in its own JVM (the built application jar on Spark's classpath, as {@code scripts/assay}
 * runs it), for tests that kill a job or run several at once. Integration tests only: failsafe
 * passes the jar, the classpath file and the Java 17 flags as system properties.
 */
final class ChildCli {
  private final Process process;
  private final Path stderr;

  private ChildCli(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /**
   * Starts {@code assay --warehouse W ARGS} in local[1] with a small heap and one JIT thread (eight of
   * these share two cores in the concurrency test); stderr, with the step lines, goes to a file in logs.
   */
  static ChildCli start(Path warehouse, Path logs, Map<String, String> env, String... args) throws IOException {
    String appJar = System.getProperty("assay.app.jar");
    String sparkCp = Files.readString(Path.of(System.getProperty("assay.spark.classpath"))).trim();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=1"));
    cmd.addAll(Arrays.asList(System.getProperty("assay.java17.flags").trim().split("\\s+")));
    cmd.add("-Dlog4j2.configurationFile=" + ScriptRun.ROOT.resolve("conf/log4j2.properties"));
    cmd.addAll(List.of("-cp", appJar + File.pathSeparator + sparkCp, "dev.assay.jobs.AssayCli",
        "--master", "local[1]", "--warehouse", warehouse.toString()));
    cmd.addAll(List.of(args));
    Files.createDirectories(logs);
    Path err = Files.createTempFile(logs, args[0] + "-", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    return new ChildCli(pb.start(), err);
  }

  Process process() {
    return process;
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Waits until stderr contains {@code marker}; fails if the process ends or the time runs out first. */
  void awaitStderr(String marker, long minutes) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
    while (!stderr().contains(marker)) {
      if (!process.isAlive()) {
        throw new AssertionError("the job ended (exit " + process.exitValue() + ") before '" + marker + "':\n"
            + stderr());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("no '" + marker + "' within " + minutes + " min:\n" + stderr());
      }
      Thread.sleep(100);
    }
  }

  /** SIGKILL: no shutdown hook, no finally block, no flush runs in the job. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(1, TimeUnit.MINUTES);
  }

  int waitFor(long minutes) throws IOException, InterruptedException {
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the job did not end in " + minutes + " min:\n" + stderr());
    }
    return process.exitValue();
  }
}
