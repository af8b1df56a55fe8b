package dev.assay.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.spec.AnomalyStrategy;
import dev.assay.spec.AnomalyStrategy.Direction;
import dev.assay.spec.AnomalyStrategy.Type;
import dev.assay.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Planted drops and spikes fire, stable histories do not, and short histories are not judged. */
class AnomalyDetectorTest {
  static AnomalyStrategy absolute(double max, Direction d) {
    return new AnomalyStrategy(Type.ABSOLUTE_CHANGE, d, max, null, null, null, null, null);
  }

  static AnomalyStrategy relative(double rate, Direction d) {
    return new AnomalyStrategy(Type.RELATIVE_CHANGE, d, null, rate, null, null, null, null);
  }

  static AnomalyStrategy bounds(Double lower, Double upper, Direction d) {
    return new AnomalyStrategy(Type.BOUNDS, d, null, null, lower, upper, null, null);
  }

  static AnomalyStrategy normal(double k, int warmup, Direction d) {
    return new AnomalyStrategy(Type.ONLINE_NORMAL, d, null, null, null, null, k, warmup);
  }

  static List<Point> series(double... values) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      points.add(new Point("v" + i, i, values[i]));
    }
    return points;
  }

  /** A stable series: ROC AUC around 0.85 with normal noise (σ 0.001), seeded. */
  static double[] stable(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.85 + 0.001 * rnd.nextGaussian();
    }
    return v;
  }

  static List<Verdict.Status> statuses(AnomalyStrategy s, double... values) {
    return AnomalyDetector.judge(s, series(values)).stream().map(Verdict::status).toList();
  }

  static final Verdict.Status PASS = Verdict.Status.PASS;
  static final Verdict.Status FAIL = Verdict.Status.FAIL;
  static final Verdict.Status SHORT = Verdict.Status.NOT_ENOUGH_POINTS;

  @Test
  void aPlantedDropFiresOnceAtTheDropForEveryStrategy() {
    double[] v = stable(12, 1);
    v[8] = 0.78;  // the drop; the series stays low after it
    v[9] = 0.781;
    // Down only: the recovery at v10 is a rise, not an anomaly.
    assertThat(statuses(absolute(0.02, Direction.DOWN), v)).containsExactly(SHORT, PASS, PASS, PASS, PASS, PASS,
        PASS, PASS, FAIL, PASS, PASS, PASS);
    List<Verdict> byRate = AnomalyDetector.judge(relative(0.03, Direction.BOTH), series(v));
    assertThat(byRate).filteredOn(Verdict::failed).extracting(x -> x.point().label()).containsExactly("v8", "v10");
    assertThat(byRate.get(8).used()).containsExactly("v7");
    assertThat(byRate.get(8).lower()).isEqualTo(v[7] - Math.abs(v[7]) * 0.03);
    List<Verdict> byBand = AnomalyDetector.judge(normal(3, 5, Direction.DOWN), series(v));
    assertThat(byBand).extracting(Verdict::status).startsWith(SHORT, SHORT, SHORT, SHORT, SHORT);
    // v9 stays low: judged against the band of the points before the drop, it fails too.
    assertThat(byBand).filteredOn(Verdict::failed).extracting(x -> x.point().label()).containsExactly("v8", "v9");
    assertThat(byBand.get(8).upper()).as("direction down: no upper bound").isNull();
    assertThat(AnomalyDetector.judge(bounds(0.8, null, Direction.BOTH), series(v))).extracting(Verdict::status)
        .containsExactly(PASS, PASS, PASS, PASS, PASS, PASS, PASS, PASS, FAIL, FAIL, PASS, PASS);
  }

  @Test
  void aSpikeFiresOnlyWhereTheDirectionLooksForIt() {
    double[] v = {10, 10.5, 9.8, 10.2, 10.1, 25, 10.3};
    assertThat(statuses(absolute(2, Direction.UP), v)).containsExactly(SHORT, PASS, PASS, PASS, PASS, FAIL, PASS);
    // Down only: the rise is not an anomaly, the fall back after it is.
    assertThat(statuses(absolute(2, Direction.DOWN), v)).containsExactly(SHORT, PASS, PASS, PASS, PASS, PASS, FAIL);
    assertThat(statuses(relative(0.5, Direction.BOTH), v)).containsExactly(SHORT, PASS, PASS, PASS, PASS, FAIL,
        FAIL);
    assertThat(statuses(normal(3, 4, Direction.UP), v)).containsExactly(SHORT, SHORT, SHORT, SHORT, PASS, FAIL, PASS);
    assertThat(statuses(normal(3, 4, Direction.DOWN), v)).containsExactly(SHORT, SHORT, SHORT, SHORT, PASS, PASS,
        PASS);
  }

  @Test
  void stableHistoriesDoNotFire() {
    for (long seed = 1; seed <= 20; seed++) {
      double[] v = stable(30, seed);
      for (AnomalyStrategy s : List.of(absolute(0.01, Direction.BOTH), relative(0.01, Direction.BOTH),
          bounds(0.84, 0.86, Direction.BOTH), normal(4, 8, Direction.BOTH))) {
        assertThat(statuses(s, v)).as("seed %d, %s", seed, s).doesNotContain(FAIL);
      }
    }
  }

  @Test
  void theOnlineNormalBandIsNotWidenedByAnEarlierAnomaly() {
    double[] v = {0.85, 0.851, 0.849, 0.85, 0.852, 0.848, 0.5, 0.85, 0.83};
    List<Verdict> verdicts = AnomalyDetector.judge(normal(3, 5, Direction.BOTH), series(v));
    assertThat(verdicts).extracting(Verdict::status)
        .containsExactly(SHORT, SHORT, SHORT, SHORT, SHORT, PASS, FAIL, PASS, FAIL);
    // v8 (0.83) is judged against v0..v5 and v7, not against a band stretched by v6 (0.5).
    assertThat(verdicts.get(8).used()).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v7");
    List<Point> polluted = series(v);
    List<Point> history = new ArrayList<>(polluted.subList(0, 8));
    double mean = history.stream().mapToDouble(Point::value).sum() / 8;
    double sigma = Math.sqrt(history.stream().mapToDouble(p -> (p.value() - mean) * (p.value() - mean)).sum() / 7);
    assertThat(0.83).as("with the anomaly in the history the band would let v8 pass").isGreaterThan(mean - 3 * sigma);
  }

  @Test
  void aShortHistoryIsNotJudged() {
    assertThat(statuses(absolute(0.1, Direction.BOTH), 0.5)).containsExactly(SHORT);
    assertThat(statuses(normal(3, 5, Direction.BOTH), 1, 2, 3, 4, 5)).containsOnly(SHORT);
    assertThat(AnomalyDetector.judge(normal(3, 5, Direction.BOTH), series(1, 2, 3)).get(2).used())
        .containsExactly("v0", "v1");
    assertThat(AnomalyDetector.judge(absolute(0.1, Direction.BOTH), List.of())).isEmpty();
  }

  @Test
  void verdictsAreTheSameOnARerunAndANewPointNeverChangesEarlierOnes() {
    double[] v = stable(40, 7);
    v[25] = 0.7;
    AnomalyStrategy s = normal(2.5, 6, Direction.BOTH);
    List<Verdict> first = AnomalyDetector.judge(s, series(v));
    assertThat(AnomalyDetector.judge(s, series(v))).isEqualTo(first);
    List<Verdict> prefix = AnomalyDetector.judge(s, series(v).subList(0, 30));
    assertThat(first.subList(0, 30)).isEqualTo(prefix);
  }

  @Test
  void strategiesRefuseSettingsThatAreNotTheirs() {
    assertThatThrownBy(() -> new AnomalyStrategy(Type.ABSOLUTE_CHANGE, null, 0.1, 0.2, null, null, null, null))
        .isInstanceOf(SpecException.class)
        .hasMessage("Invalid spec: key 'max_rate' is not a setting of strategy absolute_change (its settings: "
            + "max_change)");
    assertThatThrownBy(() -> new AnomalyStrategy(Type.RELATIVE_CHANGE, null, null, null, null, null, null, null))
        .hasMessage("Invalid spec: missing required key 'max_rate'");
    assertThatThrownBy(() -> absolute(-1, Direction.BOTH))
        .hasMessage("Invalid spec: key 'max_change' must be a finite number of at least 0, got -1.0");
    assertThatThrownBy(() -> bounds(null, null, null))
        .hasMessage("Invalid spec: the spec sets neither lower nor upper: a bounds strategy needs at least one");
    assertThatThrownBy(() -> bounds(1.0, 0.0, null))
        .hasMessage("Invalid spec: the spec sets lower 1.0 above upper 0.0: no value can pass");
    assertThatThrownBy(() -> normal(3, 1, null))
        .hasMessage("Invalid spec: key 'warmup' must be at least 2 (a standard deviation needs two points), got 1");
    AnomalyStrategy defaults = new AnomalyStrategy(Type.ONLINE_NORMAL, null, null, null, null, null, null, null);
    assertThat(defaults.parameters()).containsExactly(Map.entry("direction", "both"),
        Map.entry("k", "3.0"), Map.entry("warmup", "5"));
    assertThatThrownBy(() -> new Point("v1", 1, Double.NaN)).hasMessage(
        "Cannot monitor point v1: its value NaN is not finite (leave undefined values out of the series)");
  }
}
