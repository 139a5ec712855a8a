"""A submission that times out on the client while the emulator accepts it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from fugaku import JobState, SubmissionUncertain

from .conftest import Twin


@pytest.fixture(scope="module")
def slow_emu() -> Iterator[Any]:
    emulator = pytest.importorskip("fugaku_emulator")
    with emulator.Emulator(emulator.EmulatorConfig(submit_delay=1.5)) as running:
        yield running


def test_timed_out_submit_yields_one_job(
    make_client: Callable[..., Twin], slow_emu: Any
) -> None:
    token = slow_emu.token_response()["access_token"]
    api = make_client(
        base_url=slow_emu.api_url,
        token=token,
        submit_timeout=httpx.Timeout(0.3),
        submit_lookup_window=30.0,
    )
    before = slow_emu.stats.submissions
    name = f"slow{int(api.is_async)}"
    job_id = api.submit(script="#!/bin/bash\necho done\n", name=name)
    assert slow_emu.stats.submissions == before + 1
    jobs = [job for job in api.list_jobs() + api.list_history() if job.name == name]
    assert [job.id for job in jobs] == [job_id]
    assert api.wait(job_id, timeout=60).state is JobState.EXT


def test_gateway_error_on_submit_is_reported_not_repeated(
    make_client: Callable[..., Twin], emu: Any
) -> None:
    token = emu.token_response()["access_token"]
    api = make_client(base_url=emu.api_url, token=token, submit_lookup_window=0.2)
    emu.faults.add("submit_job", "status", status=504, count=1)
    before = emu.stats.submissions
    asked = emu.stats.requests["submit_job"]
    name = f"unsure{int(api.is_async)}"
    try:
        with pytest.raises(SubmissionUncertain, match=name) as caught:
            api.submit(script="#!/bin/bash\necho done\n", name=name)
    finally:
        emu.faults.clear()
    assert "before submitting again" in str(caught.value)
    assert emu.stats.submissions == before
    assert emu.stats.requests["submit_job"] == asked + 1


def test_dropped_submit_answer_finds_the_job(
    make_client: Callable[..., Twin], emu: Any
) -> None:
    token = emu.token_response()["access_token"]
    api = make_client(base_url=emu.api_url, token=token, submit_lookup_window=10.0)
    emu.faults.add("submit_job", "drop", count=1, after_bytes=0)
    before = emu.stats.submissions
    name = f"dropped{int(api.is_async)}"
    try:
        job_id = api.submit(script="#!/bin/bash\necho done\n", name=name)
    finally:
        emu.faults.clear()
    assert emu.stats.submissions == before + 1
    assert api.job(job_id).name == name
