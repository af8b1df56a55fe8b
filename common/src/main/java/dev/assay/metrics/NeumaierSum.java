package dev.assay.metrics;

/**
 * Compensated (Neumaier) summation. Not order-independent: callers feed it in a fixed order
 * (bins by descending score), which makes the result a function of the data; the compensation
 * keeps that function close to the exact sum when terms differ wildly in size.
 */
final class NeumaierSum {
  private double sum;
  private double compensation;

  void add(double x) {
    double t = sum + x;
    // The lost low-order bits belong to whichever operand is smaller in magnitude.
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
  }

  double value() {
    return sum + compensation;
  }
}
