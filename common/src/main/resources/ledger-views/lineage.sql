-- lineage: data version -> model -> metrics -> scores, one row per edge, every row naming its model.
-- step 1 'train_data': a data version the model was trained on;
-- step 2 'evaluation': the model's headline metric (roc_auc, macro_f1 or rmse) on an evaluation cell;
-- step 3 'scores': a successful 'assay score' run of the model, one row per input and output version.
SELECT md.model_name, md.model_version, md.stage, md.model_hash, 1 AS step, 'train_data' AS kind,
       d.role AS role, d.table AS data_table, d.table_id AS data_table_id, d.version AS data_version,
       CAST(NULL AS STRING) AS eval_filter, CAST(NULL AS STRING) AS metric_code_version,
       CAST(NULL AS STRING) AS metric, CAST(NULL AS DOUBLE) AS value, md.train_rows AS n_rows,
       md.run_id, md.created_at AS at
FROM ${db}.models md LATERAL VIEW explode(md.train_data) t AS d
UNION ALL
SELECT md.model_name, md.model_version, md.stage, md.model_hash, 2, 'evaluation',
       m.eval_name, m.eval_table, m.eval_table_id, m.eval_version,
       m.eval_filter, m.metric_code_version, m.metric, m.value, m.n_rows, m.run_id, m.computed_at
FROM ${db}.models md
JOIN ${db}.metrics m ON m.model_name = md.model_name AND m.model_version = md.model_version
WHERE m.slice_column IS NULL AND m.metric IN ('roc_auc', 'macro_f1', 'rmse')
UNION ALL
SELECT md.model_name, md.model_version, md.stage, md.model_hash, 3, 'scores',
       d.role, d.table, d.table_id, d.version,
       CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS DOUBLE), CAST(NULL AS BIGINT),
       r.run_id, r.ended_at
FROM ${db}.runs r
JOIN ${db}.models md ON concat(md.model_name, ':', md.model_version) = get_json_object(r.spec, '$.model')
LATERAL VIEW explode(r.data_versions) t AS d
WHERE r.command = 'score' AND r.status = 'SUCCEEDED'
