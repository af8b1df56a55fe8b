package dev.assay.errors;

import static dev.assay.errors.ExitCode.USAGE;

import java.util.Collection;

/**
 * Usage errors (exit 2) about command-line options and what a command was asked to do, as opposed
 * to what the spec says ({@link SpecErrors}).
 */
public final class UsageErrors {
  private UsageErrors() {}

  public static AssayException modelOrPredictions() {
    return USAGE.fail("Pass exactly one of --model NAME[:VERSION] and --predictions TABLE");
  }

  public static AssayException gpuWithPredictions() {
    return USAGE.fail("Option --gpu does not apply to --predictions: external predictions "
        + "are only measured, which runs on CPU");
  }

  public static AssayException predictionsWithoutNameOrSpec() {
    return USAGE.fail("Option --predictions needs --name NAME and --spec FILE (the spec's "
        + "data.eval, features.id, features.label, model.task and metrics.threshold); --eval is not used with it");
  }

  public static AssayException evalOptionForm(String text) {
    return USAGE.fail("Option --eval '" + text + "': expected NAME=TABLE[@VERSION]");
  }

  public static AssayException evalOptionInvalid(String text, String problem) {
    return USAGE.fail("Option --eval '" + text + "': " + problem);
  }

  public static AssayException tableOptionInvalid(String option, String text, String problem) {
    return USAGE.fail("Option " + option + " '" + text
        + "': expected TABLE[@VERSION] (" + problem + ")");
  }

  public static AssayException modelOptionVersion(String text) {
    return USAGE.fail("Option --model '" + text
        + "': version must be a number, e.g. churn-xgb:2");
  }

  public static AssayException modelVersionOptionForm(String option, String ref) {
    return USAGE.fail("Option " + option + " '" + ref + "': expected NAME:VERSION, "
        + "e.g. churn-xgb:2");
  }

  public static AssayException stageOption(String stage, Collection<String> stages) {
    return USAGE.fail("Option --stage '" + stage + "': must be one of "
        + String.join(", ", stages));
  }

  public static AssayException minNewRowsOption(Object minNewRows) {
    return USAGE.fail("Option --min-new-rows " + minNewRows + ": must be >= 0");
  }

  public static AssayException minDriftOption(Object minDrift) {
    return USAGE.fail("Option --min-drift " + minDrift + ": must be a PSI >= 0, e.g. 0.1");
  }

  public static AssayException skipExitCodeOption(int skipExitCode) {
    return USAGE.fail("Option --skip-exit-code " + skipExitCode + ": must be 0 or an "
        + "unused code in 7..255 other than 75 (0-6 and 75 already mean something), e.g. 99");
  }

  public static AssayException benchmarkOptions(int warmup, int repeat, Object rows) {
    return USAGE.fail("Cannot benchmark with --warmup %d --repeat %d --rows "
        + "%s: warmup must be >= 0, repeat >= 1 and rows >= 1", warmup, repeat, rows);
  }

  public static AssayException ensembleNameOption(String name) {
    return USAGE.fail("Option --name '%s' is not a model name: use "
        + "lowercase letters, digits, '_', '.', '-' (at most 64 characters)", name);
  }

  public static AssayException nothingToEvaluate() {
    return USAGE.fail("Nothing to evaluate on: pass --eval NAME=TABLE[@VERSION] or a --spec with data.eval references");
  }

  public static AssayException unknownLedgerView(String view) {
    return USAGE.fail("Unknown ledger view '" + view
        + "': use one of runs, models, metrics, leaderboard, drift, register, check");
  }

  public static AssayException queryNotParsed(String problem, Throwable cause) {
    return USAGE.fail(cause, "Cannot parse the query: " + problem);
  }

  public static AssayException queryNotRun(String problem, Collection<String> views, Throwable cause) {
    return USAGE.fail(cause, "Cannot run the query: " + problem
        + " (tables: assay.runs, assay.models, assay.metrics, assay.benchmarks; views: "
        + String.join(", ", views) + ")");
  }

  public static AssayException queryNotReadOnly(String statement) {
    return USAGE.fail("Cannot run the query: assay sql only reads, and Spark plans this statement as %s (it "
        + "would write, change a table, the catalog or the session, or load code); run SELECT, WITH, SHOW, DESCRIBE "
        + "or EXPLAIN, and change the ledger only through Assay's commands", statement);
  }

  public static AssayException queryCallsJava(String function) {
    return USAGE.fail("Cannot run the query: function %s calls Java methods by reflection, which assay sql does "
        + "not allow; use Spark SQL's built-in functions", function);
  }

  public static AssayException reportDirectoryMissing(Object out, Object dir) {
    return USAGE.fail("Cannot write the report to %s: directory %s does not "
        + "exist; create it or choose another --out", out, dir);
  }

  public static AssayException reportNotWritable(Object out, String problem, Throwable cause) {
    return USAGE.fail(cause, "Cannot write the report to %s: %s; choose a writable "
        + "--out", out, problem);
  }

  public static AssayException reportMetricUnknown(String asked, Collection<String> available) {
    return USAGE.fail("Cannot plot metric '%s': the ledger has no "
        + "whole-dataset values of it; use one of %s", asked, available);
  }

  public static AssayException emptyChainStep(int position) {
    return USAGE.fail("Cannot run command " + position + " of the chain: nothing follows its --then; write "
        + "'assay [options] COMMAND ... --then COMMAND ...', one command after each --then");
  }

  public static AssayException globalOptionInChain(int position, String option) {
    return USAGE.fail("Cannot set " + option + " on command " + position + " of the chain: the chain's commands "
        + "share one Spark session and warehouse, so --warehouse, --master, --conf and --quiet go before the "
        + "first command and apply to all of them");
  }
}
