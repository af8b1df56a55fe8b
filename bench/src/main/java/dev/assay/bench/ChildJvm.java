package dev.assay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM on the bench's own classpath, with the project's Java 17 flags and logging. */
final class ChildJvm {
  private ChildJvm() {}

  static List<String> command(Path root, String heap, Class<?> main, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+UseParallelGC"));
    for (String line : Files.readAllLines(root.resolve("conf/jvm/java17.flags"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        cmd.add(line.trim());
      }
    }
    cmd.add("-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    return cmd;
  }
}
