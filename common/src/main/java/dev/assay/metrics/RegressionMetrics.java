package dev.assay.metrics;

import dev.assay.errors.Preconditions;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Regression metrics from {@link RegressionSums}, with n rows and err = prediction - label:
 * {@value #RMSE} = sqrt(sum err^2 / n), {@value #MAE} = sum |err| / n, {@value #R2} = 1 - SSE /
 * SST, {@value #MEAN_ERROR} = sum err / n (positive when predictions run high), {@value #N_ROWS}.
 *
 * <p>Means and R2 are formed from the exact sums in {@link BigDecimal} and rounded to a double at
 * the end, so they depend only on the sums, never on partitioning. SST is n * sum y^2 - (sum y)^2
 * (over n), exact, so a constant label gives exactly zero: R2 is then undefined rather than a
 * division by rounding noise. R2 is also undefined in the absurd case where SSE / SST does not
 * fit a double. With no rows, every metric but n_rows (0) is undefined.
 */
public final class RegressionMetrics {
  public static final String RMSE = "rmse";
  public static final String MAE = "mae";
  public static final String R2 = "r2";
  public static final String MEAN_ERROR = "mean_error";
  public static final String N_ROWS = "n_rows";

  /** Metric names in the order {@link #compute} returns them. */
  public static final List<String> NAMES = List.of(RMSE, MAE, R2, MEAN_ERROR, N_ROWS);

  // 34 significant digits before the final rounding to a double's ~17.
  private static final MathContext PRECISION = MathContext.DECIMAL128;

  private RegressionMetrics() {}

  /** Computes all regression metrics from exact sums. */
  public static List<MetricValue> compute(RegressionSums sums) {
    Preconditions.checkNotNull(sums, "Cannot compute regression metrics: sums are null");
    long n = sums.count();
    if (n == 0) {
      return NAMES.stream()
          .map(name -> name.equals(N_ROWS) ? MetricValue.ok(N_ROWS, 0.0) : MetricValue.undefined(name))
          .toList();
    }
    BigDecimal rows = BigDecimal.valueOf(n);
    BigDecimal sse = sums.squaredError().exact();
    return List.of(
        MetricValue.ok(RMSE, Math.sqrt(mean(sse, rows))),
        MetricValue.ok(MAE, mean(sums.absoluteError().exact(), rows)),
        r2(sse, sums, rows),
        MetricValue.ok(MEAN_ERROR, mean(sums.error().exact(), rows)),
        MetricValue.ok(N_ROWS, (double) n));
  }

  private static MetricValue r2(BigDecimal sse, RegressionSums sums, BigDecimal rows) {
    BigDecimal sumY = sums.label().exact();
    // n * SST, exactly; scaling both sides by n avoids a rounded division before the subtraction.
    BigDecimal scaledSst = rows.multiply(sums.squaredLabel().exact()).subtract(sumY.multiply(sumY));
    if (scaledSst.signum() <= 0) {
      return MetricValue.undefined(R2);
    }
    BigDecimal unexplained = rows.multiply(sse).divide(scaledSst, PRECISION);
    double r2 = BigDecimal.ONE.subtract(unexplained).doubleValue();
    return Double.isFinite(r2) ? MetricValue.ok(R2, r2) : MetricValue.undefined(R2);
  }

  private static double mean(BigDecimal sum, BigDecimal rows) {
    return sum.divide(rows, PRECISION).doubleValue();
  }
}
