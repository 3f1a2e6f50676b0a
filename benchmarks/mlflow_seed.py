"""Write many finished runs into an MLflow experiment quickly, for the pull benchmark.

    .venv/bin/python benchmarks/mlflow_seed.py DB_PATH EXPERIMENT_NAME COUNT

Logging 10,000 runs through the tracking server takes about a thousand
seconds here (create_run, log_batch, set_terminated per run), so the runs go
straight into the server's SQLite database through MLflow's own SQLAlchemy
store and table models (the experiment from the store's API, the rows in a
few bulk inserts), as a script logging with `mlflow.log_*` would leave them:
20 params, 10 metrics (latest value and one history point each), the usual
`mlflow.*` tags, status FINISHED. The running server reads them at once.
Prints one JSON line: the experiment id, runs written, seconds.
"""

from __future__ import annotations

import json
import sys
import time
import uuid

START = 1_767_000_000_000  # After the runs the benchmark's browser holds.


def main() -> None:
    db_path, experiment_name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    began = time.monotonic()
    from mlflow.store.tracking.dbmodels.models import (
        SqlLatestMetric,
        SqlMetric,
        SqlParam,
        SqlRun,
        SqlTag,
    )
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    store = SqlAlchemyStore(f"sqlite:///{db_path}", "mlflow-artifacts:/")
    experiment = store.get_experiment_by_name(experiment_name)
    experiment_id = (
        experiment.experiment_id
        if experiment is not None
        else store.create_experiment(experiment_name)
    )
    artifact_root = store.get_experiment(experiment_id).artifact_location
    written = 0
    chunk = 1000
    while written < count:
        rows = []
        for index in range(written, min(count, written + chunk)):
            run_id = uuid.uuid4().hex
            started = START + index * 60_000
            rows.append(
                SqlRun(
                    run_uuid=run_id,
                    name=f"script-run-{index}",
                    source_type="LOCAL",
                    source_name="train.py",
                    entry_point_name="",
                    user_id="bench",
                    status="FINISHED",
                    start_time=started,
                    end_time=started + 1500,
                    source_version="",
                    lifecycle_stage="active",
                    artifact_uri=f"{artifact_root}/{run_id}/artifacts",
                    experiment_id=int(experiment_id),
                )
            )
            for key, value in (
                ("mlflow.runName", f"script-run-{index}"),
                ("mlflow.source.name", "train.py"),
                ("mlflow.source.type", "LOCAL"),
                ("mlflow.user", "bench"),
            ):
                rows.append(SqlTag(key=key, value=value, run_uuid=run_id))
            for p in range(20):
                value = str((index * 31 + p) % 97) if p % 2 else f"opt{(index + p) % 3}"
                rows.append(SqlParam(key=f"param_{p:02d}", value=value, run_uuid=run_id))
            for m in range(10):
                fields = dict(
                    key=f"metric_{m}",
                    value=((index * 13 + m * 7) % 1000) / 100,
                    timestamp=started + 1000,
                    step=0,
                    is_nan=False,
                    run_uuid=run_id,
                )
                rows.append(SqlMetric(**fields))
                rows.append(SqlLatestMetric(**fields))
        with store.ManagedSessionMaker() as session:
            session.bulk_save_objects(rows)
        written += chunk
    print(
        json.dumps(
            {
                "experiment_id": str(experiment_id),
                "runs": count,
                "seconds": round(time.monotonic() - began, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
