-- champions: the current champion of each model name (stage 'champion', set by 'assay gate --promote')
-- with the training data versions it was fitted on. A name without a promoted model has no row.
SELECT model_name, model_version, algorithm, task, model_hash,
       concat_ws(', ', transform(train_data, d -> concat(d.table, '@v', d.version))) AS train_versions,
       train_data, train_rows, artifact_uri, booster_uri, code_version, engine, run_id, created_at
FROM ${db}.models
WHERE stage = 'champion'
