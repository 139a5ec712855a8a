"""Errors, retries, timeouts, TLS policy, validation mode and logging."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable

import httpx
import pytest

import fugaku
from fugaku import (
    AlreadyExists,
    APIError,
    AuthenticationError,
    ConfigurationError,
    NotFound,
    Overwrite,
    ProtocolError,
    SpecDriftWarning,
    TransportError,
)

from ._fake import FakeAPI, ng, ok
from .conftest import Twin

HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def route(
    prefix: str, method: str, answer: Callable[[], httpx.Response]
) -> Callable[[httpx.Request], httpx.Response | None]:
    def override(request: httpx.Request) -> httpx.Response | None:
        if request.method == method and request.url.path.startswith(prefix):
            return answer()
        return None

    return override


def fail_times(
    n: int, answer: Callable[[], httpx.Response]
) -> Callable[[], httpx.Response | None]:
    calls = {"n": 0}

    def maybe() -> httpx.Response | None:
        calls["n"] += 1
        return answer() if calls["n"] <= n else None

    return maybe


# --- errors --------------------------------------------------------------------


def test_no_jobs_is_an_empty_list(api: Twin) -> None:
    assert api.list_jobs() == []
    assert api.list_history() == []


def test_error_envelope_becomes_api_error(api: Twin, fake: FakeAPI) -> None:
    message = "[ERR.] PJM 0071 pjsub Group not authorized to submit a job: group(59999)"
    fake.overrides.append(
        route(
            "/queue/computer/",
            "POST",
            lambda: ng(400, "E003001", message, "job_operation"),
        )
    )
    with pytest.raises(APIError) as caught:
        api.submit(script="#!/bin/sh\n", name="x")
    error = caught.value
    assert (error.status_code, error.err_id, error.pjm_code) == (400, "E003001", 71)
    assert error.err_msg == message
    assert error.operation == "submit_job"


@pytest.mark.parametrize("status", [502, 520])
def test_html_gateway_pages_become_protocol_errors(
    api: Twin, fake: FakeAPI, status: int
) -> None:
    page = lambda: httpx.Response(  # noqa: E731
        status, text=HTML, headers={"content-type": "text/html"}
    )
    fake.overrides.append(route("/status/", "GET", page))
    with pytest.raises(ProtocolError) as caught:
        api.machines()
    assert caught.value.status_code == status
    assert "Bad Gateway" in caught.value.body_excerpt


def test_non_standard_status_with_json_is_an_api_error(
    api: Twin, fake: FakeAPI
) -> None:
    fake.overrides.append(route("/status/", "GET", lambda: ng(520, "E9", "odd", "Odd")))
    with pytest.raises(APIError) as caught:
        api.machines()
    assert caught.value.status_code == 520


def test_200_with_a_non_json_body_is_a_protocol_error(api: Twin, fake: FakeAPI) -> None:
    fake.overrides.append(
        route("/status/", "GET", lambda: httpx.Response(200, text="hi"))
    )
    with pytest.raises(ProtocolError):
        api.machines()


def test_200_with_status_ng_is_an_error(api: Twin, fake: FakeAPI) -> None:
    body = {"status": "NG", "err_id": "E1", "err_msg": "bad", "error": "Oops"}
    fake.overrides.append(
        route("/command/", "POST", lambda: httpx.Response(200, json=body))
    )
    with pytest.raises(APIError, match="bad"):
        api.command("true")


@pytest.mark.parametrize(
    "headers", [{}, {"www-authenticate": 'Bearer error="invalid_token"'}]
)
def test_401_becomes_authentication_error(
    api: Twin, fake: FakeAPI, headers: dict[str, str]
) -> None:
    fake.overrides.append(
        route("/status/", "GET", lambda: httpx.Response(401, headers=headers))
    )
    with pytest.raises(AuthenticationError, match="log in again") as caught:
        api.machines()
    assert caught.value.status_code == 401


def test_403_becomes_authentication_error(api: Twin, fake: FakeAPI) -> None:
    fake.overrides.append(route("/status/", "GET", lambda: httpx.Response(403)))
    with pytest.raises(AuthenticationError):
        api.machines()


def test_upload_conflict_and_overwrite_policy(api: Twin, fake: FakeAPI) -> None:
    api.write_bytes("/home/u10001/a", b"one")
    with pytest.raises(AlreadyExists):
        api.write_bytes("/home/u10001/a", b"two")
    skipped = api.write_bytes("/home/u10001/a", b"two", overwrite=Overwrite.SKIP)
    assert skipped.verified == "skipped"
    assert fake.files["/home/u10001/a"] == b"one"
    api.write_bytes("/home/u10001/a", b"three", overwrite=Overwrite.REPLACE)
    assert fake.files["/home/u10001/a"] == b"three"


def test_missing_file_is_not_found(api: Twin) -> None:
    with pytest.raises(NotFound):
        api.stat("/home/u10001/missing")
    assert not api.exists("/home/u10001/missing")


# --- retries -------------------------------------------------------------------


def test_get_is_retried_on_503_honouring_retry_after(api: Twin, fake: FakeAPI) -> None:
    busy = fail_times(2, lambda: httpx.Response(503, headers={"Retry-After": "0"}))
    fake.overrides.append(lambda r: busy() if r.url.path == "/status/" else None)
    assert api.machines()[0].machine == "computer"
    assert fake.count("GET", "/status/") == 3


def test_retries_are_bounded(api: Twin, fake: FakeAPI) -> None:
    fake.overrides.append(
        route("/status/", "GET", lambda: httpx.Response(504, text=HTML))
    )
    with pytest.raises(ProtocolError):
        api.machines()
    assert fake.count("GET", "/status/") == 3


def test_connection_errors_are_retried_for_get(api: Twin, fake: FakeAPI) -> None:
    def refuse() -> httpx.Response:
        raise httpx.ConnectError("refused")

    flaky = fail_times(1, refuse)
    fake.overrides.append(lambda r: flaky() if r.url.path == "/status/" else None)
    assert api.machines()
    assert fake.count("GET", "/status/") == 2


def test_commands_are_never_retried(api: Twin, fake: FakeAPI) -> None:
    def drop() -> httpx.Response:
        raise httpx.ReadError("dropped")

    fake.overrides.append(route("/command/", "POST", drop))
    with pytest.raises(TransportError):
        api.command("touch x")
    assert fake.count("POST", "/command/") == 1


def test_post_upload_is_not_retried_put_is(api: Twin, fake: FakeAPI) -> None:
    fake.overrides.append(
        route("/file/", "POST", lambda: httpx.Response(503, text=HTML))
    )
    with pytest.raises(ProtocolError):
        api.write_bytes("/home/u10001/new", b"data")
    assert fake.count("POST", "/file/") == 1
    busy = fail_times(1, lambda: httpx.Response(503, text=HTML))
    fake.overrides.append(lambda r: busy() if r.method == "PUT" else None)
    api.write_bytes("/home/u10001/new", b"data", overwrite=Overwrite.REPLACE)
    assert fake.count("PUT", "/file/") == 2
    assert fake.files["/home/u10001/new"] == b"data"


# --- timeouts, TLS -----------------------------------------------------------------


def test_default_timeouts_are_set(api: Twin, fake: FakeAPI) -> None:
    api.machines()
    api.submit(script="#!/bin/sh\n", name="t")
    status_timeout = fake.requests[0].extensions["timeout"]
    submit_timeout = fake.requests[-1].extensions["timeout"]
    assert status_timeout["connect"] == 10.0
    assert status_timeout["read"] == 60.0
    assert submit_timeout["read"] == 300.0


def test_plain_http_to_remote_hosts_is_refused(
    make_client: Callable[..., Twin],
) -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure_http"):
        make_client(base_url="http://api.example.org")
    make_client(base_url="http://api.example.org", allow_insecure_http=True)
    make_client(base_url="http://localhost:8080")
    make_client(base_url="http://[::1]:8080")
    make_client(base_url="https://api.example.org")


def test_default_url_and_environment_override(
    make_client: Callable[..., Twin], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FUGAKU_API_URL", raising=False)
    assert make_client().options.base_url == "https://api.fugaku.r-ccs.riken.jp"
    monkeypatch.setenv("FUGAKU_API_URL", "http://127.0.0.1:5000/")
    assert make_client().options.base_url == "http://127.0.0.1:5000"


# --- validation mode, logging ---------------------------------------------------------


def test_validation_mode_warns_about_drift(
    make_client: Callable[..., Twin], fake: FakeAPI
) -> None:
    body = [{"status": "OK", "machine": "computer", "load": 3}]
    fake.overrides.append(
        route("/status/", "GET", lambda: httpx.Response(200, json=body))
    )
    api = make_client(
        base_url="http://127.0.0.1:9", validate=True, transport=fake.transport()
    )
    with pytest.warns(SpecDriftWarning, match=r"list_machines.*load"):
        api.machines()


def test_validation_mode_from_environment(
    make_client: Callable[..., Twin], fake: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.overrides.append(route("/command/", "POST", lambda: ok(42)))
    monkeypatch.setenv("FUGAKU_VALIDATE", "1")
    api = make_client(base_url="http://127.0.0.1:9", transport=fake.transport())
    with pytest.warns(SpecDriftWarning, match=r"run_command.*output"):
        api.command("echo")


def test_validation_is_off_by_default(api: Twin, fake: FakeAPI) -> None:
    fake.overrides.append(route("/command/", "POST", lambda: ok(42)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.command("echo")


def test_one_log_line_per_request_and_no_secret(
    make_client: Callable[..., Twin], fake: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "s3cr3t-access-token"
    api = make_client(
        base_url="http://127.0.0.1:9", token=secret, transport=fake.transport()
    )
    caplog.set_level(logging.DEBUG)
    api.machines()
    api.command("id")
    ours = [r for r in caplog.records if r.name == "fugaku"]
    assert len(ours) == 2
    assert all(r.levelno == logging.INFO for r in ours)
    assert "list_machines GET /status/ -> 200" in ours[0].getMessage()
    assert all(secret not in r.getMessage() for r in caplog.records)
    assert secret not in repr(fugaku.BearerToken(secret))
