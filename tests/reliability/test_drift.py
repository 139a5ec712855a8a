"""Validation mode: each kind of drift gives one warning naming operation and field.

For every operation the client validates, the answer is drifted three ways
(an unknown field, a wrong type, an unknown enum value); the call must still
return its result, and exactly one ``SpecDriftWarning`` must name the
operation and the drifted field. An answer that fits the spec gives none.
"""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from fugaku import Overwrite, SpecDriftWarning
from fugaku_webapi.models import JobScript

from .conftest import Either

LISTING = "total 4\n-rw-r--r-- 1 u10001 hp120001 5 Dec  4 15:44 a.txt\n"
FILE_LINE = "-rw-r--r-- 1 u10001 hp120001 5 Dec  4 15:44 a.txt\n"
RECORD = {
    "jobid": 5,
    "jid": "5",
    "name": "x",
    "user": "u10001",
    "timeuse": "",
    "status": "EXT",
    "queue": "rscunit_ft01",
    "rsc_grp": "small",
    "elapse": "1",
}


def _text(output: str) -> dict[str, Any]:
    return {"status": "OK", "output": output, "error": ""}


# operation id -> (method, path, good body, call)
CASES: dict[str, tuple[str, str, Any, Callable[[Either], Any]]] = {
    "list_machines": (
        "GET",
        "/status/",
        [{"status": "OK", "machine": "computer"}],
        lambda c: c.machines(),
    ),
    "get_machine_status": (
        "GET",
        "/status/computer",
        {"status": "OK", "machine": "computer"},
        lambda c: c.machine_status(),
    ),
    "run_command": (
        "POST",
        "/command/computer/",
        _text("hi\n"),
        lambda c: c.command("x"),
    ),
    "list_directory": (
        "GET",
        "/file/computer/d/",
        _text(LISTING),
        lambda c: c.listdir("/d"),
    ),
    "list_jobs": (
        "GET",
        "/queue/computer",
        {"status": "OK", "output": [RECORD], "error": ""},
        lambda c: c.list_jobs(),
    ),
    "list_finished_jobs": (
        "GET",
        "/queue/computer/sacct",
        {"status": "OK", "output": [RECORD], "error": ""},
        lambda c: c.list_history(),
    ),
    "get_job": (
        "GET",
        "/queue/computer/5",
        {"status": "OK", "output": [RECORD], "error": ""},
        lambda c: c.job_records(5),
    ),
    "submit_job": (
        "POST",
        "/queue/computer/",
        _text("[INFO] PJM 0000 pjsub Job 5 submitted."),
        lambda c: c.submit(script="#!/bin/sh\n", name="x"),
    ),
    "cancel_job": (
        "DELETE",
        "/queue/computer/5",
        _text("[INFO] PJM 0100 pjdel Accepted job 5."),
        lambda c: c.cancel(5),
    ),
    "overwrite_file": (
        "PUT",
        "/file/computer/a.txt",
        _text("0"),
        lambda c: c.write_bytes("/a.txt", b"hello", overwrite=Overwrite.REPLACE).size,
    ),
    "upload_file": (
        "POST",
        "/file/computer/a.txt",
        _text("0"),
        lambda c: c.write_bytes("/a.txt", b"hello").size,
    ),
    "create_job_script": (
        "PUT",
        "/queue/computer/jobscript",
        _text("0"),
        lambda c: c.make_job_script("/j.sh", JobScript()),
    ),
    "get_disk_usage": (
        "GET",
        "/usage/computer/disk/",
        {"status": "OK", "output": "10 GB", "error": ""},
        lambda c: c.disk_usage(),
    ),
}


def _item(body: Any) -> dict[str, Any]:
    """Where a field is drifted: the record or item when there is one."""
    output = body.get("output") if isinstance(body, dict) else None
    holder = body if isinstance(body, list) else output
    item: dict[str, Any] = holder[0] if isinstance(holder, list) else body
    return item


def unknown_field(body: Any) -> str:
    _item(body)["surprise_field"] = 1
    return "surprise_field"


def wrong_type(body: Any) -> str:
    item = _item(body)
    name = next(k for k in ("elapse", "error", "machine") if k in item)
    item[name] = [1] if name == "elapse" else 7
    return name


def unknown_enum(body: Any) -> str:
    # The envelope's status is the one enum of the answers: a job record's
    # PJM state is plain text in the spec (see docs/reliability.md).
    (body[0] if isinstance(body, list) else body)["status"] = "MAYBE"
    return "status"


def _in_place(body: Any) -> Any:
    """A deep copy whose first list item can be changed in place."""
    copied = copy.deepcopy(body)
    if isinstance(copied, list):
        copied[0] = dict(copied[0])
    return copied


def _handler(op: str, body: Any) -> Callable[[httpx.Request], httpx.Response]:
    method, path, _, _ = CASES[op]

    def handle(request: httpx.Request) -> httpx.Response:
        here = request.url.raw_path.decode().split("?")[0]
        if request.method == method and here == path:
            return httpx.Response(200, json=body)
        if here == "/file/computer/a.txt/":  # upload's size check
            return httpx.Response(200, json=_text(FILE_LINE))
        return httpx.Response(404, json={"detail": "Not Found"})

    return handle


def _run(client: Either, op: str) -> tuple[Any, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CASES[op][3](client)
    drift = [str(w.message) for w in caught if w.category is SpecDriftWarning]
    others = [w for w in caught if w.category is not SpecDriftWarning]
    assert others == []
    return result, drift


@pytest.mark.parametrize("op", sorted(CASES))
def test_answers_that_fit_the_spec_give_no_warning(
    make_client: Callable[..., Either], op: str
) -> None:
    client = make_client(_handler(op, CASES[op][2]), validate=True)

    _, drift = _run(client, op)

    assert drift == []


@pytest.mark.parametrize("drift", [unknown_field, wrong_type, unknown_enum])
@pytest.mark.parametrize("op", sorted(CASES))
def test_each_drift_gives_one_warning_naming_operation_and_field(
    make_client: Callable[..., Either], op: str, drift: Callable[[Any], str]
) -> None:
    body = _in_place(CASES[op][2])
    if isinstance(body, dict) and isinstance(body.get("output"), list):
        body["output"] = [dict(body["output"][0])]
    field = drift(body)
    expected, _ = _run(make_client(_handler(op, CASES[op][2])), op)
    client = make_client(_handler(op, body), validate=True)

    result, warned = _run(client, op)

    assert len(warned) == 1, warned
    assert op in warned[0]
    assert field in warned[0]
    assert "list[JobRecord]" not in warned[0]  # the field, not union branches
    if drift is unknown_field:  # the others change what the result reports
        assert result == expected


def test_environment_switches_validation_on(
    make_client: Callable[..., Either], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = _in_place(CASES["list_jobs"][2])
    body["output"] = [dict(RECORD, surprise_field=1)]
    monkeypatch.setenv("FUGAKU_VALIDATE", "1")
    client = make_client(_handler("list_jobs", body))

    _, warned = _run(client, "list_jobs")

    assert len(warned) == 1
    assert json.dumps("surprise_field")[1:-1] in warned[0]


def test_a_drifted_record_field_is_named_by_its_place_in_the_body(
    make_client: Callable[..., Either],
) -> None:
    body = {"status": "OK", "output": [dict(RECORD, colour="red")], "error": ""}
    client = make_client(_handler("list_jobs", body), validate=True)

    _, warned = _run(client, "list_jobs")

    assert warned == [
        "spec drift in list_jobs response: output.0.colour: "
        "Extra inputs are not permitted"
    ]
