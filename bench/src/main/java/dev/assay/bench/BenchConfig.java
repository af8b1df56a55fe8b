package dev.assay.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The sizes and repetitions of one benchmark run. {@code --quick} is a small version that runs
 * in a few minutes; the full run uses the sizes; {@code --large} adds 16M rows to B5.
 *
 * @param root the project root (for {@code scripts/assay})
 * @param dataDir the bench warehouse: generated tables are kept here and reused
 * @param resultsDir where the Markdown and CSV reports go
 * @param trainRows B1 (and B3, B7, B8, B9, B11; B12 up to 100k) rows; B5 repeats B1 at each {@code scalingRows}
 * @param scalingRows B5 sizes (the first is {@code trainRows})
 * @param evalRows B2 prediction sizes
 * @param rounds XGBoost rounds for B1/B3/B5
 * @param models B4 model count
 * @param evalVersions B4 evaluation versions already in the suite
 * @param b4Rows rows of B4's training table and of each evaluation version
 * @param reps timed repetitions per side
 * @param driverHeapRows B10 predictions (distinct scores) evaluated in a child JVM with a 1 GB heap
 * @param driverHeapReps B10 repetitions (one in the full run: 100M rows take minutes)
 */
public record BenchConfig(boolean quick, Path root, Path dataDir, Path resultsDir, long trainRows,
    List<Long> scalingRows, List<Long> evalRows, int rounds, int models, int evalVersions, long b4Rows, int reps,
    int numWorkers, long driverHeapRows, int driverHeapReps, List<String> only) {

  public static BenchConfig of(boolean quick, boolean large, Path root, Path dataDir, List<String> only) {
    Path results = root.resolve("bench-results");
    if (quick) {
      return new BenchConfig(true, root, dataDir, results, 100_000, List.of(100_000L, 400_000L),
          List.of(100_000L, 400_000L), 10, 3, 2, 2_000, 3, 1, 1_000_000, 3, only);
    }
    List<Long> scaling = large ? List.of(1_000_000L, 4_000_000L, 16_000_000L) : List.of(1_000_000L, 4_000_000L);
    return new BenchConfig(false, root, dataDir, results, 1_000_000, scaling,
        List.of(1_000_000L, 4_000_000L, 10_000_000L), 100, 20, 5, 20_000, 3, 1, 100_000_000, 1, only);
  }

  /** The same run with {@code count} timed repetitions per side ({@code --reps}: more passes for noisy pairs). */
  public BenchConfig withReps(int count) {
    return new BenchConfig(quick, root, dataDir, resultsDir, trainRows, scalingRows, evalRows, rounds, models,
        evalVersions, b4Rows, count, numWorkers, driverHeapRows, driverHeapReps, only);
  }

  /** Whether benchmark {@code id} (B1..B13) is selected ({@code --only}, default all). */
  public boolean runs(String id) {
    return only.isEmpty() || only.contains(id);
  }
}
