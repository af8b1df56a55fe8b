package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommitRetryTest {
  @Test
  void retriesConcurrentCommitsThenSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result = CommitRetry.run("t", () -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("wrapped", new ConcurrentModificationException("lost the race"));
      }
      return "committed";
    }, 5, 1);
    assertThat(result).isEqualTo("committed");
    assertThat(calls).hasValue(3);
  }

  @Test
  void givesUpAfterTheBoundAsTransient() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> CommitRetry.run("/l/metrics", () -> {
      calls.incrementAndGet();
      throw new ConcurrentModificationException("lost the race");
    }, 4, 1))
        .isInstanceOf(AssayException.class)
        .hasMessage("Ledger table '/l/metrics' kept changing under concurrent writers (4 attempts): retry the job")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.TRANSIENT);
    assertThat(calls).hasValue(4);
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> CommitRetry.run("t", () -> {
      calls.incrementAndGet();
      throw new IllegalArgumentException("bad row");
    }, 4, 1)).hasMessage("bad row");
    assertThat(calls).hasValue(1);
  }
}
