package dev.assay.bench;

/**
 * CPU seconds used by child processes during the current pass (B6 runs its jobs as processes,
 * whose CPU time the JVM's own counter does not see); reported by {@code /usr/bin/time}.
 */
final class ChildCpu {
  private static double seconds;

  private ChildCpu() {}

  static synchronized void reset() {
    seconds = 0;
  }

  static synchronized void add(double s) {
    seconds += s;
  }

  static synchronized double seconds() {
    return seconds;
  }
}
