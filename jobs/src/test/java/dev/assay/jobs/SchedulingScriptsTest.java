package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling examples: the Airflow DAG compiles, and the cron wrapper never lets two runs overlap. */
class SchedulingScriptsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path DAG = ROOT.resolve("scripts/airflow/assay_retrain.py");
  static final Path WRAPPER = ROOT.resolve("scripts/cron/assay-cron");

  @TempDir
  Path tmp;

  record Proc(int code, String out, String err) {}

  static Proc exec(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Path out = Files.createTempFile("assay-sched", ".out");
    Path err = Files.createTempFile("assay-sched", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s still running", cmd).isTrue();
    return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  static boolean onPath(String tool) throws IOException, InterruptedException {
    return exec(Map.of(), List.of("sh", "-c", "command -v " + tool)).code() == 0;
  }

  @Test
  void theAirflowDagCompiles() throws Exception {
    assumeTrue(onPath("python3"), "python3 is not installed: the DAG's syntax is not checked here");
    // py_compile into a temporary file: no __pycache__ in the source tree, and Airflow itself is not needed.
    Proc p = exec(Map.of(), List.of("python3", "-c", "import py_compile, sys; "
        + "py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", DAG.toString(),
        tmp.resolve("dag.pyc").toString()));
    assertThat(p.code()).as(p.err()).isZero();
    String dag = Files.readString(DAG);
    assertThat(dag).contains("skip_on_exit_code=SKIP", "--skip-exit-code {SKIP}", "SKIP = 99", "\"retries\": 2",
        "retrain >> gate", "--challenger {{ ti.xcom_pull(task_ids='retrain') }} --promote", "reevaluate >> monitor",
        "monitor --warehouse {WAREHOUSE} --spec {SPEC}");
  }

  @Test
  void theCrontabGoesThroughTheLockingWrapper() throws IOException {
    List<String> jobs = Files.readAllLines(ROOT.resolve("scripts/cron/assay.crontab")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.contains("=")).toList();
    assertThat(jobs).hasSize(2).allSatisfy(l -> assertThat(l).contains("$ASSAY_HOME/scripts/cron/assay-cron --lock "));
    assertThat(Files.readString(WRAPPER)).contains("flock -n 9");
    assertThat(Files.isExecutable(WRAPPER)).isTrue();
  }

  @Test
  void aRunThatFindsTheLockHeldStartsNothingAndOneThatDoesNotPassesItsExitCodeOn() throws Exception {
    assumeTrue(onPath("flock"), "flock(1) is not installed");
    Path lock = tmp.resolve("assay.lock");
    Path calls = tmp.resolve("calls.txt");
    // Stands in for scripts/submit: records its arguments and exits like a retrain with nothing to do.
    Path submit = tmp.resolve("submit");
    Files.writeString(submit, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\nexit 99\n", StandardCharsets.UTF_8);
    assertThat(submit.toFile().setExecutable(true)).isTrue();
    Map<String, String> env = Map.of("ASSAY_CRON_SUBMIT", submit.toString());
    List<String> run = new ArrayList<>(List.of(WRAPPER.toString(), "--lock", lock.toString(),
        "--submit-options", "--profile local", "--", "retrain", "--spec", "x.yaml"));

    Proc free = exec(env, run);
    assertThat(free.code()).as(free.err()).isEqualTo(99);
    assertThat(Files.readAllLines(calls)).containsExactly("--profile local -- retrain --spec x.yaml");
    assertThat(free.err()).contains("assay-cron: start 'retrain --spec x.yaml'", "exit 99");

    // Another run holds the lock (flock(1), the same kind of lock): this one must not start.
    Path held = tmp.resolve("held");
    Process holder = new ProcessBuilder("flock", lock.toString(), "sh", "-c", "touch '" + held + "'; sleep 60")
        .start();
    try {
      for (int i = 0; i < 200 && !Files.exists(held); i++) {
        Thread.sleep(50);
      }
      assertThat(held).exists();
      Proc busy = exec(env, run);
      assertThat(busy.code()).as(busy.err()).isZero();
      assertThat(busy.err()).contains("assay-cron: another run holds " + lock
          + "; not starting 'retrain --spec x.yaml'");
      assertThat(Files.readAllLines(calls)).hasSize(1);
    } finally {
      holder.descendants().forEach(ProcessHandle::destroy);
      holder.destroy();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
