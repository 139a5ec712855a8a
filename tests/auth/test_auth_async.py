"""Async specifics: no blocking I/O on the loop, cancellation keeps rotation safe."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from pathlib import Path

import httpx
import pytest

from fugaku_auth import LoginRequired, OIDCAuth, TokenSet, TokenStore

from ._fake import API, CLIENT, FakeIdP, provider


class SpyStore(TokenStore):
    """Records which thread touched the disk or the file lock."""

    def __init__(self, directory: Path) -> None:
        super().__init__("spy", directory)
        self.threads: list[threading.Thread] = []

    def load(self) -> TokenSet | None:
        self.threads.append(threading.current_thread())
        return super().load()

    def save(self, tokens: TokenSet) -> None:
        self.threads.append(threading.current_thread())
        super().save(tokens)

    def acquire(self) -> None:
        self.threads.append(threading.current_thread())
        super().acquire()


def _expired(tokens: TokenSet) -> TokenSet:
    return dataclasses.replace(tokens, expires_at=time.time() - 1)


async def test_store_io_runs_off_the_event_loop(fake: FakeIdP, tmp_path: Path) -> None:
    store = SpyStore(tmp_path)
    store.save(_expired(fake.tokens()))
    store.threads.clear()
    auth = OIDCAuth(
        provider(), CLIENT, store=store, http_args={"transport": fake.transport()}
    )
    async with httpx.AsyncClient(auth=auth, transport=fake.async_transport()) as http:
        assert (await http.get(API + "/status/")).status_code == 200
    assert len(store.threads) == 3  # acquire, load, save
    assert threading.current_thread() not in store.threads
    assert store.load() == auth.tokens


async def test_empty_store_means_login_required(fake: FakeIdP, tmp_path: Path) -> None:
    auth = OIDCAuth(provider(), CLIENT, store=TokenStore("empty", tmp_path))
    async with httpx.AsyncClient(auth=auth, transport=fake.async_transport()) as http:
        with pytest.raises(LoginRequired):
            await http.get(API + "/status/")


async def test_cancelled_caller_does_not_lose_a_rotated_token(
    fake: FakeIdP, tmp_path: Path
) -> None:
    fake.delay = 0.2
    store = TokenStore("c", tmp_path)
    store.save(_expired(fake.tokens()))
    auth = OIDCAuth(
        provider(),
        CLIENT,
        store=store,
        async_http=httpx.AsyncClient(transport=fake.async_transport()),
    )
    async with httpx.AsyncClient(auth=auth, transport=fake.async_transport()) as http:
        fake.token_started = asyncio.Event()
        task = asyncio.create_task(http.get(API + "/status/"))
        await asyncio.wait_for(fake.token_started.wait(), timeout=10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        fake.delay = 0.0
        assert (await http.get(API + "/status/")).status_code == 200
    assert fake.refreshes == 1  # the cancelled refresh finished and was kept
    saved = store.load()
    assert saved is not None
    assert saved.refresh_token in fake.refresh_tokens
