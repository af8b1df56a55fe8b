package dev.assay.gpu;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What this JVM's machine offers for computing: the CPU model, whether a CUDA device is visible,
 * and the GPU model. Recorded on runs and metric rows ({@code device_model}) where the work ran
 * on this machine (local mode) or was probed on an executor; null when unknown, never guessed.
 */
public final class DeviceModel {
  static final Path PROC_NVIDIA = Path.of("/proc/driver/nvidia");

  private DeviceModel() {}

  /** The CPU's "model name" from /proc/cpuinfo, or null where that is not readable (not Linux). */
  public static String cpu() {
    return CpuHolder.MODEL;
  }

  private static final class CpuHolder {
    static final String MODEL = readCpu();
  }

  private static String readCpu() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: recorded as unknown
    }
    return null;
  }

  /**
   * Why no CUDA device is visible to this JVM, or null when one is: the NVIDIA driver exposes
   * {@code /proc/driver/nvidia} and {@code /dev/nvidia0}; containers without the NVIDIA runtime have neither.
   */
  public static String cudaMissing() {
    boolean driver = Files.isDirectory(PROC_NVIDIA);
    boolean device = Files.exists(Path.of("/dev/nvidia0"));
    if (driver && device) {
      return null;
    }
    return String.format("no CUDA device is visible on host %s (%s%s%s)", host(),
        driver ? "" : "no NVIDIA driver at " + PROC_NVIDIA, !driver && !device ? ", " : "",
        device ? "" : "no /dev/nvidia0");
  }

  /** The GPU model(s) from the NVIDIA driver, e.g. "NVIDIA A10G"; null when there is none or it is unreadable. */
  public static String gpu() {
    List<String> names = new ArrayList<>();
    Path gpus = PROC_NVIDIA.resolve("gpus");
    if (Files.isDirectory(gpus)) {
      try (Stream<Path> dirs = Files.list(gpus)) {
        for (Path d : dirs.sorted().toList()) {
          for (String line : Files.readAllLines(d.resolve("information"))) {
            if (line.startsWith("Model:")) {
              names.add(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // unreadable: fall back to nvidia-smi
      }
    }
    if (names.isEmpty()) {
      names.addAll(nvidiaSmiNames());
    }
    return names.isEmpty() ? null : String.join(", ", names.stream().distinct().toList());
  }

  private static List<String> nvidiaSmiNames() {
    try {
      Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader")
          .redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.exitValue() == 0 ? out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
