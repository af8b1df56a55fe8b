-- alert_history: every point 'assay monitor' judged anomalous, newest first, with the bounds it broke, the
-- strategy and its settings, the points the bounds came from, and whether it is the newest point of its
-- series (the one that fails a run). Passing and not-yet-judged points are in assay.alerts.
SELECT check_name, series, point, point_order, value, lower, upper, strategy, parameters, points_used, latest,
       check_hash, run_id, computed_at
FROM ${db}.alerts
WHERE status = 'fail'
ORDER BY computed_at DESC, check_name, series, point_order DESC
