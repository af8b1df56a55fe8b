package dev.assay.ledger;

import java.sql.Timestamp;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the {@code alerts} table: a monitoring check's verdict on one point of one series.
 *
 * @param checkName the check's name in the spec
 * @param checkHash the hash of the check's series and strategy (part of the key)
 * @param series the series, e.g. {@code roc_auc of churn:3 on demo/eval}
 * @param point the point, e.g. {@code v4}
 * @param pointOrder the point's place in its series (a version, or an index)
 * @param value the observed value
 * @param lower the smallest passing value, or null
 * @param upper the largest passing value, or null
 * @param status {@code pass}, {@code fail} or {@code not_enough_points}
 * @param strategy the strategy's code
 * @param parameters the strategy's settings by spec key
 * @param pointsUsed the earlier points the bounds came from
 * @param latest whether this is the series' newest point (the one that sets the exit code)
 * @param runId the monitor run that first stored the row
 * @param codeVersion Assay's code version of that run
 * @param computedAt when it was stored
 */
public record AlertRecord(String checkName, String checkHash, String series, String point, long pointOrder,
    double value, Double lower, Double upper, String status, String strategy, Map<String, String> parameters,
    List<String> pointsUsed, boolean latest, String runId, String codeVersion, Timestamp computedAt) {
  public AlertRecord {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    pointsUsed = List.copyOf(pointsUsed);
  }
}
