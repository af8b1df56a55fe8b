package dev.assay.bench;

import dev.assay.version.LibraryVersions;
import io.delta.package$;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The machine and software a benchmark ran on, printed at the top of every report. */
public final class Machine {
  private Machine() {}

  public static Map<String, String> describe(SparkSession spark) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpu", firstValue("/proc/cpuinfo", "model name"));
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("memory", firstValue("/proc/meminfo", "MemTotal"));
    m.put("jvm max heap", Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("spark", spark.version() + " (" + spark.sparkContext().master() + ", spark.task.cpus="
        + spark.sparkContext().getConf().get("spark.task.cpus", "1") + ")");
    m.put("xgboost4j-spark", LibraryVersions.xgboostVersion());
    m.put("delta", package$.MODULE$.VERSION());
    m.put("load average at start", loadAverage());
    return m;
  }

  /** The 1/5/15-minute load averages: the machine is shared, so this says how noisy a run was. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstValue(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: say so rather than fail the benchmark.
    }
    return "unknown";
  }
}
