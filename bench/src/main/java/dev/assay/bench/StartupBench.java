package dev.assay.bench;

import static org.apache.spark.sql.functions.col;

import dev.assay.errors.Preconditions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * B6: a trivial job's wall time from process start to exit, as a subprocess — {@code scripts/assay
 * ledger runs} and {@code scripts/assay evaluate} on 1k rows — against a hand-written Spark job
 * doing the same reads in a JVM with the same flags ({@link BareTrivial}).
 */
final class StartupBench {
  private final Bench bench;

  StartupBench(Bench bench) {
    this.bench = bench;
  }

  List<Result> run(String ledger) throws IOException, InterruptedException {
    Path root = bench.config().root();
    String tiny = bench.tables().higgs(1_000);
    String warehouse = bench.config().dataDir().toString();
    List<String> ledgerRuns = List.of("bash", root.resolve("scripts/assay").toString(), "--warehouse", warehouse,
        "--quiet", "ledger", "runs", "--ledger", ledger);
    // Untimed: the first run after a build writes the class-data archive (once per jar).
    exec(ledgerRuns, Map.of());
    List<Result> results = new ArrayList<>();
    results.add(bench.pair("B6", "trivial job: ledger runs", "process start to exit",
        "`scripts/assay ledger runs` subprocess", "java + session + Delta read + count (BareTrivial)",
        Target.seconds(8),
        rep -> exec(ledgerRuns, Map.of()),
        rep -> exec(bareCommand("read", tiny), Map.of())));
    if (!bench.config().quick()) {
      results.add(bench.pair("B6", "trivial job: ledger runs, AppCDS on vs off", "process start to exit",
          "`scripts/assay ledger runs` subprocess", "the same with ASSAY_CDS=0", Target.NONE,
          rep -> exec(ledgerRuns, Map.of()),
          rep -> exec(ledgerRuns, Map.of("ASSAY_CDS", "0"))));
    }
    return results;
  }

  /** B6 with a real evaluation: {@code scripts/assay evaluate} of a registered model on 1k rows. */
  List<Result> runEvaluate(String model, String ledger) {
    Path root = bench.config().root();
    String tiny = bench.tables().higgs(1_000);
    String warehouse = bench.config().dataDir().toString();
    String artifact = bench.spark().read().format("delta").load(ledger + "/models")
        .where(col("model_name").equalTo(model)).select("artifact_uri").first().getString(0);
    return List.of(bench.pair("B6", "trivial job: evaluate 1k rows", "process start to exit",
        "`scripts/assay evaluate` subprocess", "java + session + load + transform + AUC (BareTrivial)",
        Target.seconds(8),
        rep -> exec(List.of("bash", root.resolve("scripts/assay").toString(), "--warehouse", warehouse, "--quiet",
            "evaluate", "--model", model, "--eval", "tiny=" + tiny, "--ledger", ledger), Map.of()),
        rep -> exec(bareCommand("evaluate", tiny, artifact + "/pipeline", HiggsData.LABEL), Map.of())));
  }

  /**
   * B13, issue 20's small job, each side a fresh process: {@code ingest} of a 400-row CSV, {@code train} of the
   * 400-row table (28 features, 50 rounds) on a fresh ledger, and the same {@code train} again with nothing to do,
   * against a hand-written program doing the same with Spark, Delta and XGBoost4J-Spark ({@link BareTrivial}).
   */
  List<Result> runSmallJob() throws IOException, InterruptedException {
    String table = bench.tables().higgs(SMALL_ROWS);
    Path csv = bench.runDir().resolve("small-csv");
    bench.spark().read().format("delta").load(table).coalesce(1).write().option("header", "true").csv(csv.toString());
    Path dir = bench.runDir().resolve("small");
    Path noOpLedger = dir.resolve("ledger-noop");
    exec(smallTrain(dir, "noop", noOpLedger, table), Map.of());
    String rows = SMALL_ROWS + " rows";
    return List.of(
        bench.pair("B13", "small job: ingest a CSV", rows, "`scripts/assay ingest` subprocess",
            "java + session + CSV read + Delta write (BareTrivial)", Target.seconds(10),
            rep -> exec(assay("ingest", "--source", csv.toString(), "--table", dir.resolve("in-" + rep).toString(),
                "--ledger", dir.resolve("ledger-in-" + rep).toString()), Map.of()),
            rep -> exec(bareCommand("ingest", csv.toString(), dir.resolve("bare-in-" + rep).toString()), Map.of())),
        bench.pair("B13", "small job: train, 50 rounds, fresh ledger", rows, "`scripts/assay train` subprocess",
            "java + session + Delta read + VectorAssembler + XGBoostClassifier.fit + save (BareTrivial)",
            Target.ratio(3.0),
            rep -> exec(smallTrain(dir, "t" + rep, dir.resolve("ledger-" + rep), table), Map.of()),
            rep -> exec(bareCommand("train", table, HiggsData.LABEL, String.valueOf(SMALL_ROUNDS),
                dir.resolve("bare-model-" + rep).toString()), Map.of())),
        bench.pair("B13", "small job: the same train again, nothing to do", rows, "`scripts/assay train` subprocess",
            "java + session + Delta read + count (BareTrivial)", Target.seconds(10),
            rep -> exec(smallTrain(dir, "noop", noOpLedger, table), Map.of()),
            rep -> exec(bareCommand("read", table), Map.of())));
  }

  static final long SMALL_ROWS = 400;
  static final int SMALL_ROUNDS = 50;

  /** {@code scripts/assay train} of B1's spec on {@code table}, {@link #SMALL_ROUNDS} rounds, into {@code ledger}. */
  private List<String> smallTrain(Path dir, String name, Path ledger, String table) throws IOException {
    Path spec = dir.resolve("spec-" + name + ".yaml");
    Files.createDirectories(dir);
    Files.writeString(spec, TrainBench.specYaml("small", table, SMALL_ROUNDS, 6, 42, 1, ledger.toString()));
    return assay("train", "--spec", spec.toString());
  }

  private List<String> assay(String... args) {
    List<String> cmd = new ArrayList<>(List.of("bash", bench.config().root().resolve("scripts/assay").toString(),
        "--warehouse", bench.config().dataDir().toString(), "--quiet"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The same JVM settings as {@code scripts/assay} before any Assay-specific start-up tuning. */
  private List<String> bareCommand(String... args) throws IOException {
    return ChildJvm.command(bench.config().root(), "4g", BareTrivial.class, List.of(args));
  }

  private void exec(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    Path cpuFile = bench.runDir().resolve("b6-cpu.txt");
    List<String> timed = new ArrayList<>();
    boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
    if (haveTime) {
      timed.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", cpuFile.toString()));
    }
    timed.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(timed).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(bench.runDir().resolve("b6-last.log").toFile()));
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    Process p = pb.start();
    int code = p.waitFor();
    Preconditions.checkState(code == 0, "Cannot benchmark %s: exit %s; see %s", String.join(" ", command), code,
        bench.runDir().resolve("b6-last.log") + File.separator);
    if (haveTime) {
      String[] cpu = Files.readString(cpuFile).trim().split("\\s+");
      ChildCpu.add(Double.parseDouble(cpu[cpu.length - 2]) + Double.parseDouble(cpu[cpu.length - 1]));
    }
  }
}
