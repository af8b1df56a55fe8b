package dev.assay.bench;

import dev.assay.data.Warehouse;
import dev.assay.errors.Preconditions;
import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.run.JobRunner;
import dev.assay.run.StepLog;
import dev.assay.spark.AssaySpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/bench}: Assay's jobs side by side with the bare Spark/XGBoost/MLlib code a user
 * would otherwise write, in one JVM and one session, alternating the two sides (A B, then B A, ...)
 * so that load from other processes on a shared machine hits both alike. Writes a Markdown table
 * and a CSV under {@code bench-results/}.
 */
public final class Bench {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final BenchConfig config;
  private final SparkSession spark;
  private final BenchTables tables;
  private final Path runDir;
  private final Warehouse warehouse;
  private final List<Result> results = new ArrayList<>();
  private final CommandProfile.JobCounter jobCounter;
  private final List<CommandProfile> profiles = new ArrayList<>();
  /** The benchmark whose passes run now: labels the command profiles. */
  private String currentId = "";

  Bench(BenchConfig config, SparkSession spark, Path runDir) {
    this.config = config;
    this.spark = spark;
    this.tables = new BenchTables(spark, config.dataDir());
    this.runDir = runDir;
    this.warehouse = new Warehouse(config.dataDir().toString());
    this.jobCounter = CommandProfile.JobCounter.on(spark);
  }

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    boolean quick = a.contains("--quick");
    boolean large = a.contains("--large");
    List<String> only = new ArrayList<>();
    int reps = 0;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--only") && i + 1 < args.length) {
        only.addAll(Arrays.asList(args[i + 1].toUpperCase(Locale.ROOT).split(",")));
      }
      if (args[i].equals("--reps") && i + 1 < args.length) {
        reps = Integer.parseInt(args[i + 1]);
        Preconditions.checkArgument(reps >= 1, "Cannot repeat each side %s times: --reps takes a count of at least 1",
            reps);
      }
    }
    Path root = Path.of(System.getProperty("assay.root", ".")).toAbsolutePath().normalize();
    String envDir = System.getenv("ASSAY_BENCH_DIR");
    Path dataDir = (envDir != null && !envDir.isBlank() ? Path.of(envDir) : root.resolve("bench-data"))
        .toAbsolutePath().normalize();
    BenchConfig config = BenchConfig.of(quick, large, root, dataDir, only);
    if (reps > 0) {
      config = config.withReps(reps);
    }
    Files.createDirectories(dataDir);
    String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path runDir = dataDir.resolve("runs").resolve(stamp);
    Files.createDirectories(runDir);
    StepLog.setQuiet(true);
    SparkSession spark = AssaySpark.getOrCreate("assay bench", "local[2]", Map.of());
    Bench bench = new Bench(config, spark, runDir);
    int code = 0;
    try {
      bench.runAll(stamp);
    } catch (Exception e) {
      log("benchmark failed: %s", e);
      e.printStackTrace();
      code = 1;
    } finally {
      if (!a.contains("--keep")) {
        deleteTree(runDir);
      }
    }
    spark.stop();
    System.exit(code);
  }

  /**
   * Runs the selected benchmarks, cheapest and most independent first, and rewrites the report
   * after each one, so an interrupted run still leaves every finished row on disk.
   */
  void runAll(String stamp) throws Exception {
    Map<String, String> machine = Machine.describe(spark);
    log("bench %s: data in %s; %s", config.quick() ? "--quick" : "full", config.dataDir(), machine);
    long t0 = System.nanoTime();
    warmUp();
    if (config.runs("B6")) {
      results.addAll(new StartupBench(this).run(ledgerRoot()));
      progress(machine, stamp, t0);
    }
    if (config.runs("B13")) {
      results.addAll(new StartupBench(this).runSmallJob());
      progress(machine, stamp, t0);
    }
    if (config.runs("B2") || config.runs("B5")) {
      MetricsBench metrics = new MetricsBench(this);
      for (long rows : config.evalRows()) {
        results.add(metrics.run(rows));
        progress(machine, stamp, t0);
      }
    }
    TrainBench train = new TrainBench(this);
    if (config.runs("B1") || config.runs("B3") || config.runs("B5")) {
      results.add(train.run(config.trainRows(), "B1"));
      progress(machine, stamp, t0);
    }
    if (config.runs("B7")) {
      results.add(new FeatureBench(this).run(config.trainRows()));
      progress(machine, stamp, t0);
    }
    if (config.runs("B3")) {
      results.add(new ScoreBench(this).run(config.trainRows(), train.lastAssayModel(), train.lastBareModel()));
      progress(machine, stamp, t0);
    }
    if (config.runs("B9")) {
      results.add(new LightGbmBench(this).run(config.trainRows()));
      progress(machine, stamp, t0);
    }
    if (config.runs("B8")) {
      results.addAll(new OnnxBench(this).run(config.trainRows()));
      progress(machine, stamp, t0);
    }
    if (config.runs("B11")) {
      results.addAll(new LeakageBench(this).run(config.trainRows()));
      progress(machine, stamp, t0);
    }
    if (config.runs("B12")) {
      results.addAll(new PackageBench(this).run(Math.min(config.trainRows(), PackageBench.LATENCY_ROWS * 5L)));
      progress(machine, stamp, t0);
    }
    if (config.runs("B10")) {
      results.add(new DriverHeapBench(this).run(config.driverHeapRows(), config.driverHeapReps()));
      progress(machine, stamp, t0);
    }
    if (config.runs("B4") || (config.runs("B6") && !config.quick())) {
      ReevaluateBench re = new ReevaluateBench(this);
      currentId = "B4";  // its set-up's commands (trains, the first reevaluate, the gate) are profiled as B4's
      results.addAll(re.run(config.runs("B4")));
      progress(machine, stamp, t0);
      if (config.runs("B6") && !config.quick()) {
        results.addAll(new StartupBench(this).runEvaluate(re.firstModel(), re.ledger()));
        progress(machine, stamp, t0);
      }
    }
    if (config.runs("B5")) {
      for (long rows : config.scalingRows()) {
        if (rows != config.trainRows()) {
          results.add(train.run(rows, "B5"));
          progress(machine, stamp, t0);
        }
      }
    }
    machine.put("load average at end", Machine.loadAverage());
    Report.write(config, machine, results, profiles, stamp, true);
  }

  private void progress(Map<String, String> machine, String stamp, long t0) throws IOException {
    machine.put("bench wall time", String.format("%.0f s", (System.nanoTime() - t0) / 1e9));
    Report.write(config, machine, results, profiles, stamp, false);
  }

  /** One small pass of everything, untimed, so no side pays the JVM's cold start in its first sample. */
  private void warmUp() {
    long t0 = System.nanoTime();
    currentId = "warm-up";
    String small = tables.higgs(20_000);
    new TrainBench(this).warmUp(small);
    new MetricsBench(this).warmUp(tables.predictions(20_000));
    log("warm-up done in %.1f s", (System.nanoTime() - t0) / 1e9);
  }

  /** A timed body that knows its repetition. */
  @FunctionalInterface
  interface RepBody {
    void run(int rep) throws Exception;
  }

  /**
   * Times Assay and bare {@code reps} times each, alternating and swapping which side goes first
   * on every repetition; {@code bare} may be null (Assay only).
   */
  Result pair(String id, String what, String size, String assayHow, String bareHow, Target target,
      RepBody assay, RepBody bare) {
    return pair(id, what, size, assayHow, bareHow, target, null, assay, null, bare);
  }

  /** As above, with an untimed step before each timed pass of a side (may be null). */
  Result pair(String id, String what, String size, String assayHow, String bareHow, Target target,
      RepBody assaySetup, RepBody assay, RepBody bareSetup, RepBody bare) {
    List<Sample> a = new ArrayList<>();
    List<Sample> b = new ArrayList<>();
    currentId = id;
    for (int rep = 0; rep < config.reps(); rep++) {
      int r = rep;
      if (rep % 2 == 0 || bare == null) {
        a.add(logged(id, "assay", r, assaySetup, assay));
        if (bare != null) {
          b.add(logged(id, "bare", r, bareSetup, bare));
        }
      } else {
        b.add(logged(id, "bare", r, bareSetup, bare));
        a.add(logged(id, "assay", r, assaySetup, assay));
      }
    }
    Result result = new Result(id, what, size, assayHow, bareHow, a, b, target);
    log("%s %s %s: assay median %.2f s%s", id, what, size, result.assayStats().median(),
        bare == null ? "" : String.format(", bare median %.2f s, ratio %.3f (cpu ratio %.3f)",
            result.bareStats().median(), result.ratio(), result.cpuRatio()));
    return result;
  }

  private static Sample logged(String id, String side, int rep, RepBody setup, RepBody body) {
    if (setup != null) {
      try {
        setup.run(rep);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    Sample s = Measure.time(() -> body.run(rep));
    log("  %s %s rep %d: %.2f s (cpu %.2f s), peak heap %d MB", id, side, rep + 1, s.seconds(), s.cpuSeconds(),
        s.peakHeapBytes() >> 20);
    return s;
  }

  /** Labels the commands run from now on in the command profile (set-up steps outside {@link #pair}). */
  void profileAs(String id) {
    currentId = id;
  }

  /** Runs an Assay job in-process exactly as its CLI command does, and requires exit 0. */
  int job(String command, String ledgerRoot, Function<JobContext, JobResult> body) {
    return job(command, "", ledgerRoot, body);
  }

  /** The same, its profile labelled with {@code note} after the command (e.g. "nothing missing"). */
  int job(String command, String note, String ledgerRoot, Function<JobContext, JobResult> body) {
    Map<String, Long> before = Measure.untimed(() -> CommandProfile.versions(spark, ledgerRoot));
    long jobsBefore = Measure.untimed(() -> jobCounter.started(spark));
    JobContext ctx = new JobContext(spark, warehouse, ledgerRoot, command, Map.of());
    StepLog.setQuiet(true);
    int code = JobRunner.run(ctx, body);
    String label = (currentId + " " + command).trim() + (note.isEmpty() ? "" : " (" + note + ")");
    Measure.untimed(() -> profiles.add(CommandProfile.of(label,
        jobCounter.started(spark) - jobsBefore, before, CommandProfile.versions(spark, ledgerRoot))));
    Preconditions.checkArgument(code == 0, "Cannot benchmark %s: the job exited with %s (see the log above)",
        command, code);
    return code;
  }

  /** A job context outside {@link #job} (no run row), for benchmarks that time one step of a job. */
  JobContext context(String command, String ledgerRoot) {
    return new JobContext(spark, warehouse, ledgerRoot, command, Map.of());
  }

  BenchConfig config() {
    return config;
  }

  SparkSession spark() {
    return spark;
  }

  BenchTables tables() {
    return tables;
  }

  Path runDir() {
    return runDir;
  }

  String ledgerRoot() {
    return runDir.resolve("ledger").toString();
  }

  static void log(String format, Object... args) {
    System.err.println(LocalTime.now().format(TIME) + " bench: " + String.format(format, args));
    System.err.flush();
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log("cannot delete %s: %s", dir, e);
    }
  }
}
