-- metric_history: every whole-dataset metric of every model version on every evaluation cell, with the
-- model's stage and training data, and the change against the previous evaluation version (same model)
-- and against the previous model version (same evaluation cell). Filter by model_name and metric.
SELECT m.model_name, m.model_version, md.stage, md.created_at AS model_created_at,
       concat_ws(', ', transform(md.train_data, d -> concat(d.table, '@v', d.version))) AS train_versions,
       m.eval_name, m.eval_table, m.eval_table_id, m.eval_version, m.eval_filter, m.metric_code_version,
       m.metric, m.value, m.ci_low, m.ci_high, m.status, m.n_rows,
       m.value - lag(m.value) OVER (PARTITION BY m.model_name, m.model_version, m.eval_table_id, m.eval_filter,
                                                 m.metric_code_version, m.metric
                                    ORDER BY m.eval_version) AS change_vs_previous_eval_version,
       m.value - lag(m.value) OVER (PARTITION BY m.model_name, m.eval_table_id, m.eval_version, m.eval_filter,
                                                 m.metric_code_version, m.metric
                                    ORDER BY m.model_version) AS change_vs_previous_model_version,
       m.run_id, m.computed_at
FROM ${db}.metrics m
LEFT JOIN ${db}.models md ON md.model_name = m.model_name AND md.model_version = m.model_version
WHERE m.slice_column IS NULL
