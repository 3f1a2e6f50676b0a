"""The MLflow side of the sync ui-tests, through the official MLflow client.

Run with the repository's venv (``../.venv/bin/python mlflow_client.py ...``):

  show URI RUNLOG_RUN_ID
      Print, as JSON, every MLflow run tagged ``runlog.run_id`` = RUNLOG_RUN_ID
      (all experiments, deleted runs too): params, metric histories with steps,
      status, lifecycle stage, times, tags, artifact paths. ``{"runs": [...]}``;
      a test expects exactly one.
  log-runs URI EXPERIMENT_NAME COUNT
      Log COUNT finished runs to the experiment the way a user's script does
      (``mlflow.start_run``, ``log_params``, ``log_metric`` with steps) and print
      ``{"run_ids": [...], "experiment_id": ...}``.
"""

import argparse
import json
import sys


def show(uri: str, runlog_run_id: str) -> dict:
    from mlflow.entities import ViewType
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    experiments = client.search_experiments(view_type=ViewType.ACTIVE_ONLY)
    runs = []
    if experiments:
        found = client.search_runs(
            [e.experiment_id for e in experiments],
            filter_string=f"tags.\"runlog.run_id\" = '{runlog_run_id}'",
            run_view_type=ViewType.ALL,
        )
        names = {e.experiment_id: e.name for e in experiments}
        for run in found:
            run_id = run.info.run_id
            runs.append(
                {
                    "run_id": run_id,
                    "experiment_id": run.info.experiment_id,
                    "experiment_name": names.get(run.info.experiment_id),
                    "run_name": run.info.run_name,
                    "status": run.info.status,
                    "lifecycle_stage": run.info.lifecycle_stage,
                    "start_time": run.info.start_time,
                    "end_time": run.info.end_time,
                    "params": run.data.params,
                    "tags": run.data.tags,
                    "metrics": {
                        key: sorted(
                            [m.step, m.value, m.timestamp]
                            for m in client.get_metric_history(run_id, key)
                        )
                        for key in run.data.metrics
                    },
                    "artifacts": _artifact_paths(client, run_id, None),
                }
            )
    return {"runs": runs}


def _artifact_paths(client, run_id: str, folder) -> list:
    paths = []
    for entry in client.list_artifacts(run_id, folder):
        if entry.is_dir:
            paths += _artifact_paths(client, run_id, entry.path)
        else:
            paths.append(entry.path)
    return sorted(paths)


def log_runs(uri: str, experiment_name: str, count: int) -> dict:
    import mlflow

    mlflow.set_tracking_uri(uri)
    experiment = mlflow.set_experiment(experiment_name)
    run_ids = []
    for index in range(count):
        with mlflow.start_run(run_name=f"script run {index + 1}") as run:
            mlflow.log_params({"lr": 0.1 / (index + 1), "model": "script", "index": index})
            for step in range(5):
                mlflow.log_metric("loss", round(1.0 / (step + 1 + index), 6), step=step)
            mlflow.log_metric("accuracy", 0.5 + 0.1 * index)
            run_ids.append(run.info.run_id)
    return {"run_ids": run_ids, "experiment_id": experiment.experiment_id}


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    show_parser = commands.add_parser("show")
    show_parser.add_argument("uri")
    show_parser.add_argument("runlog_run_id")
    log_parser = commands.add_parser("log-runs")
    log_parser.add_argument("uri")
    log_parser.add_argument("experiment_name")
    log_parser.add_argument("count", type=int)
    args = parser.parse_args(argv)
    if args.command == "show":
        answer = show(args.uri, args.runlog_run_id)
    else:
        answer = log_runs(args.uri, args.experiment_name, args.count)
    # MLflow may print to stdout (run links); the answer is the last line.
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
