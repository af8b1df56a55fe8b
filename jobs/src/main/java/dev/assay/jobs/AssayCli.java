package dev.assay.jobs;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spec.Secrets;
import dev.assay.version.CodeVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * The one entry point of Assay: {@code assay <command>}, locally through {@code scripts/assay} or as
 * the {@code --class} of spark-submit. It parses, delegates to a command, and exits with the
 * documented code; the work itself lives in the common library.
 */
@Command(name = "assay", mixinStandardHelpOptions = true, versionProvider = AssayCli.Version.class,
    description = "Reproducible training and evaluation on Spark, Delta and XGBoost.",
    subcommands = {DemoDataCommand.class, IngestCommand.class, TrainCommand.class, EvaluateCommand.class,
        LedgerCommand.class, SqlCommand.class, VerifyCommand.class, ReevaluateCommand.class, GateCommand.class,
        ScoreCommand.class, BenchmarkCommand.class, EnsembleCommand.class, ImportModelCommand.class,
        RetrainCommand.class, ReportCommand.class, MonitorCommand.class, ExportCommand.class,
        ServeCommand.class},
    footer = {"", "Chain commands in one process (one JVM and Spark session, each still its own run):",
        "  assay [--warehouse DIR] [--conf k=v] COMMAND ... --then COMMAND ... (stops at the first non-zero exit)",
        "", "Exit codes: 0 success or up to date, 1 internal error, 2 usage or spec error, 3 input data error,",
        "4 quality gate failed, 5 reproducibility violation, 6 monitoring check failed, 75 transient (retry)."})
public final class AssayCli implements Runnable {
  @Option(names = "--warehouse", scope = ScopeType.INHERIT,
      description = "Root for relative table names (default: $ASSAY_WAREHOUSE or ./assay-warehouse).")
  String warehouse;

  @Option(names = "--master", scope = ScopeType.INHERIT,
      description = "Spark master when not launched by spark-submit (default: local[*]).")
  String master;

  @Option(names = "--conf", scope = ScopeType.INHERIT, description = "Extra Spark setting key=value (repeatable).")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "No progress lines on stderr.")
  boolean quiet;

  /** Where scheduler variables ({@code AIRFLOW_CTX_*}) are read from; tests pass a map instead. */
  Map<String, String> environment = System.getenv();

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "Missing command: see 'assay --help'");
  }

  public static void main(String[] args) {
    int code = execute(args);
    // spark-submit and schedulers read this; Spark's non-daemon threads must not keep the JVM up.
    System.exit(code);
  }

  /** Runs the CLI and returns the exit code, without exiting (for tests). */
  public static int execute(String... args) {
    return execute(System.getenv(), args);
  }

  /**
   * Runs the CLI with {@code environment} as the process environment for scheduler variables (for tests);
   * a command line with {@code --then} runs as a {@link CommandChain}.
   */
  public static int execute(Map<String, String> environment, String... args) {
    if (CommandChain.isChain(args)) {
      return CommandChain.run(args, a -> parseOnly(environment, a), a -> commandLine(environment).execute(a));
    }
    return commandLine(environment).execute(args);
  }

  /** Exit 2 with the usage message when {@code args} do not parse, else 0; runs nothing. */
  private static int parseOnly(Map<String, String> environment, String[] args) {
    CommandLine cli = commandLine(environment);
    CommandLine.ParameterException wrong;
    try {
      cli.parseArgs(args);
      return ExitCode.SUCCESS.code();
    } catch (CommandLine.ParameterException ex) {
      wrong = ex;
    }
    try {
      return cli.getParameterExceptionHandler().handleParseException(wrong, args);
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static CommandLine commandLine(Map<String, String> environment) {
    AssayCli root = new AssayCli();
    root.environment = environment;
    CommandLine cli = new CommandLine(root);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("assay: " + ex.getMessage());
      ex.getCommandLine().getErr().println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName()
          + " --help' for usage.");
      return ExitCode.USAGE.code();
    });
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof AssayException ae) {
        if (cmd.getCommand() instanceof JobCommand job) {
          Session.recordEarlyFailure(job, ae);
        }
        cmd.getErr().println("assay " + cmd.getCommandName() + " failed (exit " + ae.exitCode().code() + "): "
            + Secrets.redactText(ae.getMessage()));
        return ae.exitCode().code();
      }
      cmd.getErr().println("assay " + cmd.getCommandName() + ": internal error: " + ex);
      ex.printStackTrace(cmd.getErr());
      return ExitCode.INTERNAL.code();
    });
    return cli;
  }

  /** The version line: project version and the git commit it was built from. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      CodeVersion v = CodeVersion.current();
      return new String[] {"assay " + v.projectVersion() + " (" + v.label() + ")"};
    }
  }
}
