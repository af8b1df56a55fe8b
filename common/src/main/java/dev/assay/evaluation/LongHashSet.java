package dev.assay.evaluation;

import java.io.Serializable;

/**
 * An immutable set of longs in one open-addressing table (linear probing, at most half full), for the
 * leakage check's probe of every evaluation row.
 *
 * <p>Why not a binary search of the sorted keys: row-hash keys are random, so each search walks a
 * fresh path through an 8 MB array (1M keys) and misses the CPU caches at most of its ~20 steps;
 * measured at 1M rows, that was most of the check's cost. Here a lookup is one multiply and mostly
 * one cache line.
 */
final class LongHashSet implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** Slots; 0 marks an empty one, so the key 0 is kept in {@link #hasZero}. */
  private final long[] table;
  private final int shift;
  private final boolean hasZero;

  /** The set of {@code keys} (any order; duplicates allowed). */
  LongHashSet(long[] keys) {
    int bits = Math.max(4, 64 - Long.numberOfLeadingZeros(Math.max(1L, 2L * keys.length - 1)));
    table = new long[1 << bits];
    shift = 64 - bits;
    boolean zero = false;
    int mask = table.length - 1;
    for (long k : keys) {
      if (k == 0) {
        zero = true;
        continue;
      }
      int i = slot(k);
      while (table[i] != 0 && table[i] != k) {
        i = (i + 1) & mask;
      }
      table[i] = k;
    }
    hasZero = zero;
  }

  boolean contains(long k) {
    if (k == 0) {
      return hasZero;
    }
    int mask = table.length - 1;
    for (int i = slot(k); table[i] != 0; i = (i + 1) & mask) {
      if (table[i] == k) {
        return true;
      }
    }
    return false;
  }

  /** Fibonacci hashing: the top bits of the key times the golden ratio, so sequential ids spread too. */
  private int slot(long k) {
    return (int) ((k * GOLDEN) >>> shift);
  }
}
