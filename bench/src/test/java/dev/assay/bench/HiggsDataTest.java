package dev.assay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The generator's partitions are independent streams, deterministic from the seed; no Spark needed. */
class HiggsDataTest {
  private static List<Row> rows(long seed, int partition, long first, int count) {
    List<Row> out = new ArrayList<>();
    Iterator<Row> it = HiggsData.partition(seed, partition, first, count);
    it.forEachRemaining(out::add);
    return out;
  }

  /** The feature values of a partition in order (ids excluded: they differ by construction). */
  private static List<Double> values(List<Row> rows) {
    List<Double> out = new ArrayList<>();
    for (Row r : rows) {
      for (int j = 1; j <= HiggsData.FEATURES; j++) {
        out.add(r.getDouble(j));
      }
    }
    return out;
  }

  @Test
  void partitionSeedsAreDistinctForNeighbouringPartitionsAndSeeds() {
    Set<Long> seeds = new HashSet<>();
    for (long base = 0; base < 4; base++) {
      for (int p = 0; p < 256; p++) {
        seeds.add(HiggsData.partitionSeed(base, p));
      }
    }
    assertThat(seeds).hasSize(4 * 256);
  }

  @Test
  void samePartitionSameSeedGivesSameRows() {
    assertThat(rows(7, 3, 300, 50)).isEqualTo(rows(7, 3, 300, 50));
  }

  @Test
  void partitionsAreNeitherCopiesNorShiftsOfOneAnother() {
    int n = 400;
    List<List<Double>> parts = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      parts.add(values(rows(42, p, (long) p * n, n)));
    }
    for (int a = 0; a < parts.size(); a++) {
      Set<Double> seen = new HashSet<>(parts.get(a));
      for (int b = 0; b < parts.size(); b++) {
        if (a == b) {
          continue;
        }
        // A shifted copy would share a run of values; independent streams share only the few
        // discrete ones (b-tags take 0, 1, 2) and the derived values built from them.
        long shared = parts.get(b).stream().filter(v -> v != Math.floor(v)).filter(seen::contains).count();
        assertThat(shared).as("continuous values partition %d shares with partition %d", b, a).isZero();
      }
    }
  }

  @Test
  void labelsCarryBothClassesAndTheIdsFollowTheRange() {
    List<Row> rows = rows(42, 0, 1_000, 2_000);
    long positives = rows.stream().filter(r -> r.getInt(HiggsData.FEATURES + 1) == 1).count();
    assertThat(positives).isBetween(200L, 1_800L);
    assertThat(rows.get(0).getLong(0)).isEqualTo(1_000L);
    assertThat(rows.get(1_999).getLong(0)).isEqualTo(2_999L);
    assertThat(rows.get(0).size()).isEqualTo(HiggsData.schema().size());
  }

  @Test
  void rowsLabelShortensLargeCounts() {
    assertThat(Report.rows(1_000_000)).isEqualTo("1M");
    assertThat(Report.rows(20_000)).isEqualTo("20k");
    assertThat(Report.parseRows("1.5M")).isEqualTo(1_500_000L);
    assertThat(Report.rows(999)).isEqualTo("999");
  }
}
