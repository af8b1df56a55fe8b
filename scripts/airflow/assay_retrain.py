"""Example Airflow DAGs: retrain the churn model when its training data changed, then gate and promote
(assay_retrain); re-evaluate the champion on new evaluation versions, then run the monitor checks
(assay_monitor).

Copy this file into your DAGs folder and set ASSAY_HOME (where the Assay checkout or release lives)
and ASSAY_WAREHOUSE (where the tables and the ledger live) in the worker's environment, or as
Airflow Variables of the same names.

How it uses Assay's exit codes (see README, "Exit codes" and "Scheduling"):
  0   trained (the last stdout line, e.g. "churn-xgb:3", goes to XCom for the gate task)
  99  nothing to train: data unchanged or held back by --min-new-rows / --min-drift.
      `--skip-exit-code 99` + `skip_on_exit_code=99` mark the task SKIPPED, and the gate task with it.
  75  transient (concurrent ledger commits kept conflicting): the retries below exist for this code
      (and for lost workers). Airflow's BashOperator retries on every non-zero code; codes 2, 3 and 5
      (spec, data, reproducibility) fail again on retry, so the retry count is kept small.
  4   the gate task failed: the new model stays a candidate; the champion is unchanged.
  6   the monitor task failed: a check's newest point is anomalous (see the alerts table).
The gate compares models on identical evaluation cells: the demo spec pins its suite's versions.
If your suite has unpinned (latest) references, run `reevaluate --spec ... --stage champion` before
the gate (or use `retrain --promote`, which does both in one task).
A retry of a task that already succeeded is a no-op: Assay finds the earlier SUCCEEDED run of the
same dag_id / dag_run_id / task_id (from the AIRFLOW_CTX_* variables Airflow exports) and exits 0.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

ASSAY_HOME = os.environ.get("ASSAY_HOME", "/opt/assay")
WAREHOUSE = os.environ.get("ASSAY_WAREHOUSE", "/data/assay-warehouse")
SPEC = f"{ASSAY_HOME}/conf/specs/demo-xgb.yaml"
# scripts/submit: spark-submit with a profile (conf/spark/*.properties); pass --master for a cluster.
SUBMIT = f"{ASSAY_HOME}/scripts/submit --profile local --"
SKIP = 99

default_args = {
    "owner": "ml-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
}


def daily_dag(dag_id: str, description: str) -> DAG:
    """A DAG of this file: daily from 2026-11-01, no backfill, the retries above, and one run at a time
    (never two retrains of the same model at once)."""
    return DAG(
        dag_id=dag_id,
        description=description,
        start_date=datetime(2026, 11, 1),
        schedule="@daily",
        catchup=False,
        max_active_runs=1,
        default_args=default_args,
        tags=["assay"],
    )


def assay_task(task_id: str, command: str, timeout: timedelta, **kwargs) -> BashOperator:
    """An Assay command (its name and arguments) run through scripts/submit; kwargs go to BashOperator."""
    return BashOperator(task_id=task_id, bash_command=f"{SUBMIT} {command}", execution_timeout=timeout, **kwargs)


with daily_dag("assay_retrain", "Retrain churn-xgb when demo/train has a new version; gate and promote") as dag:
    retrain = assay_task(
        "retrain",
        f"retrain --warehouse {WAREHOUSE} --spec {SPEC} --min-new-rows 1000 --skip-exit-code {SKIP}",
        timedelta(hours=2),
        skip_on_exit_code=SKIP,
        do_xcom_push=True,  # the last stdout line: the trained model, NAME:VERSION
    )
    gate = assay_task(
        "gate",
        f"gate --warehouse {WAREHOUSE} --spec {SPEC} "
        "--challenger {{ ti.xcom_pull(task_ids='retrain') }} --promote",
        timedelta(minutes=30),
    )

    retrain >> gate


# Monitoring: after each new evaluation version, fill the champion's missing cells, then judge the
# history (README, "Monitoring"). `monitor` exits 6 when a check fails on its newest point: the task
# fails, which is the alert; its verdicts are in the ledger's `alerts` table either way. Exit 6 is not
# transient, so the monitor task does not retry.
with daily_dag(
    "assay_monitor",
    "Re-evaluate the churn-xgb champion on new evaluation versions, then run the spec's monitor checks",
) as monitor_dag:
    reevaluate = assay_task(
        "reevaluate",
        f"reevaluate --warehouse {WAREHOUSE} --spec {SPEC} --stage champion "
        "--set data.eval.latest.table=demo/eval",
        timedelta(hours=1),
    )
    monitor = assay_task("monitor", f"monitor --warehouse {WAREHOUSE} --spec {SPEC}", timedelta(minutes=30), retries=0)
    reevaluate >> monitor
