"""``wait`` outlives a gateway outage longer than one request's retries.

Users wait for jobs for hours, unattended; a few minutes of 503s or dropped
connections at the gateway used to end the wait with ``ProtocolError``
as soon as one poll had spent its retries.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from fugaku import AuthenticationError, JobState, ProtocolError

from .conftest import Either, ok

RECORD = {
    "jobid": 7,
    "jid": "7",
    "name": "x",
    "user": "u10001",
    "timeuse": "",
    "status": "EXT",
    "queue": "rscunit_ft01",
    "rsc_grp": "small",
}


def _outage(
    failures: int, status: int = 503
) -> Callable[[httpx.Request], httpx.Response]:
    calls = {"n": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] <= failures:
            if status == 0:
                raise httpx.ReadError("connection reset", request=request)
            return httpx.Response(status, text="<html>busy</html>")
        return ok([RECORD])

    return handle


@pytest.mark.parametrize("status", [503, 502, 0])
def test_wait_keeps_polling_through_an_outage(
    make_client: Callable[..., Either], status: int
) -> None:
    client = make_client(_outage(3 * 4, status))  # four polls' worth of retries

    job = client.wait(7, timeout=60)

    assert job.state is JobState.EXT


def test_wait_gives_up_after_a_long_outage(make_client: Callable[..., Either]) -> None:
    client = make_client(_outage(10_000))

    with pytest.raises(ProtocolError, match="Try again later"):
        client.wait(7, timeout=60)


def test_wait_does_not_hide_a_refused_login(make_client: Callable[..., Either]) -> None:
    client = make_client(_outage(10_000, 401))

    with pytest.raises(AuthenticationError):
        client.wait(7, timeout=60)


def test_submit_lookup_outlives_an_outage(make_client: Callable[..., Either]) -> None:
    """After a timed-out submit, failing lookups do not end the search early."""
    queue_calls = {"n": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            raise httpx.ReadTimeout("pjsub is slow", request=request)
        queue_calls["n"] += 1
        if queue_calls["n"] <= 6:  # two lookups' worth of retries
            return httpx.Response(503, text="<html>busy</html>")
        record = dict(RECORD, status="QUE", name="slow", accept_time=_now())
        return ok([record])

    client = make_client(handle, submit_lookup_window=30.0)

    assert str(client.submit(script="#!/bin/sh\n", name="slow")) == "7"


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")
