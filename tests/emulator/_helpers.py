"""Helpers for the emulator tests: strict contract checks and polling."""

from __future__ import annotations

import time
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from fugaku_webapi_strict import models as strict

M = TypeVar("M", bound=BaseModel)

HOME = "home/u10001"


def strict_body(model: type[M], response: httpx.Response) -> M:
    """Validate a JSON answer against a strict model generated from the spec."""
    assert response.headers["content-type"].startswith("application/json")
    return model.model_validate(response.json())


def text_output(response: httpx.Response) -> str:
    """Check a 200 ``TextResponse`` and return its ``output``."""
    assert response.status_code == 200, response.text
    body = strict_body(strict.TextResponse, response)
    assert body.status.root == "OK"
    return body.output


def error_body(response: httpx.Response, status: int) -> strict.ErrorObject:
    """Check an ``ErrorObject`` answer with the given status."""
    assert response.status_code == status, response.text
    return strict_body(strict.ErrorObject, response)


def job_records(response: httpx.Response) -> list[dict[str, Any]]:
    """Check a ``JobListResponse``; return its records ([] for ``No Jobs.``)."""
    assert response.status_code == 200, response.text
    body = strict_body(strict.JobListResponse, response)
    if body.status.root == "NG":
        assert body.error == "No Jobs."
        return []
    raw: list[dict[str, Any]] = response.json()["output"]
    return raw


def submit(client: httpx.Client, **body: str) -> str:
    """Submit a job; return the id pjsub printed."""
    output = text_output(client.post("/queue/computer/", json=body))
    assert output.startswith("[INFO] PJM 0000 pjsub Job ")
    assert output.endswith(" submitted.")
    return output.removeprefix("[INFO] PJM 0000 pjsub Job ").removesuffix(" submitted.")


def record_of(client: httpx.Client, jid: str) -> dict[str, Any]:
    """The record whose ``jid`` is ``jid`` (from E10)."""
    jobid = jid.split("_")[0].split("[")[0]
    records = job_records(client.get(f"/queue/computer/{jobid}"))
    return next(record for record in records if record["jid"] == jid)


def wait_status(
    client: httpx.Client, jid: str, states: set[str], timeout: float = 20.0
) -> dict[str, Any]:
    """Poll E10 until the record of ``jid`` is in one of ``states``."""
    deadline = time.monotonic() + timeout
    while True:
        record = record_of(client, jid)
        if record["status"] in states:
            return record
        if time.monotonic() > deadline:
            raise AssertionError(f"{jid} stayed {record['status']}")
        time.sleep(0.02)
