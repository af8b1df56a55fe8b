package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assay.scorer.Manifest;
import dev.assay.scorer.PackageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/check-package}, the Python check of an exported package, on packages exported through the CLI:
 * its pure-Python tree walk gives every golden output of a binary, a multiclass and a regression model bit for bit;
 * an altered file fails (exit 1), an xgboost module older than the manifest's {@code min_version} is refused
 * (exit 3) without running it, {@code --require-xgboost} without the module is exit 4, and a directory that is not
 * a package is a usage error (exit 2).
 *
 * <p>Every run gets a {@code PYTHONPATH} of its own: an {@code xgboost} package that is absent (its import raises
 * what Python raises for a missing module) or that only claims an old version. So the results do not depend on the
 * machine's xgboost, and no prediction is ever faked: the comparison with a real, new enough module is not tested
 * here.
 */
@Tag("slow") // three trains and exports, about 2 minutes: CI runs it, and the quickstart runs the script
class CheckPackageScriptTest extends CliWarehouseTest {
  static final Path SCRIPT = ScriptRun.ROOT.resolve("scripts/check-package");
  static final String MISSING = "raise ModuleNotFoundError(\"No module named 'xgboost'\", name=\"xgboost\")\n";

  @TempDir
  static Path out;

  @TempDir
  Path tmp;

  record Proc(int code, List<String> lines, String err) {
    String out() {
      return String.join("\n", lines);
    }
  }

  @BeforeAll
  static void packages() throws Exception {
    assumeTrue(exec(List.of("sh", "-c", "command -v python3"), Map.of()).code() == 0, "python3 is not installed");
    demoTables();
    ok("train", "--spec", ExportCliTest.SPEC, "--set", "model.params.num_round=12");
    ExportTasksCliTest.trainTaskModels();
    ok("export", "--model", "churn-xgb:1", "--out", out.resolve("churn").toString());
    ok("export", "--model", "calls-xgb:1", "--out", out.resolve("calls").toString());
    ok("export", "--model", "charges-xgb:1", "--out", out.resolve("charges").toString());
  }

  @Test
  void aBinaryPackagePassesEveryCheckAndItsTreeWalkIsBitExact() throws Exception {
    Path dir = out.resolve("churn");
    Proc p = check(dir, MISSING);
    assertThat(p.code()).as(p.out() + p.err()).isZero();
    assertThat(p.lines()).containsExactly(
        "ok  manifest: schema_version 1, churn-xgb:1, xgboost binary (binary:logistic), 9 features, runtimes "
            + "xgboost >= 3.1.0 (model/booster.json), xgboost >= 3.1.0 (model/booster.ubj)",
        "ok  checksums: 3 files match the manifest's SHA-256 (golden.jsonl, model/booster.json, model/booster.ubj)",
        "ok  golden rows: golden.jsonl parses, 200 rows as golden.rows says, 200 with 9-value feature vectors "
            + "(demo/eval)",
        "ok  pure-Python tree walk: 200 golden rows, max |diff| 0 (bit-exact 200/200), tolerance 1e-6; 12 trees, "
            + "objective binary:logistic",
        "skip xgboost module: not installed (pure-Python check above stands; install xgboost >= 3.1.0 to compare "
            + "with it)",
        "ok  churn-xgb:1 at " + dir + ": 4 checks passed, 1 skipped");
    assertThat(p.err()).isEmpty();
  }

  @Test
  void theTreeWalkReproducesMulticlassAndRegressionPackagesBitForBit() throws Exception {
    Proc calls = check(out.resolve("calls"), MISSING);
    assertThat(calls.code()).as(calls.out() + calls.err()).isZero();
    assertThat(calls.lines()).contains("ok  pure-Python tree walk: 200 golden rows, max |diff| 0 (bit-exact 200/200), "
        + "tolerance 1e-6; 18 trees, objective multi:softprob");
    Proc charges = check(out.resolve("charges"), MISSING);
    assertThat(charges.code()).as(charges.out() + charges.err()).isZero();
    assertThat(charges.lines()).contains("ok  pure-Python tree walk: 200 golden rows, max |diff| 0 (bit-exact "
        + "200/200), tolerance 1e-6; 8 trees, objective reg:squarederror");
  }

  @Test
  void anAlteredGoldenFileFailsNamingTheFile() throws Exception {
    Path dir = copy("churn", "altered");
    Path golden = dir.resolve("golden.jsonl");
    String recorded = PackageFiles.sha256(Files.readAllBytes(golden));
    List<String> lines = Files.readAllLines(golden);
    lines.set(2, lines.get(2).replaceFirst("\"probability\":0\\.", "\"probability\":0.1"));
    Files.write(golden, lines);
    String actual = PackageFiles.sha256(Files.readAllBytes(golden));
    Proc p = check(dir, MISSING);
    assertThat(p.code()).as(p.out() + p.err()).isEqualTo(1);
    assertThat(p.lines()).contains("FAIL checksums: golden.jsonl has SHA-256 " + actual + ", the manifest records "
        + recorded + "; the package was altered after export. Export the model again.");
    assertThat(p.lines()).anySatisfy(l -> assertThat(l).startsWith("FAIL pure-Python tree walk: 1 of 200 golden rows "
        + "differ: first, golden row 3 gives probability ").contains("where the package expects 0.1"));
    assertThat(p.lines().get(p.lines().size() - 1)).isEqualTo("FAIL churn-xgb:1 at " + dir
        + ": 2 of 5 checks failed (exit 1)");

    // The checksum made to match again: the tree walk alone catches the changed expectation.
    Path manifest = dir.resolve(Manifest.FILE);
    Files.writeString(manifest, Files.readString(manifest).replace(recorded, actual));
    Proc walk = check(dir, MISSING);
    assertThat(walk.code()).as(walk.out()).isEqualTo(1);
    assertThat(walk.lines()).filteredOn(l -> l.startsWith("FAIL")).hasSize(2)
        .allSatisfy(l -> assertThat(l).containsAnyOf("pure-Python tree walk", "1 of 5 checks failed"));
  }

  @Test
  void anXgboostOlderThanTheManifestsMinimumIsRefusedWithoutRunningIt() throws Exception {
    String old = "__version__ = \"1.7.4\"\n";
    Proc p = check(out.resolve("churn"), old);
    assertThat(p.code()).as(p.out() + p.err()).isEqualTo(3);
    assertThat(p.lines()).filteredOn(l -> l.contains("1.7.4")).containsExactly("FAIL xgboost module: installed "
        + "xgboost 1.7.4 is older than 3.1.0, the package's min_version: XGBoost >= 3.1 stores base_score as a "
        + "vector; older releases misread it and shift every margin. It is not run on the golden rows. Cannot use "
        + "it with this package: install xgboost >= 3.1.0 (pip install 'xgboost>=3.1.0')");
    assertThat(p.lines()).anySatisfy(l -> assertThat(l).startsWith("ok  pure-Python tree walk: 200 golden rows"));
    assertThat(p.lines().get(p.lines().size() - 1)).endsWith(": 1 of 5 checks failed (exit 3)");
    assertThat(check(out.resolve("churn"), old, "--require-xgboost").code()).isEqualTo(3);
  }

  @Test
  void requireXgboostWithoutTheModuleIsExit4() throws Exception {
    Proc p = check(out.resolve("churn"), MISSING, "--require-xgboost");
    assertThat(p.code()).as(p.out() + p.err()).isEqualTo(4);
    assertThat(p.lines()).contains("FAIL xgboost module: not installed, and --require-xgboost was given. Cannot "
        + "compare with xgboost: install xgboost >= 3.1.0 (pip install 'xgboost>=3.1.0')");
    assertThat(p.lines()).anySatisfy(l -> assertThat(l).startsWith("ok  pure-Python tree walk"));
  }

  @Test
  void aDirectoryThatIsNotAPackageOrOfAnotherSchemaIsAUsageError() throws Exception {
    Proc empty = check(tmp, MISSING);
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.lines()).isEmpty();
    assertThat(empty.err().strip()).isEqualTo("Cannot check " + tmp + ": it has no manifest.json. Point to a "
        + "directory written by `assay export`.");

    Path dir = copy("churn", "schema2");
    Path manifest = dir.resolve(Manifest.FILE);
    Files.writeString(manifest, Files.readString(manifest).replace("\"schema_version\" : 1,",
        "\"schema_version\" : 2,"));
    Proc schema = check(dir, MISSING);
    assertThat(schema.code()).isEqualTo(2);
    assertThat(schema.err()).contains("schema_version is 2; this script reads version 1");

    Proc usage = exec(List.of("python3", SCRIPT.toString()), Map.of());
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).startsWith("Cannot check a package: give one package directory. usage: "
        + "scripts/check-package DIR [--require-xgboost]");
  }

  /** Runs the script on {@code dir} with an {@code xgboost} package whose {@code __init__.py} is {@code init}. */
  Proc check(Path dir, String init, String... args) throws Exception {
    Path site = Files.createTempDirectory(tmp, "site");
    Files.createDirectories(site.resolve("xgboost"));
    Files.writeString(site.resolve("xgboost/__init__.py"), init, StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString(), dir.toString()));
    cmd.addAll(List.of(args));
    return exec(cmd, Map.of("PYTHONPATH", site.toString(), "PYTHONDONTWRITEBYTECODE", "1"));
  }

  static Proc exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ScriptRun.ROOT.toFile());
    pb.environment().putAll(env);
    Path o = Files.createTempFile("check-package", ".out");
    Path e = Files.createTempFile("check-package", ".err");
    try {
      Process p = pb.redirectOutput(o.toFile()).redirectError(e.toFile()).start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s still running", cmd).isTrue();
      String stdout = Files.readString(o, StandardCharsets.UTF_8);
      return new Proc(p.exitValue(), stdout.isEmpty() ? List.of() : List.of(stdout.split("\n")),
          Files.readString(e, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(o);
      Files.deleteIfExists(e);
    }
  }

  /** A copy of the exported package {@code name}, to alter. */
  static Path copy(String name, String as) throws IOException {
    Path from = out.resolve(name);
    Path to = out.resolve(as);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(from.relativize(f).toString()));
      }
    }
    return to;
  }
}
