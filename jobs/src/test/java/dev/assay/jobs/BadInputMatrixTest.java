package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.Option;

/**
 * The bad-input matrix of issue 9: every case runs the CLI in-process against one small demo
 * warehouse and must end with its documented exit code, one line naming what failed, why and how
 * to fix it, a FAILED run row carrying that code and line, and no model, metric, benchmark, score
 * row or artifact of its own. Errors before the job starts count too (issue 14: ensemble and
 * retrain left no row for them).
 */
class BadInputMatrixTest extends SparkTestBase {
  static final String SPEC = AssayCliTest.SPEC;

  @TempDir
  static Path warehouse;

  /** What a case leaves in the ledger besides its error. */
  enum Outcome {
    /** A FAILED row with the exit code and message; nothing else written. */
    FAILED_ROW,
    /** The ledger itself cannot be written: no row anywhere, no ledger created. */
    NO_LEDGER,
    /** A read-only command (records no run): nothing written anywhere. */
    NO_RUN
  }

  /** One bad input: CLI arguments, documented exit code, phrases of the message, the ledger it concerns. */
  record Case(String name, int exit, List<String> phrases, String ledger, Outcome outcome, String[] args) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, int exit, List<String> phrases, String... args) {
    return new Case(name, exit, phrases, "ledger", Outcome.FAILED_ROW, args);
  }

  static Case c(String name, int exit, List<String> phrases, String ledger, Outcome outcome, String... args) {
    return new Case(name, exit, phrases, ledger, outcome, args);
  }

  static String spec(String name, String yaml) {
    try {
      Path p = warehouse.resolve("specs").resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, yaml);
      return p.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String trainOn(String table) {
    return "data.train={table: " + table + "}";
  }

  static Stream<Case> cases() {
    String base = specText();
    List<Case> all = new ArrayList<>(List.of(
        c("missing table", 3, List.of("bad/nope' is not a Delta table (no _delta_log found)",
            "create it with 'assay ingest'"), "evaluate", "--model", "m:1", "--eval", "x=bad/nope"),
        c("path that is not a Delta table", 3, List.of("bad/parquet' is not a Delta table"),
            "evaluate", "--model", "m:1", "--eval", "x=bad/parquet"),
        c("version that does not exist", 3, List.of("demo/eval' has no version 99", "available versions are 0..1",
            "pin a version in that range"), "evaluate", "--model", "m:1", "--eval", "x=demo/eval@99"),
        c("vacuumed version", 3, List.of("bad/vacuumed' version 0 cannot be read", "removed (VACUUM)",
            "pin the latest version 3 or restore the files"), "evaluate", "--model", "m:1", "--eval",
                "x=bad/vacuumed@0"),
        c("version and timestamp both", 2, List.of("sets both version and timestamp",
            "use one of version or timestamp"), "train", "--spec", SPEC, "--set", "data.train.timestamp=2026-01-01"),
        c("timestamp before the first commit", 3, List.of("demo/eval' has no version at or before 2001-01-01",
            "use a later timestamp or a version"), "evaluate", "--model", "m:1", "--eval", "x=demo/eval@2001-01-01"),
        c("timestamp in the future", 3, List.of("cannot be read as of 2999-01-01", "use a past timestamp or a version"),
            "evaluate", "--model", "m:1", "--eval", "x=demo/eval@2999-01-01"),
        c("missing feature column", 3, List.of("Table 'demo/train' lacks column(s) [nope] named in the spec",
            "fix the spec's features or the table"), "train", "--spec", SPEC, "--set", "features.numeric=[age, nope]"),
        c("missing label column", 3, List.of("lacks column(s) [outcome]"), "train", "--spec", SPEC,
            "--set", "features.label=outcome"),
        c("missing id column", 3, List.of("lacks column(s) [row_id]"), "train", "--spec", SPEC,
            "--set", "features.id=row_id"),
        c("wrong column type", 3, List.of("column 'plan' has type string but the spec uses it as",
            "list it under the right kind of feature"), "train", "--spec", SPEC, "--set",
                "features.numeric=[age, plan]",
            "--set", "features.categorical=[region]"),
        c("null and NaN labels", 3, List.of("column 'churned' has", "null or NaN label(s)",
            "filter them out or fix the data"),
            "train", "--spec", SPEC, "--set", trainOn("bad/null_labels")),
        c("non-binary label for a binary model", 3, List.of("value(s) other than 0 and 1, but task is binary",
            "map the label to 0/1"), "train", "--spec", SPEC, "--set", trainOn("bad/three_classes")),
        c("empty table", 3, List.of("Table 'bad/empty' has no rows"), "train", "--spec", SPEC, "--set",
            trainOn("bad/empty")),
        c("all-null feature", 3, List.of("Table 'bad/all_null' column 'usage_gb' is null in every row",
            "drop it from features.numeric or fix the data"), "train", "--spec", SPEC, "--set",
                trainOn("bad/all_null")),
        c("infinite feature values", 3, List.of("Table 'bad/infinite' column 'usage_gb' has", "infinite value(s)",
            "replace them in the data"), "train", "--spec", SPEC, "--set", trainOn("bad/infinite")),
        c("duplicate ids in external predictions", 3, List.of("duplicate id(s) in column 'customer_id'"),
            "evaluate", "--predictions", "bad/dup_predictions", "--name", "ext", "--spec", SPEC),
        c("infinite external scores", 3, List.of("Table 'bad/inf_predictions' column 'score' has",
            "infinite score(s) (+Inf or -Inf)"), "evaluate", "--predictions", "bad/inf_predictions", "--name", "ext",
                "--spec", SPEC),
        c("categorical column typed differently at scoring", 3, List.of("Cannot use table 'bad/calls_double' "
            + "column 'support_calls' as a categorical feature: it has type double, but the model was trained on "
            + "integer values [0, 1, ",
            "] of a column of type int or long",
            "cast the column back to the training type"), "evaluate", "--model", "n:1", "--eval", "x=bad/calls_double"),
        c("malformed YAML", 2, List.of("malformed.yaml"), "train", "--spec", spec("malformed.yaml", base
            + "\n  : : [\n")),
        c("unknown spec key", 2, List.of("model.colour"), "train", "--spec", SPEC, "--set", "model.colour=red"),
        c("wrong type in spec", 2, List.of("model.seed"), "train", "--spec", SPEC, "--set", "model.seed=abc"),
        c("negative rounds", 2, List.of("num_round"), "train", "--spec", SPEC, "--set", "model.params.num_round=-3"),
        c("zero rounds", 2, List.of("num_round"), "train", "--spec", SPEC, "--set", "model.params.num_round=0"),
        c("num_workers above task slots", 2, List.of("Cannot train with num_workers=64", "offers only 2 task slot(s)",
            "lower model.num_workers"), "train", "--spec", SPEC, "--set", "model.num_workers=64"),
        c("unknown model name", 3, List.of("Model 'nobody' is not registered in the ledger"),
            "evaluate", "--model", "nobody", "--eval", "x=demo/eval@0"),
        c("unknown model version", 3, List.of("Model 'm' has no version 9 in the ledger"),
            "score", "--model", "m:9", "--input", "demo/eval@0", "--output", "scores/m9"),
        c("gate on models with different eval versions", 2, List.of("Cannot gate m:1: the models were not evaluated "
            + "on identical cells", "run 'assay reevaluate --spec FILE'"),
            "gate", "--spec", SPEC, "--set", "gate.metric=roc_auc", "--challenger", "m:1", "--champion", "n:1"),
        // Issue 21: the holdout was appended to the training table, so leaky:1 scored its own training rows.
        c("challenger trained on its evaluation rows", 4, List.of("Gate failed for leaky:1 vs no champion",
            "holdout = demo/eval v0: train overlap share <= 0 (champion -, challenger 1.000000)",
            "evaluation rows occur in the training data", "retrain without them"),
            "gate", "--spec", SPEC, "--set", "gate.metric=roc_auc", "--challenger", "leaky:1"),
        c("GPU requested without GPU", 2, List.of("Cannot use device=cuda", "use device: cpu"),
            "train", "--spec", SPEC, "--set", "model.device=cuda"),
        c("bad evaluation filter", 2, List.of("data.eval.holdout.filter", "is not a valid Spark SQL expression"),
            "train", "--spec", SPEC, "--set", "data.eval.holdout.filter=region = = 'x'"),
        // Trains (into m's artifact directory, which the rollback empties again), then refuses the slice before
        // any metric: no model row, no metric row.
        c("slice column with too many values", 2, List.of("Cannot compute metrics per slice of column "
            + "'customer_id': it holds 400 distinct values, more than metrics.max_slice_values = 50; slice by a column "
            + "with fewer values (or derive a coarser one), or raise metrics.max_slice_values"),
            "train", "--spec", SPEC, "--set", "model.name=m", "--set", "model.params.num_round=2",
            "--set", "metrics.slices=[customer_id]", "--set", "metrics.max_slice_values=50"),
        c("model name with a path", 2, List.of("model.name", "../evil"), "train", "--spec", SPEC,
            "--set", "model.name=../evil"),
        c("output path escaping the warehouse", 2, List.of("--output", "../outside"),
            "score", "--model", "m:1", "--input", "demo/eval@0", "--output", "../outside"),
        c("foreign ledger schema", 3, List.of("is not an Assay ledger table", "point ledger.root at an empty"),
            "foreign", Outcome.FAILED_ROW, "evaluate", "--model", "m:1", "--eval", "x=demo/eval@0", "--ledger",
                "foreign"),
        c("ensemble spec error", 2, List.of("model.colour"), "ensemble", "--name", "avg", "--member", "m:1",
            "--member", "n:1", "--spec", SPEC, "--set", "model.colour=red"),
        c("ensemble member version not a number", 2, List.of("'m:one'", "version must be a number"),
            "ensemble", "--name", "avg", "--member", "m:one", "--member", "n:1", "--spec", SPEC),
        c("retrain spec error", 2, List.of("model.colour"), "retrain", "--spec", SPEC, "--set", "model.colour=red"),
        c("retrain negative drift threshold", 2, List.of("Option --min-drift -1.0: must be a PSI >= 0"),
            "retrain", "--spec", SPEC, "--min-drift", "-1"),
        c("nondeterministic evaluation filter", 2, List.of("data.eval.holdout.filter", "calls rand()",
            "selects other rows on each run"), "evaluate", "--model", "m:1", "--spec", SPEC, "--set",
                "data.eval.holdout.filter=rand() < 0.5"),
        c("evaluation filter on the clock", 2, List.of("calls current_date()", "write a deterministic expression"),
            "evaluate", "--model", "m:1", "--spec", SPEC, "--set",
                "data.eval.holdout.filter=current_date > date'2000-01-01'"),
        c("ingest into a ledger table", 2, List.of("Cannot ingest into 'ledger/metrics'", "overlaps the ledger at",
            "choose a table outside the ledger"), "ingest", "--source", path("bad/source.csv"), "--table",
                "ledger/metrics", "--mode", "overwrite"),
        c("ingest above the ledger", 2, List.of("Cannot ingest into '.'", "overlaps the ledger at"),
            "ingest", "--source", path("bad/source.csv"), "--table", "."),
        c("ingest table climbing out of the warehouse", 2, List.of("option --table '../outside'",
            "must not contain '..'"), "ingest", "--source", path("bad/source.csv"), "--table", "../outside"),
        c("ledger commit made around Assay", 5, List.of("Cannot vouch for the ledger at",
            "2 commit(s) were made around Assay and removed 2 metric row(s)", "TO VERSION AS OF"),
            "tampered", Outcome.NO_RUN, "ledger", "check", "--ledger", "tampered"),
        c("unwritable ledger path", 3, List.of("Cannot open ledger table",
            "check that ledger.root is a writable location"),
            "blocker/ledger", Outcome.NO_LEDGER, "train", "--spec", SPEC, "--set", "ledger.root=blocker/ledger")));
    // -Dassay.test.matrixCase=name-one,name-two (spaces as '-') runs only those cases, to iterate on a fix.
    String only = System.getProperty("assay.test.matrixCase");
    List<String> chosen = only == null ? null : List.of(only.split(","));
    return all.stream().filter(c -> chosen == null || chosen.contains(c.name().replace(' ', '-')));
  }

  static String specText() {
    try {
      return Files.readString(Path.of(SPEC));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void warehouseWithTwoModels() throws IOException {
    CliRun.Result d = CliRun.in(warehouse, "demo-data", "--train-rows", "800", "--eval-rows", "400", "--seed", "3");
    assertThat(d.code()).as(d.err()).isZero();
    CliRun.Result m = CliRun.in(warehouse, "train", "--spec", SPEC, "--set", "model.name=m",
        "--set", "model.params.num_round=3");
    assertThat(m.code()).as(m.err()).isZero();
    // n saw another version of the "recent" evaluation: the gate must refuse to compare m and n. Its
    // categorical support_calls is an int column: scoring it stored as double must be refused.
    CliRun.Result n = CliRun.in(warehouse, "train", "--spec", SPEC, "--set", "model.name=n",
        "--set", "model.params.num_round=2", "--set", "data.eval.recent.version=0",
        "--set", "features.numeric=[tenure_months, monthly_charges, age]",
        "--set", "features.categorical=[plan, support_calls]");
    assertThat(n.code()).as(n.err()).isZero();

    Dataset<Row> train = read("demo/train");
    Dataset<Row> eval = read("demo/eval");
    eval.write().format("parquet").save(path("bad/parquet"));
    write("bad/null_labels", train.withColumn("churned",
        when(col("tenure_months").lt(6), lit(null)).otherwise(col("churned"))));
    write("bad/three_classes", train.withColumn("churned",
        when(col("tenure_months").lt(6), lit(2)).otherwise(col("churned"))));
    write("bad/empty", train.limit(0));
    write("bad/all_null", train.withColumn("usage_gb", lit(null).cast("double")));
    write("bad/infinite", train.withColumn("usage_gb", when(col("tenure_months").lt(6),
        lit(Double.NEGATIVE_INFINITY)).otherwise(col("usage_gb"))));
    write("bad/one_class", eval.withColumn("churned", lit(0).cast(eval.schema().apply("churned").dataType())));
    write("bad/dup_predictions", eval.select(col("customer_id"), lit(0.5).as("score"))
        .union(eval.limit(3).select(col("customer_id"), lit(0.25).as("score"))));
    write("bad/calls_double", eval.withColumn("support_calls", col("support_calls").cast("double")));
    LeakyModel.train(train, eval);
    write("bad/inf_predictions", eval.select(col("customer_id"), when(col("tenure_months").lt(6),
        lit(Double.POSITIVE_INFINITY)).otherwise(lit(0.5)).as("score")));
    vacuumed();
    notebookDeleted = TamperedLedger.copyAndEdit(spark, warehouse.resolve("ledger"), warehouse.resolve("tampered"));
    // Another program's table where the models table belongs; the runs table is Assay's own.
    spark.range(3).toDF("x").write().format("delta").save(path("foreign/models"));
    Files.writeString(warehouse.resolve("bad/source.csv"), "a,b\n1,2\n");
    // A file where the ledger directory would go: unwritable even for root (tests may run as root).
    Files.writeString(warehouse.resolve("blocker"), "not a directory");
  }

  /** The metric rows a "notebook" deleted from the ledger copy {@code tampered}, as they were stored. */
  static List<Row> notebookDeleted;

  /** Version 0 of bad/vacuumed exists in the log, but VACUUM removed its files. */
  static void vacuumed() {
    Dataset<Row> eval = read("demo/eval");
    write("bad/vacuumed", eval);
    eval.limit(50).write().format("delta").mode("overwrite").save(path("bad/vacuumed"));
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    spark.conf().set(check, "false");
    try {
      DeltaTable.forPath(spark, path("bad/vacuumed")).vacuum(0);
    } finally {
      spark.conf().set(check, "true");
    }
  }

  static String path(String table) {
    return warehouse.resolve(table).toString();
  }

  static Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  static void write(String table, Dataset<Row> data) {
    data.write().format("delta").save(path(table));
  }

  /**
   * The row count of {@code runs}, the latest commit version of the other ledger tables (a case must
   * not commit to them at all, which is stricter than adding no row and needs no scan; absent tables
   * count -1), and the files under the artifact and score directories.
   */
  static Map<String, Long> counts(String ledger) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String t : List.of("runs", "models", "metrics", "benchmarks")) {
      Path p = warehouse.resolve(ledger).resolve(t);
      counts.put(t, !Files.isDirectory(p.resolve("_delta_log")) ? -1L
          : t.equals("runs") ? spark.read().format("delta").load(p.toString()).count()
          : DeltaLog.forTable(spark, p.toString()).update(false, Option.empty(), Option.empty()).version());
    }
    counts.put("artifacts", files(warehouse.resolve(ledger).resolve("artifacts")));
    counts.put("scores", files(warehouse.resolve("scores")));
    return counts;
  }

  static long files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputFailsCleanly(Case c) {
    Map<String, Long> before = counts(c.ledger());
    Map<String, Long> defaultBefore = c.ledger().equals("ledger") ? before : counts("ledger");
    CliRun.Result r = CliRun.in(warehouse, c.args());

    List<String> lines = r.err().lines().filter(l -> l.startsWith("assay ")).toList();
    assertThat(lines).as(r.err()).hasSize(1);
    String line = lines.get(0);
    assertThat(line).startsWith("assay " + c.args()[0] + " failed (exit " + c.exit() + "): ");
    assertThat(line).contains(c.phrases());
    assertThat(r.code()).as(r.err()).isEqualTo(c.exit());
    String message = line.substring(line.indexOf("): ") + 3);

    Map<String, Long> after = counts(c.ledger());
    Map<String, Long> expected = new LinkedHashMap<>(before);
    if (c.outcome() == Outcome.FAILED_ROW) {
      expected.put("runs", Math.max(0, before.get("runs")) + 1);
      Row run = read(c.ledger() + "/runs").orderBy(col("started_at").desc()).first();
      assertThat(run.<String>getAs("status")).isEqualTo("FAILED");
      assertThat(run.<String>getAs("command")).isEqualTo(c.args()[0]);
      assertThat(run.<Integer>getAs("exit_code")).isEqualTo(c.exit());
      assertThat(run.<String>getAs("error")).isEqualTo(message);
    } else if (c.outcome() == Outcome.NO_LEDGER) {
      assertThat(Files.exists(warehouse.resolve(c.ledger()))).isFalse();
    }
    assertThat(after).isEqualTo(expected);
    if (!c.ledger().equals("ledger")) {
      assertThat(counts("ledger")).isEqualTo(defaultBefore);
    }
  }

  @Test
  void aLedgerOutsideTheWarehouseIsRefusedBeforeAnythingIsWritten() {
    CliRun.Result r = CliRun.in(warehouse, "ingest", "--source", path("bad/source.csv"), "--table", "fresh/t",
        "--ledger", "../escaped");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("Invalid value for option '--ledger': must not contain '..'");
    assertThat(warehouse.resolveSibling("escaped")).doesNotExist();
    assertThat(warehouse.resolve("fresh")).doesNotExist();
  }

  /**
   * Issue 17: after Assay's own jobs (and the failed runs of the matrix) {@code ledger check} finds nothing; on the
   * copy a notebook edited it names both commits and the two metric rows the DELETE removed, and exits 5.
   */
  @Test
  void ledgerCheckNamesEveryCommitMadeAroundAssay() {
    CliRun.Result clean = CliRun.in(warehouse, "ledger", "check");
    assertThat(clean.code()).as(clean.err()).isZero();
    assertThat(clean.out().lines()).singleElement().asString().matches("ledger check: 3 tables, \\d+ commits by "
        + "Assay, 0 made around it, 0 metric rows removed, 0 untagged older than commit tagging");

    CliRun.Result r = CliRun.in(warehouse, "ledger", "check", "--ledger", "tampered");
    assertThat(r.code()).as(r.err()).isEqualTo(5);
    assertThat(r.out().lines()).containsExactlyElementsOf(TamperedLedger.expectedLines(spark, path("tampered"),
        notebookDeleted));
    assertThat(r.err().lines().filter(l -> l.startsWith("assay "))).containsExactly("assay ledger failed (exit 5): "
        + "Cannot vouch for the ledger at " + path("tampered") + ": 2 commit(s) were made around Assay and removed 2 "
        + "metric row(s) (listed above); find who made them from the user, engine and time listed, undo an unwanted "
        + "change with RESTORE TABLE delta.`<table>` TO VERSION AS OF <the version before it>, and write ledger "
        + "tables only through Assay");
  }

  @Test
  void singleClassEvaluationReportsAucAsUndefined() {
    CliRun.Result r = CliRun.in(warehouse, "evaluate", "--model", "m:1", "--eval", "one=bad/one_class");
    assertThat(r.code()).as(r.err()).isZero();
    List<Row> auc = read("ledger/metrics").where("model_name = 'm' and eval_name = 'one' and slice_column is null "
        + "and metric in ('roc_auc', 'pr_auc', 'n_rows')").orderBy("metric").collectAsList();
    assertThat(auc).extracting(row -> row.getAs("metric") + "=" + row.getAs("value") + "/" + row.getAs("status"))
        .containsExactly("n_rows=" + (double) read("bad/one_class").count() + "/ok", "pr_auc=null/undefined",
            "roc_auc=null/undefined");
  }
}
