"""``GET trial-component-table/export``: CSV quoting, formula guards and every row."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from .conftest import THOUSAND_AND_ONE, error_body, strict_json

COMMIT_MESSAGE = 'fix: a, b\n"quoted" line 2'
HYPERLINK = '=HYPERLINK("http://example.invalid","x")'
FIELD_CASE_COLUMNS = [
    "TrialComponentName",
    "DisplayName",
    "Trials",
    "Experiments",
    "Parameters.commit_msg",
    "Parameters.col, name",
    "Metrics.a,b.Last",
    "Metrics.loss.Last",
]


@pytest.fixture
def hostile_table(client):
    """Field case 22: three components whose names and values break naive CSV."""
    client.create_experiment(ExperimentName="csv")
    client.create_experiment(ExperimentName="csv-2")
    client.create_trial(TrialName="csv-trial", ExperimentName="csv")
    client.create_trial(TrialName="another-trial", ExperimentName="csv-2")
    client.create_trial_component(
        TrialComponentName="tc1", DisplayName=HYPERLINK, Parameters={"commit_msg": COMMIT_MESSAGE}
    )
    client.create_trial_component(
        TrialComponentName="tc2", DisplayName="+cmd", Parameters={"col, name": "v"}
    )
    client.create_trial_component(TrialComponentName="tc3", DisplayName="plain")
    client.batch_put_metrics(
        TrialComponentName="tc1", MetricData=[{"MetricName": "a,b", "Value": -0.5}]
    )
    client.batch_put_metrics(
        TrialComponentName="tc3", MetricData=[{"MetricName": "loss", "Value": 0.25}]
    )
    for name in ("tc1", "tc2", "tc3"):
        client.associate_trial_component(TrialComponentName=name, TrialName="csv-trial")
    client.associate_trial_component(TrialComponentName="tc1", TrialName="another-trial")
    return client


async def export(api, columns, **params):
    params.setdefault("sort_by", "name")
    params.setdefault("sort_order", "ascending")
    return await api(
        "trial-component-table", "export", params={"columns": json.dumps(columns), **params}
    )


def rows_of(response):
    return list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"), newline="")))


async def test_export_field_case_parses_with_csv(api, hostile_table):
    response = await export(api, FIELD_CASE_COLUMNS, scope=json.dumps({"experiments": ["csv"]}))

    assert response.code == 200
    header, *rows = rows_of(response)
    assert header == [
        "Name",
        "Display name",
        "Trials",
        "Experiments",
        "commit_msg",
        "col, name",
        "a,b (Last)",
        "loss (Last)",
    ]
    assert rows == [
        [
            "tc1",
            "'" + HYPERLINK,
            "another-trial; csv-trial",
            "csv; csv-2",
            COMMIT_MESSAGE,
            "",
            "-0.5",
            "",
        ],
        ["tc2", "'+cmd", "csv-trial", "csv", "", "v", "", ""],
        ["tc3", "plain", "csv-trial", "csv", "", "", "", "0.25"],
    ]


async def test_export_field_case_parses_with_pandas(api, hostile_table):
    response = await export(api, FIELD_CASE_COLUMNS)

    frame = pd.read_csv(io.BytesIO(response.body), encoding="utf-8-sig")

    assert len(frame) == 3
    assert list(frame.columns)[4:6] == ["commit_msg", "col, name"]
    assert frame.loc[0, "commit_msg"] == COMMIT_MESSAGE
    assert frame.loc[0, "Display name"] == "'" + HYPERLINK
    assert frame["a,b (Last)"].dtype == "float64"
    assert frame.loc[0, "a,b (Last)"] == -0.5
    assert frame.loc[2, "loss (Last)"] == 0.25


async def test_export_bytes_follow_rfc_4180(api, hostile_table):
    response = await export(api, FIELD_CASE_COLUMNS)

    body = response.body
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    header_line, first_row = text.split("\r\n")[:2]
    assert header_line == (
        'Name,Display name,Trials,Experiments,commit_msg,"col, name","a,b (Last)",loss (Last)'
    )
    assert first_row.startswith('tc1,"\'=HYPERLINK(""http://example.invalid"",""x"")",')
    assert '"fix: a, b\n""quoted"" line 2"' in text
    assert text.endswith("\r\n")
    # Every line break outside a quoted field is CRLF.
    assert text.replace('"fix: a, b\n', "").count("\n") == text.count("\r\n")


async def test_export_headers(api, hostile_table):
    response = await export(api, ["TrialComponentName"])

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="trial-components.csv"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
    ],
)
async def test_export_guards_formula_text(api, client, value, cell):
    client.create_trial_component(TrialComponentName="tc", Parameters={"p": value})

    response = await export(api, ["Parameters.p"])

    assert rows_of(response)[1] == [cell]


async def test_export_numbers_stay_numbers(api, client):
    client.create_trial_component(
        TrialComponentName="tc",
        Parameters={"negative": -3, "tiny": 1e-05, "whole": 32, "big": 2.5e20},
        StartTime=1_700_000_000,
        EndTime=1_700_000_061.25,
    )
    client.batch_put_metrics(
        TrialComponentName="tc",
        MetricData=[{"MetricName": "m", "Value": value} for value in (-1.5, float("inf"))],
    )
    columns = [
        "Parameters.negative",
        "Parameters.tiny",
        "Parameters.whole",
        "Parameters.big",
        "Metrics.m.Min",
        "Metrics.m.Last",
        "Metrics.m.Count",
        "Duration",
    ]

    response = await export(api, columns)
    frame = pd.read_csv(io.BytesIO(response.body), encoding="utf-8-sig")

    assert rows_of(response)[1] == [
        "-3",
        "1e-05",
        "32",
        "2.5e+20",
        "-1.5",
        "Infinity",
        "2",
        "61.25",
    ]
    assert frame.iloc[0].tolist() == [-3, 1e-05, 32, 2.5e20, -1.5, float("inf"), 2, 61.25]


async def test_export_fixed_columns(api, client):
    client.create_experiment(ExperimentName="e")
    client.create_trial(TrialName="t", ExperimentName="e")
    client.create_trial_component(
        TrialComponentName="job",
        DisplayName="Training",
        Status={"PrimaryStatus": "Completed"},
        StartTime=1_700_000_000,
        EndTime=1_700_000_030,
        Source={"SourceArn": "arn:aws:sagemaker:local:000000000000:training-job/job"},
        InputArtifacts={"data": {"Value": "s3://in"}},
        OutputArtifacts={"model": {"Value": "s3://out"}},
    )
    client.associate_trial_component(TrialComponentName="job", TrialName="t")
    columns = [
        "trialcomponentname",
        "Type",
        "Status.PrimaryStatus",
        "CreationTime",
        "LastModifiedTime",
        "StartTime",
        "EndTime",
        "Duration",
        "InputArtifacts.data.Value",
        "OutputArtifacts.model.Value",
        "metrics.absent.max",
    ]

    header, row = rows_of(await export(api, columns))

    assert header == [
        "Name",
        "Type",
        "Status",
        "Created",
        "Last modified",
        "Start time",
        "End time",
        "Duration (s)",
        "data (input)",
        "model (output)",
        "absent (Max)",
    ]
    assert row[:3] == ["job", "training-job", "Completed"]
    assert row[3].endswith("Z")
    assert row[4].endswith("Z")
    assert row[5:8] == ["2023-11-14T22:13:20.000000Z", "2023-11-14T22:13:50.000000Z", "30"]
    assert row[8:] == ["s3://in", "s3://out", ""]


async def test_export_follows_filter_search_and_sort(api, hostile_table):
    by_loss = {"Filters": [{"Name": "Metrics.loss.Last", "Operator": "NotExists"}]}

    descending = await export(api, ["TrialComponentName"], sort_order="descending")
    filtered = await export(api, ["TrialComponentName"], filter=json.dumps(by_loss))
    searched = await export(api, ["TrialComponentName"], search="PLAIN")

    assert rows_of(descending)[1:] == [["tc3"], ["tc2"], ["tc1"]]
    assert rows_of(filtered)[1:] == [["tc1"], ["tc2"]]
    assert rows_of(searched)[1:] == [["tc3"]]


async def test_export_empty_scope_has_header_only(api, hostile_table):
    response = await export(api, ["TrialComponentName", "Trials"], scope="{}")

    assert response.body.decode("utf-8-sig") == "Name,Trials\r\n"


@pytest.mark.slow
async def test_export_walks_every_page_in_order(api, thousand_and_one):
    response = await export(
        api,
        ["TrialComponentName", "Metrics.acc.Max"],
        scope=json.dumps({"experiments": ["big"]}),
        sort_by="Metrics.acc.Max",
        sort_order="descending",
    )
    listed = []
    params = {
        "experiment_name": "big",
        "sort_by": "Metrics.acc.Max",
        "max_results": "100",
        "include_total_count": "false",
    }
    while True:
        body = strict_json(await api("trial-components", params=params))
        listed += [component["name"] for component in body["trial_components"]]
        if body["next_token"] is None:
            break
        params["next_token"] = body["next_token"]

    exported = [row[0] for row in rows_of(response)[1:]]
    assert len(exported) == 1001
    assert exported == listed
    assert sorted(exported) == THOUSAND_AND_ONE


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        ({}, "columns", "is required"),
        ({"columns": "TrialComponentName"}, "columns", "JSON list"),
        ({"columns": "[]"}, "columns", "1 to 2000"),
        ({"columns": '["TrialComponentName", 3]'}, "columns", "JSON list"),
        ({"columns": '["Name"]'}, "columns", "column key"),
        ({"columns": '["Tags.team"]'}, "columns", "column key"),
        ({"columns": '["Status.Message"]'}, "columns", "column key"),
        ({"columns": '["InputArtifacts.data.MediaType"]'}, "columns", "column key"),
        ({"columns": '["Metrics.acc"]'}, "columns", "Min|Max|Avg|StdDev|Last|Count"),
        ({"columns": '["Type", "type"]'}, "columns", "each column once"),
        ({"columns": '["Type"]', "sort_by": "Trials"}, "sort_by", "cannot be sorted by"),
        ({"columns": '["Type"]', "sort_order": "up"}, "sort_order", "ascending or descending"),
        ({"columns": '["Type"]', "scope": "[1]"}, "scope", "JSON object"),
        ({"columns": '["Type"]', "max_results": "5"}, "max_results", "Unknown query parameter"),
    ],
)
async def test_export_bad_request_400(api, hostile_table, params, field, fragment):
    response = await api("trial-component-table", "export", params=params)

    body = error_body(response, 400)
    assert body["field"] == field
    assert fragment in body["message"]


async def test_export_too_many_columns_400(api, hostile_table):
    columns = [f"Parameters.p{index}" for index in range(2001)]

    response = await export(api, columns)

    assert error_body(response, 400)["field"] == "columns"


async def test_export_invalid_filter_400(api, hostile_table):
    bad = {"Filters": [{"Name": "Type", "Operator": "Equals", "Value": "notebook"}]}

    response = await export(api, ["Type"], filter=json.dumps(bad))

    body = error_body(response, 400)
    assert "training-job, processing-job, other" in body["message"]


async def test_export_unknown_scope_name_404(api, hostile_table):
    response = await export(api, ["Type"], scope=json.dumps({"trials": ["no-such-trial"]}))

    body = error_body(response, 404)
    assert "no-such-trial" in body["message"]
