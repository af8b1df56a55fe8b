package dev.assay.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process against one warehouse and captures exit code, stdout and stderr. */
final class CliRun {
  /** One CLI invocation's exit code and output. */
  record Result(int code, String out, String err) {}

  private CliRun() {}

  static Result in(Path warehouse, String... args) {
    return in(warehouse.toString(), System.getenv(), args);
  }

  /** The same with {@code environment} in place of the process environment (scheduler variables). */
  static Result in(Path warehouse, Map<String, String> environment, String... args) {
    return in(warehouse.toString(), environment, args);
  }

  /** A warehouse given as text: URIs such as {@code hdfs://host:port/dir} (a Path would drop a slash). */
  static Result in(String warehouse, String... args) {
    return in(warehouse, System.getenv(), args);
  }

  static Result in(String warehouse, Map<String, String> environment, String... args) {
    List<String> all = new ArrayList<>(List.of("--warehouse", warehouse, "--quiet"));
    all.addAll(List.of(args));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = AssayCli.execute(environment, all.toArray(String[]::new));
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
