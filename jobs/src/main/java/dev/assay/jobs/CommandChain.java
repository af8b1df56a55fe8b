package dev.assay.jobs;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.errors.UsageErrors;
import dev.assay.run.StepLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Several commands in one process: {@code assay [options] COMMAND ... --then COMMAND ... --then ...}.
 *
 * <p>Why: every launch pays the JVM start, the Spark session, Delta's first snapshot of each table
 * and the JIT and code-generation warm-up before its own work, 10 to 15 s on a 2-core machine, which
 * is most of a small job. A chain pays it once, and its later commands run on warm code (Spark reuses
 * the classes it generated for the same ledger queries). Each command is still a run of its own,
 * with its own run row, rollback and exit code, exactly as if launched alone, so schedulers keep
 * launching commands one by one and a person or a retraining script chains them.
 *
 * <p>The chain behaves like the shell's {@code &&}: it stops at the first command that exits non-zero
 * and exits with that code. Every command is parsed before the first one runs, so a typo in the last
 * command costs nothing. The global options ({@code --warehouse}, {@code --master}, {@code --conf},
 * {@code --quiet}) go before the first command and apply to all: the commands share one session.
 */
final class CommandChain {
  static final String THEN = "--then";

  /** The root options; each takes a value unless it is a flag here. */
  private static final Set<String> GLOBAL = Set.of("--warehouse", "--master", "--conf", "--quiet");
  private static final Set<String> FLAGS = Set.of("--quiet", "-h", "--help", "-V", "--version");

  /** The global options and each command's own arguments, in order. */
  record Steps(List<String> global, List<List<String>> commands) {
    /** The arguments of command {@code i}: the global options, then its own. */
    String[] args(int i) {
      List<String> all = new ArrayList<>(global);
      all.addAll(commands.get(i));
      return all.toArray(String[]::new);
    }

    boolean quiet() {
      return global.contains("--quiet");
    }
  }

  private CommandChain() {}

  static boolean isChain(String[] args) {
    return Arrays.asList(args).contains(THEN);
  }

  /**
   * Splits {@code args} at each {@code --then}; the options before the first command word are the
   * chain's global options.
   */
  static Steps split(String[] args) {
    List<List<String>> segments = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String a : args) {
      if (THEN.equals(a)) {
        segments.add(current);
        current = new ArrayList<>();
      } else {
        current.add(a);
      }
    }
    segments.add(current);
    List<String> first = segments.get(0);
    int command = 0;
    while (command < first.size() && first.get(command).startsWith("-")) {
      String option = first.get(command);
      command += FLAGS.contains(option) || option.contains("=") ? 1 : 2;
    }
    command = Math.min(command, first.size());
    List<String> global = List.copyOf(first.subList(0, command));
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.copyOf(first.subList(command, first.size())));
    commands.addAll(segments.subList(1, segments.size()));
    for (int i = 0; i < commands.size(); i++) {
      if (commands.get(i).isEmpty()) {
        throw UsageErrors.emptyChainStep(i + 1);
      }
      if (i > 0) {
        for (String a : commands.get(i)) {
          String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
          if (GLOBAL.contains(name)) {
            throw UsageErrors.globalOptionInChain(i + 1, name);
          }
        }
      }
    }
    return new Steps(global, commands);
  }

  /**
   * Runs the chain: checks every command's usage with {@code parse} (a non-zero code stops it before
   * anything runs), then runs each with {@code execute} until one exits non-zero.
   */
  static int run(String[] args, Function<String[], Integer> parse, Function<String[], Integer> execute) {
    Steps steps;
    try {
      steps = split(args);
    } catch (AssayException e) {
      System.err.println("assay: " + e.getMessage());
      return e.exitCode().code();
    }
    int n = steps.commands().size();
    for (int i = 0; i < n; i++) {
      int usage = parse.apply(steps.args(i));
      if (usage != ExitCode.SUCCESS.code()) {
        return usage;
      }
    }
    StepLog.setQuiet(steps.quiet());
    for (int i = 0; i < n; i++) {
      List<String> command = steps.commands().get(i);
      StepLog.step("chain", null, "command %d of %d: %s", i + 1, n, String.join(" ", command));
      int code = execute.apply(steps.args(i));
      if (code != ExitCode.SUCCESS.code()) {
        if (i + 1 < n) {
          StepLog.step("chain", null, "stopped: '%s' exited %d, so %d later command(s) did not run", command.get(0),
              code, n - i - 1);
        }
        return code;
      }
    }
    return ExitCode.SUCCESS.code();
  }
}
