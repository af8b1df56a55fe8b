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
