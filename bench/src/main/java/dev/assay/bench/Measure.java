package dev.assay.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Times one pass of a benchmark body and samples the heap in use every 20 ms while it runs; a
 * full GC first so every pass starts from the same live set (the peak is then what the pass adds
 * on top of the session's own data).
 */
public final class Measure {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  /** Wall and CPU nanoseconds spent in {@link #untimed} during the running pass: taken off its sample. */
  private static final AtomicLong UNTIMED_WALL = new AtomicLong();
  private static final AtomicLong UNTIMED_CPU = new AtomicLong();

  private Measure() {}

  /** A benchmark body that may throw. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code probe} inside a timed pass without charging it to the pass: what the bench itself
   * observes (Delta log listings for the commit counts, the wait for Spark's listener bus) is not
   * part of what either side does.
   */
  static <T> T untimed(Supplier<T> probe) {
    long t0 = System.nanoTime();
    long cpu0 = OS.getProcessCpuTime();
    try {
      return probe.get();
    } finally {
      UNTIMED_CPU.addAndGet(OS.getProcessCpuTime() - cpu0);
      UNTIMED_WALL.addAndGet(System.nanoTime() - t0);
    }
  }

  public static Sample time(Body body) {
    System.gc();
    UNTIMED_WALL.set(0);
    UNTIMED_CPU.set(0);
    AtomicLong peak = new AtomicLong(used());
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        peak.accumulateAndGet(used(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long t0 = System.nanoTime();
    long cpu0 = OS.getProcessCpuTime();
    ChildCpu.reset();
    try {
      body.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      done.set(true);
    }
    double seconds = (System.nanoTime() - t0 - UNTIMED_WALL.get()) / 1e9;
    double cpu = (OS.getProcessCpuTime() - cpu0 - UNTIMED_CPU.get()) / 1e9 + ChildCpu.seconds();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    peak.accumulateAndGet(used(), Math::max);
    return new Sample(seconds, cpu, peak.get());
  }

  private static long used() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
