package dev.assay.usecase;

import dev.assay.gpu.LinkageCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The GPU classpath's linkage on a CPU machine: every reference of XGBoost's CUDA jar into RAPIDS and cuDF,
 * resolved against the jars {@code scripts/submit --profile gpu} hands to Spark (the RAPIDS jar, in the parallel
 * world of this build's Spark version) and Spark's own (RAPIDS classes extend Spark's). Run by
 * {@code scripts/gpu-linkage}, {@code scripts/gpu-smoke} and CI.
 */
public final class CheckGpuLinkage {
  private static final Pattern SPARK_JAR = Pattern.compile("spark-core_[0-9.]+-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar");
  private static final int MAX_LISTED = 40;

  private CheckGpuLinkage() {}

  /**
   * Checks {@code xgboostGpu} against {@code rapids} and {@code sparkClasspath}; prints a summary and every missing
   * reference to {@code out}.
   *
   * @return whether every reference resolves
   */
  public static boolean run(Path xgboostGpu, Path rapids, List<Path> sparkClasspath, PrintStream out) {
    String world = sparkWorld(sparkClasspath);
    List<Path> classpath = new ArrayList<>(List.of(xgboostGpu, rapids));
    classpath.addAll(sparkClasspath);
    LinkageCheck.Result r = LinkageCheck.check(xgboostGpu, classpath, List.of("spark-shared", world),
        LinkageCheck.RAPIDS_PACKAGES);
    out.printf(Locale.ROOT, "%s: %d classes read, %d reference RAPIDS or cuDF: %d distinct references "
        + "checked against %s (parallel worlds spark-shared and %s) and Spark's jars%n",
        xgboostGpu.getFileName(), r.scanned(), r.referencing(), r.references(), rapids.getFileName(), world);
    if (r.linked()) {
      out.println("linkage: OK, every referenced RAPIDS and cuDF class, method and field exists");
      return true;
    }
    out.printf(Locale.ROOT, "linkage: %d reference(s) do not resolve; this XGBoost build needs another RAPIDS "
        + "release (its pom names the one it was built against):%n", r.missing().size());
    r.missing().stream().collect(Collectors.groupingBy(LinkageCheck.Reference::target,
            TreeMap::new, Collectors.mapping(LinkageCheck.Reference::from, Collectors.toCollection(TreeSet::new))))
        .entrySet().stream().limit(MAX_LISTED)
        .forEach(e -> out.printf(Locale.ROOT, "  missing %s (used by %s)%n", e.getKey(),
            e.getValue().stream().map(c -> c.replace('/', '.')).collect(Collectors.joining(", "))));
    long distinct = r.missing().stream().map(LinkageCheck.Reference::target).distinct().count();
    if (distinct > MAX_LISTED) {
      out.printf(Locale.ROOT, "  ... and %d more%n", distinct - MAX_LISTED);
    }
    return false;
  }

  /** The RAPIDS parallel world of the Spark release on {@code sparkClasspath}, e.g. {@code spark355}. */
  public static String sparkWorld(List<Path> sparkClasspath) {
    for (Path p : sparkClasspath) {
      Matcher m = SPARK_JAR.matcher(p.getFileName().toString());
      if (m.matches()) {
        return "spark" + m.group(1) + m.group(2) + m.group(3);
      }
    }
    throw new IllegalArgumentException("Cannot check the GPU linkage: no spark-core jar on the Spark class path "
        + sparkClasspath.size() + " jar(s); pass jobs/target/spark-classpath.txt of a built checkout");
  }

  /**
   * {@code CheckGpuLinkage <gpu-jars dir> <spark-classpath.txt>}: exit 0 when linked, 1 when a reference is
   * missing, 2 when an input is missing.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: CheckGpuLinkage <target/gpu-jars> <jobs/target/spark-classpath.txt>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Path xgboost = only(dir, "xgboost4j-spark-gpu_");
    Path rapids = only(dir, "rapids-4-spark_");
    List<Path> spark = Stream.of(Files.readString(Path.of(args[1])).trim().split(":")).filter(s -> !s.isBlank())
        .map(Path::of).toList();
    System.exit(run(xgboost, rapids, spark, System.out) ? 0 : 1);
  }

  private static Path only(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(prefix)
          && f.getFileName().toString().endsWith(".jar")).sorted().toList();
      if (found.size() != 1) {
        System.err.printf("Cannot check the GPU linkage: %d %s*.jar in %s, expected one; run 'mvn -Pgpu -DskipTests "
            + "package'%n", found.size(), prefix, dir);
        System.exit(2);
      }
      return found.get(0);
    }
  }
}
