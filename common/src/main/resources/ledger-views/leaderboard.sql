-- leaderboard: one row per (evaluation table version, evaluation filter, metric code version, model version)
-- over whole-dataset metrics, ranked within the evaluation cell by ROC AUC (binary), macro F1 (multiclass)
-- or RMSE (regression). Rows with the same rank key are comparable: same data version, same metric code.
-- train_overlap_rows > 0 marks a model measured on rows it was trained on (the leakage check; null when the
-- model has no training data in the ledger): its values are not a holdout measure.
-- ${db} is replaced by the database that holds the ledger tables (default: assay).
SELECT rank() OVER (PARTITION BY eval_table_id, eval_version, eval_filter, metric_code_version
                    ORDER BY roc_auc DESC NULLS LAST, macro_f1 DESC NULLS LAST,
                             rmse ASC NULLS LAST) AS rank, *
FROM (
  SELECT eval_name, eval_table, eval_version, eval_table_id, eval_filter, metric_code_version, model_name,
         model_version,
         max(CASE WHEN metric = 'roc_auc' THEN value END) AS roc_auc,
         max(CASE WHEN metric = 'pr_auc' THEN value END) AS pr_auc,
         max(CASE WHEN metric = 'log_loss' THEN value END) AS log_loss,
         max(CASE WHEN metric = 'brier' THEN value END) AS brier,
         max(CASE WHEN metric LIKE 'accuracy@%' OR metric = 'accuracy' THEN value END) AS accuracy,
         max(CASE WHEN metric = 'macro_f1' THEN value END) AS macro_f1,
         max(CASE WHEN metric LIKE 'f1@%' THEN value END) AS f1,
         max(CASE WHEN metric = 'rmse' THEN value END) AS rmse,
         max(CASE WHEN metric = 'mae' THEN value END) AS mae,
         max(CASE WHEN metric = 'r2' THEN value END) AS r2,
         max(n_rows) AS n_rows,
         CAST(max(CASE WHEN metric = 'train_overlap_rows' THEN value END) AS BIGINT) AS train_overlap_rows,
         max(CASE WHEN metric = 'train_overlap_share' THEN value END) AS train_overlap_share
  FROM ${db}.metrics
  WHERE slice_column IS NULL
  GROUP BY eval_name, eval_table, eval_version, eval_table_id, eval_filter, metric_code_version, model_name,
           model_version
)
