"""Components whose tracking process died stop reading as InProgress."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import sqlalchemy as sa

from jupyterlab_experiments._heartbeat import HEARTBEAT_TIMEOUT_S
from jupyterlab_experiments.store.schema import trial_components


def age_heartbeat(client, name, seconds):
    """Move a component's last heartbeat into the past, as if time had passed."""
    with client.store.engine.begin() as connection:
        connection.execute(
            sa.update(trial_components)
            .where(trial_components.c.name == name)
            .values(heartbeat_time=trial_components.c.heartbeat_time - seconds)
        )


def status_of(client, name):
    return client.describe_trial_component(TrialComponentName=name)["Status"]


def test_heartbeat_keeps_component_in_progress(client):
    client.create_trial_component(TrialComponentName="tc", Status={"PrimaryStatus": "InProgress"})
    revision = client.get_revision()["Revision"]

    client.send_heartbeat(TrialComponentName="tc")

    assert status_of(client, "tc") == {"PrimaryStatus": "InProgress"}
    assert client.get_revision()["Revision"] == revision


def test_missing_heartbeats_read_as_stopped(client):
    client.create_trial_component(TrialComponentName="tc", Status={"PrimaryStatus": "InProgress"})
    client.send_heartbeat(TrialComponentName="tc")

    age_heartbeat(client, "tc", HEARTBEAT_TIMEOUT_S + 1)
    stale = status_of(client, "tc")
    client.send_heartbeat(TrialComponentName="tc")

    assert stale["PrimaryStatus"] == "Stopped"
    assert "No heartbeat since" in stale["Message"]
    assert status_of(client, "tc") == {"PrimaryStatus": "InProgress"}


def test_component_without_heartbeats_keeps_status(client):
    client.create_trial_component(TrialComponentName="tc", Status={"PrimaryStatus": "InProgress"})

    assert status_of(client, "tc") == {"PrimaryStatus": "InProgress"}


def test_killed_tracker_stops_and_can_be_deleted(client, store_url, tmp_path):
    script = textwrap.dedent(
        """
        import os, signal
        from jupyterlab_experiments.tracker import Tracker

        tracker = Tracker.create(display_name="b").__enter__()
        for step in range(3):
            tracker.log_metric("loss", 1.0 / (step + 1), iteration_number=step)
        tracker.flush()
        print(tracker.trial_component.trial_component_name, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    name = finished.stdout.strip()

    assert finished.returncode == -9
    assert status_of(client, name)["PrimaryStatus"] == "InProgress"

    age_heartbeat(client, name, HEARTBEAT_TIMEOUT_S + 1)
    record = client.describe_trial_component(TrialComponentName=name)

    assert record["Status"]["PrimaryStatus"] == "Stopped"
    assert record["Metrics"][0]["Count"] == 3
    client.update_trial_component(TrialComponentName=name, Status={"PrimaryStatus": "Failed"})
    assert status_of(client, name) == {"PrimaryStatus": "Failed"}
    client.delete_trial_component(TrialComponentName=name)


def test_status_filter_sees_missing_heartbeats(client):
    for name in ("alive", "dead"):
        client.create_trial_component(
            TrialComponentName=name, Status={"PrimaryStatus": "InProgress"}
        )
        client.send_heartbeat(TrialComponentName=name)
    age_heartbeat(client, "dead", HEARTBEAT_TIMEOUT_S + 1)

    def find(status):
        result = client.search(
            Resource="ExperimentTrialComponent",
            SearchExpression={"Filters": [{"Name": "Status.PrimaryStatus", "Value": status}]},
        )
        return [item["TrialComponent"]["TrialComponentName"] for item in result["Results"]]

    assert find("InProgress") == ["alive"]
    assert find("Stopped") == ["dead"]


def test_status_sort_sees_missing_heartbeats(client):
    for name in ("alive", "dead"):
        client.create_trial_component(
            TrialComponentName=name, Status={"PrimaryStatus": "InProgress"}
        )
        client.send_heartbeat(TrialComponentName=name)
    age_heartbeat(client, "dead", HEARTBEAT_TIMEOUT_S + 1)

    result = client.search(
        Resource="ExperimentTrialComponent", SortBy="Status.PrimaryStatus", SortOrder="Ascending"
    )
    names = [item["TrialComponent"]["TrialComponentName"] for item in result["Results"]]

    assert names == ["alive", "dead"]
