"""Single flight: one refresh for many threads, tasks and processes."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from fugaku_auth import (
    OIDCAuth,
    ProviderConfig,
    TokenSet,
    TokenStore,
    exchange_code,
    start_login,
)

from ._fake import API, CLIENT, FakeIdP, provider

REPO = Path(__file__).resolve().parents[2]


def expired(tokens: TokenSet) -> TokenSet:
    return dataclasses.replace(tokens, expires_at=time.time() - 1)


def fake_auth(fake: FakeIdP, tokens: TokenSet, **kwargs: Any) -> OIDCAuth:
    return OIDCAuth(
        provider(),
        CLIENT,
        tokens,
        http=httpx.Client(transport=fake.transport()),
        async_http=httpx.AsyncClient(transport=fake.async_transport()),
        **kwargs,
    )


async def burst_async(
    auth: OIDCAuth, transport: httpx.MockTransport, url: str
) -> list[int]:
    async with httpx.AsyncClient(auth=auth, transport=transport, timeout=30) as http:
        responses = await asyncio.gather(*(http.get(url) for _ in range(200)))
    return [response.status_code for response in responses]


def burst_threads(auth: OIDCAuth, url: str, transport: Any = None) -> list[int]:
    barrier = threading.Barrier(32)
    with httpx.Client(auth=auth, transport=transport, timeout=30) as http:

        def one(_: int) -> int:
            barrier.wait(timeout=30)
            return http.get(url).status_code

        with ThreadPoolExecutor(32) as pool:
            return list(pool.map(one, range(32)))


async def test_200_tasks_one_refresh(fake: FakeIdP) -> None:
    fake.delay = 0.05
    auth = fake_auth(fake, expired(fake.tokens()))
    statuses = await burst_async(auth, fake.async_transport(), API + "/status/")
    assert statuses == [200] * 200
    assert fake.refreshes == 1


def test_32_threads_one_refresh(fake: FakeIdP) -> None:
    fake.delay = 0.05
    auth = fake_auth(fake, expired(fake.tokens()))
    assert burst_threads(auth, API + "/status/", fake.transport()) == [200] * 32
    assert fake.refreshes == 1


def test_threads_and_event_loops_together_one_refresh(fake: FakeIdP) -> None:
    fake.delay = 0.05
    # No shared AsyncClient: each event loop gets short-lived clients.
    mock = {"transport": fake.transport()}
    auth = OIDCAuth(provider(), CLIENT, expired(fake.tokens()), http_args=mock)
    transport = fake.async_transport()
    url = API + "/status/"

    def loop_in_thread() -> list[int]:
        return asyncio.run(burst_async(auth, transport, url))

    with ThreadPoolExecutor(3) as pool:
        loops = [pool.submit(loop_in_thread) for _ in range(2)]
        threads = pool.submit(burst_threads, auth, url, fake.transport())
        results = [future.result(timeout=60) for future in [*loops, threads]]
    assert all(status == 200 for statuses in results for status in statuses)
    assert fake.refreshes == 1


def test_expired_burst_with_dead_refresh_token_fails_fast(fake: FakeIdP) -> None:
    auth = fake_auth(fake, expired(fake.tokens()))
    fake.refresh_tokens.clear()  # revoked at the provider
    with httpx.Client(auth=auth, transport=fake.transport()) as http:

        def one(_: int) -> str:
            try:
                http.get(API + "/status/")
            except Exception as exc:
                return type(exc).__name__
            return "ok"

        with ThreadPoolExecutor(16) as pool:
            outcomes = list(pool.map(one, range(16)))
    assert outcomes == ["LoginRequired"] * 16
    assert fake.refreshes == 1


def _login(idp: Any) -> tuple[ProviderConfig, TokenSet]:
    provider = ProviderConfig.discover(idp.metadata_url)
    attempt = start_login(provider, idp.client)
    tokens = exchange_code(provider, idp.client, attempt, idp.approve(attempt.url))
    return provider, tokens


async def test_200_tasks_against_loopback_providers(idp: Any) -> None:
    provider, tokens = await asyncio.to_thread(_login, idp)
    auth = OIDCAuth(provider, idp.client, expired(tokens))
    before = await asyncio.to_thread(idp.refresh_grants)
    assert provider.userinfo_endpoint
    statuses = await burst_async(auth, None, provider.userinfo_endpoint)  # type: ignore[arg-type]
    assert statuses == [200] * 200
    assert await asyncio.to_thread(idp.refresh_grants) == before + 1


def test_32_threads_against_loopback_providers(idp: Any) -> None:
    provider, tokens = _login(idp)
    auth = OIDCAuth(provider, idp.client, expired(tokens))
    before = idp.refresh_grants()
    assert provider.userinfo_endpoint
    assert burst_threads(auth, provider.userinfo_endpoint) == [200] * 32
    assert idp.refresh_grants() == before + 1


@pytest.mark.slow
def test_8_processes_share_one_store(idp: Any, tmp_path: Path) -> None:
    provider, tokens = _login(idp)
    store = TokenStore("shared", tmp_path / "store")
    store.save(expired(tokens))
    go = tmp_path / "go"
    before = idp.refresh_grants()
    args = [
        idp.metadata_url,
        str(store.directory),
        *_client_args(idp),
    ]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("_store_worker.py")),
                *args,
                str(go),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    go.touch()
    try:
        results = [json.loads(worker.communicate(timeout=120)[0]) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    assert [result["status"] for result in results] == [200] * 8
    assert sum(result["refreshes"] for result in results) == 1
    assert idp.refresh_grants() == before + 1
    _assert_store_still_works(idp, provider, store)


def _client_args(idp: Any) -> list[str]:
    return [idp.client.client_id, idp.client.client_secret]


def _assert_store_still_works(
    idp: Any, provider: ProviderConfig, store: TokenStore
) -> None:
    saved = store.load()
    assert saved is not None
    assert not saved.expires_within(0)
    auth = OIDCAuth(provider, idp.client, expired(saved))
    auth.refresh(auth.tokens)  # the stored refresh token is the live one
    assert auth.refresh_count == 1
