package dev.assay.monitor;

import dev.assay.spec.AnomalyStrategy;
import dev.assay.spec.AnomalyStrategy.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges every point of a series with one {@link AnomalyStrategy}, oldest first, each point against
 * the points before it only, so adding a point never changes the verdicts of earlier ones and a
 * rerun over the same history gives the same verdicts bit for bit (the arithmetic runs in series
 * order, in one thread).
 *
 * <p>The change strategies compare a point with the one just before it, anomalous or not: after a
 * drop, a series that stays low is reported once, at the drop. The online normal band is made only
 * of earlier points that passed (or were in the warm-up): one bad point does not widen the band
 * and hide the next. A point with too short a history is {@code not_enough_points}, not a pass.
 */
public final class AnomalyDetector {
  private AnomalyDetector() {}

  /** The verdict of every point of {@code series}, in its order. */
  public static List<Verdict> judge(AnomalyStrategy strategy, List<Point> series) {
    List<Verdict> verdicts = new ArrayList<>(series.size());
    List<Point> normal = new ArrayList<>();
    Point previous = null;
    for (Point p : series) {
      Verdict v = switch (strategy.type()) {
        case ABSOLUTE_CHANGE -> previous == null ? notEnough(p, List.of())
            : within(p, previous.value() - strategy.maxChange(), previous.value() + strategy.maxChange(),
                strategy.direction(), List.of(previous));
        case RELATIVE_CHANGE -> {
          if (previous == null) {
            yield notEnough(p, List.of());
          }
          double allowed = Math.abs(previous.value()) * strategy.maxRate();
          yield within(p, previous.value() - allowed, previous.value() + allowed, strategy.direction(),
              List.of(previous));
        }
        case BOUNDS -> within(p, strategy.lower(), strategy.upper(), strategy.direction(), List.of());
        case ONLINE_NORMAL -> normal.size() < strategy.warmup() ? notEnough(p, normal)
            : normalBand(p, normal, strategy.k(), strategy.direction());
      };
      if (!v.failed()) {
        normal.add(p);
      }
      previous = p;
      verdicts.add(v);
    }
    return verdicts;
  }

  /** Mean ± k·σ (the sample standard deviation, n − 1) of {@code history}, summed in series order. */
  private static Verdict normalBand(Point p, List<Point> history, double k, Direction direction) {
    int n = history.size();
    double sum = 0;
    for (Point h : history) {
      sum += h.value();
    }
    double mean = sum / n;
    double squares = 0;
    for (Point h : history) {
      double d = h.value() - mean;
      squares += d * d;
    }
    double sigma = Math.sqrt(squares / (n - 1));
    return within(p, mean - k * sigma, mean + k * sigma, direction, history);
  }

  private static Verdict within(Point p, Double lower, Double upper, Direction direction, List<Point> used) {
    Double lo = direction.checksFalls() ? lower : null;
    Double hi = direction.checksRises() ? upper : null;
    boolean fails = lo != null && p.value() < lo || hi != null && p.value() > hi;
    return new Verdict(p, fails ? Verdict.Status.FAIL : Verdict.Status.PASS, lo, hi, labels(used));
  }

  private static Verdict notEnough(Point p, List<Point> used) {
    return new Verdict(p, Verdict.Status.NOT_ENOUGH_POINTS, null, null, labels(used));
  }

  private static List<String> labels(List<Point> points) {
    return points.stream().map(Point::label).toList();
  }
}
