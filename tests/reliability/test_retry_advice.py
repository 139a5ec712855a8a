"""Which answers are retried, and errors that tell the user what to do next.

Found by the soak: a gateway's 520 on ``GET /status/`` reached the user
although the same GET is retried on 502, and ``ProtocolError`` and
``TransportError`` texts said what happened but not what to do.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from fugaku import ProtocolError, RetryPolicy, TransportError
from fugaku._protocol import RETRY_STATUSES

from .conftest import Either, ok

HTML = "<html><body><h1>Gateway error</h1></body></html>"
MACHINES = [{"status": "OK", "machine": "computer"}]


def _flaky(
    status: int, failures: int, log: list[httpx.Request]
) -> Callable[..., httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request)
        if len(log) <= failures:
            headers = {"content-type": "text/html", "retry-after": "0"}
            return httpx.Response(status, text=HTML, headers=headers)
        return httpx.Response(200, json=MACHINES)

    return handler


@pytest.mark.parametrize("status", sorted(RETRY_STATUSES))
def test_transient_gateway_answers_are_retried_for_gets(
    make_client: Callable[..., Either], status: int
) -> None:
    log: list[httpx.Request] = []
    client = make_client(_flaky(status, 2, log))

    machines = client.machines()

    assert [m.machine for m in machines] == ["computer"]
    assert len(log) == 3


def test_520_and_429_are_in_the_retry_set() -> None:
    assert {429, 502, 503, 504, 520} <= RETRY_STATUSES
    assert RetryPolicy().should_retry(1, 520)
    assert not RetryPolicy().should_retry(1, 500)


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(backoff=0.001, max_delay=5.0)
    assert policy.delay(1, "2") == 2.0
    assert policy.delay(1, "3600") == 5.0


def test_gateway_page_on_a_command_says_what_to_do(
    make_client: Callable[..., Either],
) -> None:
    log: list[httpx.Request] = []
    client = make_client(_flaky(503, 5, log))

    with pytest.raises(ProtocolError) as caught:
        client.command("touch x")

    assert len(log) == 1  # never retried: it may have run
    assert "try again later" in str(caught.value).lower()
    assert "check first whether it took effect" in str(caught.value)


def test_dropped_command_says_it_was_not_retried(
    make_client: Callable[..., Either],
) -> None:
    log: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request)
        raise httpx.RemoteProtocolError("peer closed", request=request)

    client = make_client(handler)
    with pytest.raises(TransportError) as caught:
        client.command("touch x")

    assert len(log) == 1
    assert "not retried" in str(caught.value)
    assert "check before repeating it" in str(caught.value)


def test_get_that_keeps_failing_says_try_again_later(
    make_client: Callable[..., Either],
) -> None:
    log: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request)
        raise httpx.ConnectError("refused", request=request)

    client = make_client(handler)
    with pytest.raises(TransportError, match="try again later") as caught:
        client.machines()

    assert len(log) == 3
    assert "ConnectError" in str(caught.value)


def test_success_after_a_drop_is_returned(make_client: Callable[..., Either]) -> None:
    log: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request)
        if len(log) == 1:
            raise httpx.ReadError("reset", request=request)
        return ok("")

    client = make_client(handler)
    assert client.list_jobs() == []
    assert len(log) == 2


@pytest.mark.parametrize(("given", "method"), [("replace", "PUT"), ("error", "POST")])
def test_overwrite_policy_given_as_text_is_honoured(
    make_client: Callable[..., Either], given: str, method: str
) -> None:
    """``overwrite="replace"`` used to be compared by identity and sent a POST."""
    log: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request)
        if request.url.params.get("view") == "read":
            return ok("-rw-r--r-- 1 u g 5 Dec  4 15:44 a.txt\n")
        return ok("0")

    make_client(handler).write_bytes("/a.txt", b"hello", overwrite=given)

    assert log[0].method == method


def test_unknown_overwrite_policy_is_refused(
    make_client: Callable[..., Either],
) -> None:
    client = make_client(lambda request: ok("0"))
    with pytest.raises(ValueError, match="sometimes"):
        client.write_bytes("/a.txt", b"x", overwrite="sometimes")


def test_identity_provider_outage_during_refresh_says_try_again() -> None:
    """Found by the soak: a 503 from the token endpoint read 'Authentication
    failed: The token endpoint answered HTTP 503' with no advice."""
    from fugaku._auth import translate_auth_error
    from fugaku_auth import TokenEndpointError

    busy = translate_auth_error(TokenEndpointError("HTTP 503", 503, None))
    refused = translate_auth_error(
        TokenEndpointError("HTTP 401", 401, "invalid_client")
    )

    assert busy is not None
    assert "try again later" in str(busy)
    assert "no new login is needed" in str(busy)
    assert refused is not None
    assert "client id and secret" in str(refused)
