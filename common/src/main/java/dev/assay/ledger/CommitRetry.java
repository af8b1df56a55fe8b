package dev.assay.ledger;

import dev.assay.errors.LedgerErrors;
import java.util.ConcurrentModificationException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a Delta commit that lost an optimistic-concurrency race, a bounded number of times with
 * jittered back-off; afterwards the job fails as transient (exit 75) so the scheduler retries it.
 */
public final class CommitRetry {
  private static final Logger LOG = LoggerFactory.getLogger(CommitRetry.class);
  static final int MAX_ATTEMPTS = Integer.getInteger("assay.commit.maxAttempts", 8);

  private CommitRetry() {}

  public static <T> T run(String table, Supplier<T> commit) {
    return run(table, commit, MAX_ATTEMPTS, 100);
  }

  static <T> T run(String table, Supplier<T> commit, int maxAttempts, long baseSleepMs) {
    for (int attempt = 1; ; attempt++) {
      try {
        return commit.get();
      } catch (RuntimeException e) {
        if (!isConcurrentCommit(e)) {
          throw e;
        }
        if (attempt >= maxAttempts) {
          throw LedgerErrors.concurrentCommit(table, attempt, e);
        }
        long sleep = (long) (baseSleepMs * Math.pow(2, Math.min(attempt, 5)) * (0.5 + Math.random()));
        LOG.warn("ledger {}: concurrent commit, retry {}/{} in {} ms", table, attempt, maxAttempts - 1, sleep);
        try {
          Thread.sleep(sleep);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static boolean isConcurrentCommit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConcurrentModificationException
          || t.getClass().getName().startsWith("io.delta.exceptions.Concurrent")
          || t.getClass().getName().contains("ProtocolChangedException")
          || t.getClass().getName().contains("MetadataChangedException")) {
        return true;
      }
    }
    return false;
  }
}
