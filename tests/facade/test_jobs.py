"""Job workflows on the fake: submit recovery, wait, cancel, history matching."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from fugaku import (
    FugakuClientError,
    InvalidJobId,
    JobId,
    JobState,
    NotFound,
    SubmissionUncertain,
    WaitTimeout,
)
from fugaku._jobs import job_name_of

from ._fake import FakeAPI, ng
from .conftest import Twin


def make(make_client: Callable[..., Twin], fake: FakeAPI, **kwargs: object) -> Twin:
    return make_client(
        base_url="http://127.0.0.1:9", token="t", transport=fake.transport(), **kwargs
    )


def test_submit_returns_the_job_id(api: Twin, fake: FakeAPI) -> None:
    job_id = api.submit(script="#!/bin/sh\necho hi\n", name="hello", qopt='-L "node=1"')
    assert job_id == JobId(101)
    assert fake.jobs[0]["name"] == "hello"
    assert fake.count("POST", "/queue/") == 1


def test_job_names_follow_pjsub_rules() -> None:
    assert job_name_of('-L "node=1" -N my-job', None) == "my-job"
    assert job_name_of("-Nshort", None) == "short"
    assert job_name_of(None, "/home/u/run.sh") == "run.sh"
    assert job_name_of(None, None) == "STDIN"
    assert job_name_of("-N first -N second", None) == "second"
    assert job_name_of("--name=long", None) == "long"
    assert job_name_of("--name spaced", None) == "spaced"
    script = "#!/bin/sh\n#PJM -L node=1\n#PJM -N inscript\necho\n"
    assert job_name_of(None, None, script) == "inscript"
    assert job_name_of("-N wins", None, script) == "wins"
    assert job_name_of('-N "unbalanced', "/x/y.sh") == "y.sh"


def test_submit_timeout_finds_the_accepted_job(
    make_client: Callable[..., Twin], fake: FakeAPI
) -> None:
    def accept_then_time_out(request: httpx.Request) -> httpx.Response | None:
        if request.method == "POST" and request.url.path == "/queue/computer/":
            fake.add_job("slow", "QUE")
            raise httpx.ReadTimeout("pjsub is slow")
        return None

    fake.overrides.append(accept_then_time_out)
    api = make(make_client, fake, submit_lookup_window=1.0)
    job_id = api.submit(script="#!/bin/sh\n", name="slow")
    assert job_id == JobId(101)
    assert fake.count("POST", "/queue/") == 1
    assert len(fake.jobs) == 1


def test_submit_gateway_timeout_finds_the_job_in_history(
    make_client: Callable[..., Twin], fake: FakeAPI
) -> None:
    def accept_and_finish(request: httpx.Request) -> httpx.Response | None:
        if request.method == "POST" and request.url.path == "/queue/computer/":
            fake.add_job("quick", "EXT", history=True)
            return httpx.Response(504, text="<html>Gateway Timeout</html>")
        return None

    fake.overrides.append(accept_and_finish)
    api = make(make_client, fake, submit_lookup_window=1.0)
    assert api.submit(script="#!/bin/sh\n", name="quick") == JobId(101)
    assert fake.count("POST", "/queue/") == 1


def test_submit_uncertain_when_no_job_turns_up(
    make_client: Callable[..., Twin], fake: FakeAPI
) -> None:
    def drop(request: httpx.Request) -> httpx.Response | None:
        if request.method == "POST" and request.url.path == "/queue/computer/":
            raise httpx.RemoteProtocolError("connection dropped")
        return None

    fake.add_job("ghost", "RUN")
    fake.jobs[0]["accept_time"] = "2020-01-01T00:00:00+09:00"  # before the attempt
    fake.overrides.append(drop)
    api = make(make_client, fake, submit_lookup_window=0.05)
    with pytest.raises(SubmissionUncertain, match="ghost") as caught:
        api.submit(script="#!/bin/sh\n", name="ghost")
    assert caught.value.job_name == "ghost"
    assert fake.count("POST", "/queue/") == 1


def test_submit_refusal_is_not_looked_up(api: Twin, fake: FakeAPI) -> None:
    refusal = ng(400, "E3", "There are not enough parameters.", "job_operation")
    fake.overrides.append(lambda r: refusal if r.method == "POST" else None)
    with pytest.raises(Exception, match="not enough parameters"):
        api.submit(qopt="-N x")
    assert fake.count("GET", "/queue/") == 0


def test_wait_falls_back_to_history(api: Twin, fake: FakeAPI) -> None:
    job = fake.add_job("w", "RUN")
    polls = {"n": 0}

    def finish_after_two_polls(request: httpx.Request) -> httpx.Response | None:
        if request.method == "GET" and request.url.path.endswith(f"/{job['jobid']}"):
            polls["n"] += 1
            if polls["n"] == 2:
                fake.finish(job["jobid"], "EXT", end_code=3)
        return None

    fake.overrides.append(finish_after_two_polls)
    final = api.wait(job["jobid"], timeout=10)
    assert final.state is JobState.EXT
    assert final.end_code == 3
    assert fake.count("GET", "/queue/computer/sacct") >= 1


def test_wait_timeout_does_not_cancel(api: Twin, fake: FakeAPI) -> None:
    job = fake.add_job("long", "RUN")
    with pytest.raises(WaitTimeout) as caught:
        api.wait(job["jobid"], timeout=0.05)
    assert caught.value.last_state == "RUN"
    assert fake.count("DELETE", "/queue/") == 0
    assert fake.jobs[0]["status"] == "RUN"


def test_wait_timeout_cancels_when_asked(api: Twin, fake: FakeAPI) -> None:
    job = fake.add_job("long", "RUN")
    with pytest.raises(WaitTimeout, match="cancelled"):
        api.wait(job["jobid"], timeout=0.05, cancel_on_timeout=True)
    assert fake.count("DELETE", "/queue/") == 1


def test_wait_for_an_unknown_job_gives_up(api: Twin) -> None:
    with pytest.raises(NotFound):
        api.wait(999, timeout=10)


def test_cancel_of_a_finished_job_is_not_a_crash(api: Twin, fake: FakeAPI) -> None:
    job = fake.add_job("c", "RUN")
    assert api.cancel(job["jobid"]) is True
    assert api.cancel(job["jobid"]) is False


def test_history_matches_job_ids_client_side(api: Twin, fake: FakeAPI) -> None:
    fake.add_job("a", "EXT", history=True)
    wanted = fake.add_job("b", "EXT", history=True)
    jobs = api.list_history(jobid=str(wanted["jobid"]))
    assert [job.name for job in jobs] == ["b"]
    request = fake.requests[-1]
    assert "jobid" not in request.url.params


def test_job_list_query_uses_documented_names(api: Twin, fake: FakeAPI) -> None:
    api.list_jobs(index=2, limit=5, status="RUN", jobid="7")
    params = dict(fake.requests[-1].url.params)
    assert params == {"index": "2", "limit": "5", "status": "RUN", "jobid": "7"}


def test_find_job_and_job(api: Twin, fake: FakeAPI) -> None:
    job = fake.add_job("q", "QUE")
    assert api.job(job["jobid"]).name == "q"
    assert api.find_job(12345) is None
    with pytest.raises(NotFound):
        api.job(12345)


def test_lookup_keeps_going_through_an_outage(
    make_client: Callable[..., Twin], fake: FakeAPI
) -> None:
    failures = {"left": 3}

    def outage(request: httpx.Request) -> httpx.Response | None:
        if request.method == "POST" and request.url.path == "/queue/computer/":
            fake.add_job("outage", "QUE")
            raise httpx.ReadTimeout("pjsub is slow")
        listing = request.method == "GET" and request.url.path == "/queue/computer"
        if listing and failures["left"] > 0:
            failures["left"] -= 1
            return httpx.Response(503, text="<html>busy</html>")
        return None

    fake.overrides.append(outage)
    api = make(make_client, fake, submit_lookup_window=5.0)
    assert api.submit(script="#!/bin/sh\n", name="outage") == JobId(101)
    assert failures["left"] == 0
    assert fake.count("POST", "/queue/") == 1


@pytest.mark.parametrize("text", ["12/34", "../x", "1 2", "", "junk"])
def test_odd_job_ids_are_a_typed_error_before_any_request(
    api: Twin, fake: FakeAPI, text: str
) -> None:
    for operation in (api.job, api.find_job, api.job_records, api.wait):
        with pytest.raises(InvalidJobId, match="not a PJM job id"):
            operation(text)
    assert fake.requests == []
    assert issubclass(InvalidJobId, FugakuClientError)
    assert issubclass(InvalidJobId, ValueError)  # what JobId.parse raised before
