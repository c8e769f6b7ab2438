"""Training script that reports what it received, prints metric lines and logs through Tracker."""

import json
import os
import sys
import time
from pathlib import Path

import boto3
import sagemaker_containers

from jupyterlab_experiments.tracker import Tracker

environment = {key: value for key, value in os.environ.items() if key.startswith("SM_")}
for key in ("JUPYTERLAB_EXPERIMENTS_TRIAL_COMPONENT", "TRAINING_JOB_NAME", "TRAINING_JOB_ARN"):
    environment[key] = os.environ.get(key)
channel = Path(os.environ["SM_CHANNEL_TRAINING"])
report = {
    "argv": sys.argv[1:],
    "cwd": os.getcwd(),
    "environment": environment,
    "channel_files": sorted(path.name for path in channel.iterdir()),
    "training_env_hosts": sagemaker_containers.training_env().hosts,
    "boto3_account": boto3.client("sts").get_caller_identity()["Account"],
}
print("REPORT " + json.dumps(report))

print("epoch=1 loss=0.5 acc=0.25")
time.sleep(0.3)
print("epoch=2 loss=0.25 acc=0.5", file=sys.stderr)

(Path(os.environ["SM_MODEL_DIR"]) / "weights.txt").write_text("trained")
(Path(os.environ["SM_OUTPUT_DATA_DIR"]) / "notes.txt").write_text("notes")

with Tracker.load() as tracker:
    tracker.log_parameter("logged_by_script", "yes")
    tracker.log_metric("script:metric", 3.5)
