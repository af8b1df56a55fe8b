package dev.assay.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The probe's set against {@code java.util.HashSet}: every member found, no other value. */
class LongHashSetTest {
  @Test
  void holdsExactlyItsKeysIncludingZeroAndTheExtremes() {
    Random random = new Random(5);
    long[] keys = new long[20_000];
    Set<Long> expected = new HashSet<>();
    for (int i = 0; i < keys.length; i++) {
      // Random hashes, a run of sequential ids (which share low bits), duplicates, 0 and the extremes.
      keys[i] = switch (i % 4) {
        case 0 -> random.nextLong();
        case 1 -> i;
        case 2 -> keys[i / 2];
        default -> i == 3 ? 0 : i == 7 ? Long.MIN_VALUE : i == 11 ? Long.MAX_VALUE : -i;
      };
      expected.add(keys[i]);
    }
    LongHashSet set = new LongHashSet(keys);
    for (long k : keys) {
      assertThat(set.contains(k)).as("member %d", k).isTrue();
    }
    for (int i = 0; i < 200_000; i++) {
      long k = i % 2 == 0 ? random.nextLong() : 1_000_000L + i;
      assertThat(set.contains(k)).as("%d", k).isEqualTo(expected.contains(k));
    }
    assertThat(new LongHashSet(new long[0]).contains(0)).isFalse();
    assertThat(new LongHashSet(new long[] {0}).contains(0)).isTrue();
    assertThat(new LongHashSet(new long[] {7}).contains(0)).isFalse();
  }
}
