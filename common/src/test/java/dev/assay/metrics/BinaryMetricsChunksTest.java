package dev.assay.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Chunked passes ({@link BinaryMetrics#passAfter}, merged in score order) give the bits of one
 * sequential pass: what lets Spark compute binary metrics per range partition and bring only one
 * pass per partition to the driver.
 */
class BinaryMetricsChunksTest {
  private static final double THRESHOLD = 0.5;

  @Test
  void anySplitIntoConsecutiveChunksGivesTheSequentialBits() throws Exception {
    Random random = new Random(17);
    for (int trial = 0; trial < 25; trial++) {
      List<ScoreBin> bins = randomBins(random, 1 + random.nextInt(1500));
      long positives = bins.stream().mapToLong(ScoreBin::positives).sum();
      long negatives = bins.stream().mapToLong(ScoreBin::negatives).sum();
      List<String> sequential = bits(BinaryMetrics.compute(positives, negatives, bins.iterator(), THRESHOLD));
      for (int chunks : new int[] {1, 2, 3, 7, 64, bins.size(), bins.size() + 5}) {
        // Through Java serialization (as from a Spark task) where the chunk count is that of partitions.
        List<BinaryMetrics.Pass> passes = chunked(bins, cuts(random, bins.size(), chunks), chunks <= 64);
        assertThat(bits(BinaryMetrics.merge(positives, negatives, passes)))
            .as("trial %s, %s bins in %s chunks", trial, bins.size(), chunks)
            .isEqualTo(sequential);
      }
    }
  }

  @Test
  void theGoldenPredictionsGiveTheGoldenBitsInChunks() throws Exception {
    List<ScoreBin> bins = GoldenMetricsTest.binaryBins();
    long positives = bins.stream().mapToLong(ScoreBin::positives).sum();
    long negatives = bins.stream().mapToLong(ScoreBin::negatives).sum();
    List<String> golden = bits(BinaryMetrics.compute(positives, negatives, bins.iterator(), THRESHOLD));
    for (int chunks = 1; chunks <= bins.size() + 1; chunks++) {
      List<BinaryMetrics.Pass> passes = chunked(bins, cuts(new Random(chunks), bins.size(), chunks), false);
      assertThat(bits(BinaryMetrics.merge(positives, negatives, passes))).isEqualTo(golden);
    }
  }

  @Test
  void aChunkThatDoesNotStartWhereThePreviousEndsIsRefused() {
    BinaryMetrics.Pass top = BinaryMetrics.pass(THRESHOLD);
    top.accept(new ScoreBin(0.9, 2, 1));
    BinaryMetrics.Pass wrongCounts = BinaryMetrics.passAfter(THRESHOLD, 2, 0, 0.9);
    assertThatThrownBy(() -> top.merge(wrongCounts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot merge binary metric passes: the next starts after 2 positives, 0 negatives and "
            + "score 0.9, this one ends after 2, 1 and 0.9");
    BinaryMetrics.Pass overlapping = BinaryMetrics.passAfter(THRESHOLD, 2, 1, 0.9);
    overlapping.accept(new ScoreBin(0.8, 1, 0));
    assertThatThrownBy(() -> overlapping.accept(new ScoreBin(0.95, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute binary metrics: bins must be strictly descending by score, got 0.95 after 0.8");
    BinaryMetrics.Pass otherThreshold = BinaryMetrics.passAfter(0.4, 2, 1, 0.9);
    assertThatThrownBy(() -> top.merge(otherThreshold))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot merge binary metric passes: thresholds 0.5 and 0.4 differ");
    assertThatThrownBy(() -> overlapping.metrics())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute binary metrics of a chunk that starts below 2 positives and 1 negatives: "
            + "merge it after the passes above it");
    assertThatThrownBy(() -> BinaryMetrics.merge(3, 1, List.of(top)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute binary metrics: bins hold 2 positives and 1 negatives, totals say 3 and 1");
    assertThatThrownBy(() -> BinaryMetrics.merge(0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute binary metrics: no passes to merge");
  }

  /** Distinct scores (some on a coarse grid, some at 0, the threshold and 1), random counts. */
  static List<ScoreBin> randomBins(Random random, int size) {
    TreeSet<Double> scores = new TreeSet<>();
    scores.add(THRESHOLD);
    while (scores.size() < size) {
      double r = random.nextDouble();
      scores.add(r < 0.05 ? 0.0 : r > 0.95 ? 1.0 : random.nextBoolean() ? random.nextInt(200) / 200.0 : r);
    }
    List<ScoreBin> bins = new ArrayList<>();
    for (double s : scores.descendingSet()) {
      long pos = random.nextInt(4) == 0 ? 0 : random.nextInt(1000);
      long neg = pos == 0 ? 1 + random.nextInt(1000) : random.nextInt(1000);
      bins.add(new ScoreBin(s, pos, neg));
    }
    return bins;
  }

  /** {@code chunks - 1} sorted cut positions in [0, size]; repeated cuts make empty chunks. */
  private static int[] cuts(Random random, int size, int chunks) {
    int[] cuts = new int[chunks + 1];
    for (int i = 1; i < chunks; i++) {
      cuts[i] = random.nextInt(size + 1);
    }
    cuts[chunks] = size;
    Arrays.sort(cuts, 1, chunks);
    return cuts;
  }

  /** One pass per chunk, each started from the counts above it, optionally sent through Java serialization. */
  private static List<BinaryMetrics.Pass> chunked(List<ScoreBin> bins, int[] cuts, boolean serialize)
      throws IOException, ClassNotFoundException {
    List<BinaryMetrics.Pass> passes = new ArrayList<>();
    long positivesAbove = 0;
    long negativesAbove = 0;
    double lowestAbove = Double.POSITIVE_INFINITY;
    for (int c = 0; c + 1 < cuts.length; c++) {
      BinaryMetrics.Pass pass = BinaryMetrics.passAfter(THRESHOLD, positivesAbove, negativesAbove, lowestAbove);
      for (ScoreBin bin : bins.subList(cuts[c], cuts[c + 1])) {
        pass.accept(bin);
      }
      positivesAbove = pass.positivesSeen();
      negativesAbove = pass.negativesSeen();
      lowestAbove = pass.lowestScore();
      passes.add(serialize ? roundTrip(pass) : pass);
    }
    return passes;
  }

  private static BinaryMetrics.Pass roundTrip(BinaryMetrics.Pass pass) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(pass);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (BinaryMetrics.Pass) in.readObject();
    }
  }

  private static List<String> bits(List<MetricValue> values) {
    return values.stream().map(v -> v.metric() + "=" + (v.value() == null ? v.status()
        : Long.toHexString(Double.doubleToRawLongBits(v.value())))).toList();
  }
}
