package dev.assay.run;

/**
 * Named points in a job where a crash test can stop it: with {@code ASSAY_TEST_PAUSE_AT=<name>} in
 * the environment, the job prints {@code assay: paused at <name>} to stderr on reaching that point
 * and then waits forever, so the test can kill the process exactly there (SIGKILL) and check what
 * the ledger looks like afterwards. Without the variable every call is a no-op.
 */
public final class CrashPoint {
  private static final String PAUSE_AT = System.getenv("ASSAY_TEST_PAUSE_AT");

  private CrashPoint() {}

  public static void reach(String name) {
    if (PAUSE_AT == null || !PAUSE_AT.equals(name)) {
      return;
    }
    System.err.println("assay: paused at " + name + " (pid " + ProcessHandle.current().pid() + ")");
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
