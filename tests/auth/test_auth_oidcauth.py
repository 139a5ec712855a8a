"""OIDCAuth against the fake provider, every test run on sync and async clients."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

import httpx
import pytest

from fugaku_auth import (
    InsecureTransport,
    LoginRequired,
    OIDCAuth,
    TokenEndpointError,
    TokenSet,
)

from ._fake import API, CLIENT, FakeIdP, provider


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_auth(fake: FakeIdP, tokens: TokenSet | None, **kwargs: Any) -> OIDCAuth:
    return OIDCAuth(
        provider(),
        CLIENT,
        tokens,
        http=httpx.Client(transport=fake.transport()),
        async_http=httpx.AsyncClient(transport=fake.async_transport()),
        **kwargs,
    )


async def call(
    mode: str, auth: OIDCAuth, fake: FakeIdP, method: str = "GET", **kwargs: Any
) -> httpx.Response:
    url = kwargs.pop("url", API + "/status/")
    if mode == "sync":
        return await asyncio.to_thread(sync_call, auth, fake, method, url, **kwargs)
    async with httpx.AsyncClient(transport=fake.async_transport(), auth=auth) as client:
        return await client.request(method, url, **kwargs)


def sync_call(
    auth: OIDCAuth, fake: FakeIdP, method: str, url: str, **kwargs: Any
) -> httpx.Response:
    with httpx.Client(transport=fake.transport(), auth=auth) as client:
        return client.request(method, url, **kwargs)


def expired(tokens: TokenSet) -> TokenSet:
    return dataclasses.replace(tokens, expires_at=time.time() - 1)


async def test_bearer_header_and_no_refresh_when_fresh(
    mode: str, fake: FakeIdP
) -> None:
    tokens = fake.tokens()
    auth = make_auth(fake, tokens)
    response = await call(mode, auth, fake)
    assert response.status_code == 200
    assert (
        fake.api_requests[0].headers["Authorization"] == f"Bearer {tokens.access_token}"
    )
    assert fake.refreshes == 0


async def test_refresh_ahead_of_expiry(mode: str, fake: FakeIdP) -> None:
    now = time.time()  # a 300 s token received 270 s ago
    tokens = dataclasses.replace(
        fake.tokens(), received_at=now - 270, expires_at=now + 30
    )
    auth = make_auth(fake, tokens, refresh_margin=60)
    assert (await call(mode, auth, fake)).status_code == 200
    assert fake.refreshes == 1
    assert auth.tokens is not None
    assert auth.tokens.access_token != tokens.access_token
    assert len(fake.api_requests) == 1


async def test_margin_is_capped_for_short_lived_tokens(
    mode: str, fake: FakeIdP
) -> None:
    auth = make_auth(fake, fake.tokens(expires_in=20), refresh_margin=60)
    assert (await call(mode, auth, fake)).status_code == 200
    assert fake.refreshes == 0


async def test_server_side_expiry_refreshes_once_and_retries(
    mode: str, fake: FakeIdP
) -> None:
    auth = make_auth(fake, fake.tokens())
    fake.expire_access_tokens()
    response = await call(mode, auth, fake, "POST", json={"command": "hostname"})
    assert response.status_code == 200
    assert fake.refreshes == 1
    assert len(fake.api_requests) == 2
    assert fake.api_requests[1].content == b'{"command":"hostname"}'


async def test_401_without_www_authenticate_does_not_crash(
    mode: str, fake: FakeIdP
) -> None:
    fake.challenge = None
    auth = make_auth(fake, fake.tokens())
    fake.expire_access_tokens()
    assert (await call(mode, auth, fake)).status_code == 200
    assert fake.refreshes == 1


async def test_persistent_401_is_returned_after_one_retry(
    mode: str, fake: FakeIdP
) -> None:
    auth = make_auth(fake, fake.tokens())
    fake.access_tokens.clear()
    fake.issue = _issue_unusable(fake)  # type: ignore[method-assign]
    response = await call(mode, auth, fake)
    assert response.status_code == 401
    assert fake.refreshes == 1
    assert len(fake.api_requests) == 2


def _issue_unusable(fake: FakeIdP) -> Any:
    original = fake.issue

    def issue(**kwargs: Any) -> dict[str, Any]:
        body = original(**kwargs)
        fake.access_tokens.discard(body["access_token"])
        return body

    return issue


async def test_403_insufficient_scope_is_not_a_token_problem(
    mode: str, fake: FakeIdP
) -> None:
    fake.api_status, fake.challenge = 403, 'Bearer error="insufficient_scope"'
    auth = make_auth(fake, fake.tokens())
    fake.expire_access_tokens()
    assert (await call(mode, auth, fake)).status_code == 403
    assert fake.refreshes == 0


async def test_403_without_challenge_refreshes_once(mode: str, fake: FakeIdP) -> None:
    fake.api_status, fake.challenge = 403, None
    auth = make_auth(fake, fake.tokens())
    fake.expire_access_tokens()
    assert (await call(mode, auth, fake)).status_code == 200
    assert fake.refreshes == 1


async def test_streamed_body_is_not_replayed(mode: str, fake: FakeIdP) -> None:
    auth = make_auth(fake, fake.tokens())
    fake.expire_access_tokens()
    if mode == "sync":
        content: Any = iter([b"chunk-1", b"chunk-2"])
    else:
        content = _achunks()
    response = await call(mode, auth, fake, "PUT", content=content)
    assert response.status_code == 401
    assert fake.refreshes == 0
    assert len(fake.api_requests) == 1


async def _achunks() -> Any:
    yield b"chunk-1"
    yield b"chunk-2"


async def test_dead_refresh_token_means_login_required_and_no_loop(
    mode: str, fake: FakeIdP
) -> None:
    tokens = expired(fake.tokens())
    fake.refresh_tokens.clear()  # revoked at the provider
    auth = make_auth(fake, tokens)
    for _ in range(3):
        with pytest.raises(LoginRequired) as info:
            await call(mode, auth, fake)
        assert "log in" in str(info.value).lower()
    assert fake.refreshes == 1
    assert fake.api_requests == []


async def test_no_tokens_means_login_required(mode: str, fake: FakeIdP) -> None:
    with pytest.raises(LoginRequired):
        await call(mode, make_auth(fake, None), fake)
    assert fake.token_requests == []


async def test_expired_refresh_token_is_not_sent(mode: str, fake: FakeIdP) -> None:
    tokens = dataclasses.replace(
        expired(fake.tokens()), refresh_expires_at=time.time() - 1
    )
    with pytest.raises(LoginRequired):
        await call(mode, make_auth(fake, tokens), fake)
    assert fake.token_requests == []


async def test_rotation_uses_the_newest_refresh_token(mode: str, fake: FakeIdP) -> None:
    auth = make_auth(fake, expired(fake.tokens()))
    for _ in range(3):
        assert (await call(mode, auth, fake)).status_code == 200
        assert auth.tokens is not None
        auth.tokens = expired(auth.tokens)
    assert fake.refreshes == 3
    sent = [form["refresh_token"][0] for form in fake.token_requests]
    assert len(set(sent)) == 3


async def test_without_rotation_the_refresh_token_is_kept(mode: str) -> None:
    fake = FakeIdP(rotate=False)
    tokens = expired(fake.tokens())
    auth = make_auth(fake, tokens)
    assert (await call(mode, auth, fake)).status_code == 200
    assert auth.tokens is not None
    assert auth.tokens.refresh_token == tokens.refresh_token


async def test_refresh_requests_have_a_timeout(mode: str, fake: FakeIdP) -> None:
    seen: list[dict[str, Any]] = []
    fake_handle = fake.handle

    def spy(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            seen.append(request.extensions["timeout"])
        return fake_handle(request)

    fake.handle = spy  # type: ignore[method-assign]
    auth = make_auth(fake, expired(fake.tokens()), timeout=7.5)
    await call(mode, auth, fake)
    assert seen == [{"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}]


async def test_bearer_never_goes_over_plain_http_to_a_remote_host(
    mode: str, fake: FakeIdP
) -> None:
    auth = make_auth(fake, fake.tokens())
    with pytest.raises(InsecureTransport):
        await call(mode, auth, fake, url="http://api.test/status/")
    assert fake.api_requests == []


async def test_on_refresh_hook_and_counter(mode: str, fake: FakeIdP) -> None:
    seen: list[TokenSet] = []
    auth = make_auth(fake, expired(fake.tokens()), on_refresh=seen.append)
    await call(mode, auth, fake)
    assert auth.refresh_count == 1
    assert seen == [auth.tokens]


async def test_tokens_of_another_provider_are_never_refreshed_here(
    mode: str, fake: FakeIdP
) -> None:
    foreign = dataclasses.replace(
        expired(fake.tokens()), issuer="https://other.test/op"
    )
    with pytest.raises(LoginRequired) as info:
        await call(mode, make_auth(fake, foreign), fake)
    assert "other.test" in str(info.value)
    assert fake.token_requests == []


async def test_refreshed_tokens_remember_their_issuer(mode: str, fake: FakeIdP) -> None:
    auth = make_auth(fake, expired(fake.tokens()))
    await call(mode, auth, fake)
    assert auth.tokens is not None
    assert auth.tokens.issuer == provider().issuer


def _failing_token_endpoint(fake: FakeIdP, failure: str) -> None:
    original = fake.handle

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            fake.refreshes += 1
            if failure == "timeout":
                raise httpx.ReadTimeout("slow provider", request=request)
            return httpx.Response(503, text="<html>maintenance</html>")
        return original(request)

    fake.handle = handle  # type: ignore[method-assign]


@pytest.mark.parametrize("failure", ["503", "timeout"])
async def test_failed_refresh_ahead_of_expiry_keeps_the_valid_token(
    mode: str, fake: FakeIdP, failure: str
) -> None:
    now = time.time()
    tokens = dataclasses.replace(
        fake.tokens(), received_at=now - 270, expires_at=now + 30
    )
    _failing_token_endpoint(fake, failure)
    response = await call(mode, make_auth(fake, tokens), fake)
    assert response.status_code == 200
    assert fake.refreshes == 1


@pytest.mark.parametrize("failure", ["503", "timeout"])
async def test_failed_refresh_of_an_expired_token_is_raised(
    mode: str, fake: FakeIdP, failure: str
) -> None:
    _failing_token_endpoint(fake, failure)
    expected = TokenEndpointError if failure == "503" else httpx.TimeoutException
    with pytest.raises(expected):
        await call(mode, make_auth(fake, expired(fake.tokens())), fake)
    assert fake.api_requests == []
