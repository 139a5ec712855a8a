"""``OIDCAuth``: the ``httpx.Auth`` for the generated client, sync and async.

Both shells drive the same :class:`~fugaku_auth._core.AuthCore` flow. Single
flight: a ``threading.Lock`` serializes refreshes across threads, an
``asyncio.Lock`` per event loop queues the tasks of that loop in front of it,
and the store's file lock serializes processes. Store I/O from async code
runs in a worker thread, so the event loop never blocks on disk or locks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Callable, Generator, Iterator, Mapping
from typing import Any

import httpx

from ._core import TRANSIENT, AuthCore, RequestFlow, Send
from ._flow import run_async, run_sync
from ._provider import DEFAULT_TIMEOUT, ClientCredentials, ProviderConfig
from ._settings import Settings
from ._store import TokenStoreLike
from ._tokens import TokenSet

__all__ = ["OIDCAuth"]

log = logging.getLogger("fugaku.auth")

_POLL = 0.002
_POLL_MAX = 0.05


class OIDCAuth(httpx.Auth):
    """Bearer auth that refreshes ahead of expiry, for sync and async clients.

    Plug it into the generated client with
    ``Client(base_url=..., httpx_args={"auth": auth})``; the same object may
    serve both its sync and async httpx clients, many threads and many tasks.

    Args:
        provider: The provider settings.
        client: The registered client.
        tokens: Tokens to start from (else loaded from ``store``).
        store: Where tokens are read, shared and saved.
        refresh_margin: Refresh this many seconds before expiry (capped at
            half the lifetime of short-lived tokens).
        timeout: Seconds per token-endpoint request.
        http: Sync client for token requests (short-lived ones if None).
        async_http: Async client for token requests (short-lived if None).
            Give none when several event loops share this object.
        http_args: ``httpx`` client arguments (``verify``, ``proxy``...)
            for the short-lived token-request clients.
        allow_insecure_http: Allow sending the bearer over plain HTTP to a
            non-loopback host.
        on_refresh: Called with the new tokens after every refresh.
        clock: Local clock in epoch seconds (tests).
    """

    requires_request_body = False
    requires_response_body = False

    def __init__(
        self,
        provider: ProviderConfig,
        client: ClientCredentials,
        tokens: TokenSet | None = None,
        store: TokenStoreLike | None = None,
        refresh_margin: float = 60.0,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        http: httpx.Client | None = None,
        async_http: httpx.AsyncClient | None = None,
        http_args: Mapping[str, Any] | None = None,
        allow_insecure_http: bool = False,
        on_refresh: Callable[[TokenSet], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._core = AuthCore(
            provider,
            client,
            tokens,
            refresh_margin=refresh_margin,
            timeout=timeout,
            allow_insecure_http=allow_insecure_http,
            clock=clock,
            on_refresh=on_refresh,
        )
        self.store = store
        self._http = http
        self._async_http = async_http
        self._http_args = dict(http_args or {})
        self._thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, asyncio.Lock
        ] = weakref.WeakKeyDictionary()
        self._loop_locks_guard = threading.Lock()

    @classmethod
    def from_settings(
        cls, settings: Settings, *, provider: ProviderConfig | None = None
    ) -> OIDCAuth:
        """Build the auth of a profile: its provider, client, token store,
        TLS/proxy settings, timeout and refresh margin.

        Args:
            settings: The loaded settings (:meth:`Settings.load`).
            provider: Provider settings, to skip discovery.

        Raises:
            ConfigError: The settings lack a client id.
            DiscoveryError: Discovery failed.
        """
        return cls(
            provider or settings.provider(),
            settings.credentials(),
            store=settings.token_store(),
            refresh_margin=settings.refresh_margin,
            timeout=settings.timeout,
            http_args=settings.httpx_args(),
            allow_insecure_http=settings.allow_insecure_http,
        )

    def __getstate__(self) -> dict[str, Any]:
        """Pickle support (the original SDK's users pickle their client).

        Locks, HTTP clients and callbacks are not kept; ``http_args`` must be
        picklable (an ``ssl.SSLContext`` is not: rebuild from settings).
        """
        core = self._core
        return {
            "provider": core.provider,
            "client": core.client,
            "tokens": core.tokens,
            "store": self.store,
            "refresh_margin": core.refresh_margin,
            "timeout": core.timeout,
            "http_args": self._http_args,
            "allow_insecure_http": core.allow_insecure_http,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __repr__(self) -> str:
        return (
            f"OIDCAuth(issuer={self._core.provider.issuer!r}, "
            f"client_id={self._core.client.client_id!r}, store={self.store!r})"
        )

    @property
    def tokens(self) -> TokenSet | None:
        """The tokens in use (None before the first load or login)."""
        return self._core.tokens

    @tokens.setter
    def tokens(self, tokens: TokenSet | None) -> None:
        self._core.tokens = tokens

    @property
    def refresh_count(self) -> int:
        """How many refresh requests this object made (tests, benchmarks)."""
        return self._core.refresh_count

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Drive the shared flow with blocking locks and a sync client."""
        flow = self._core.request_flow(request)
        reply: Any = None
        while True:
            try:
                step = flow.send(reply)
            except StopIteration:
                return
            if isinstance(step, Send):
                reply = yield step.request
                continue
            try:
                reply = self.refresh(step.stale, since=step.since)
            except TRANSIENT as exc:
                reply = self._core.refresh_failed(step, exc)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Drive the shared flow without blocking the event loop."""
        flow: RequestFlow = self._core.request_flow(request)
        reply: Any = None
        while True:
            try:
                step = flow.send(reply)
            except StopIteration:
                return
            if isinstance(step, Send):
                reply = yield step.request
                continue
            try:
                reply = await self.arefresh(step.stale, since=step.since)
            except TRANSIENT as exc:
                reply = self._core.refresh_failed(step, exc)

    def refresh(
        self, stale: TokenSet | None = None, *, since: float | None = None
    ) -> TokenSet:
        """Return tokens newer than ``stale``, refreshing at most once.

        Args:
            stale: The tokens the caller found wanting.
            since: When the caller's rejected request took its token (epoch
                seconds); tokens received earlier are not adopted.

        Raises:
            LoginRequired: Refresh is impossible; the user must log in again.
        """
        with self._thread_lock:
            chosen = self._core.choose(stale, None, since)
            if chosen is not None:
                return chosen
            with self._store_locked():
                stored = self.store.load() if self.store else None
                chosen = self._core.choose(stale, stored, since)
                if chosen is not None:
                    return chosen
                tokens = run_sync(
                    self._core.refresh_flow(stored), self._http, self._http_args
                )
                if self.store is not None:
                    self.store.save(tokens)
                return tokens

    async def arefresh(
        self, stale: TokenSet | None = None, *, since: float | None = None
    ) -> TokenSet:
        """Async variant of :meth:`refresh`."""
        async with self._loop_lock():
            chosen = self._core.choose(stale, None, since)
            if chosen is not None:
                return chosen
            await _acquire_polling(self._thread_lock)
            # Shielded: a cancelled caller must not drop a rotated refresh
            # token halfway, or the next refresh would reuse the old one.
            inner = asyncio.ensure_future(self._arefresh_then_release(stale, since))
            inner.add_done_callback(_retrieve)
            return await asyncio.shield(inner)

    async def _arefresh_then_release(
        self, stale: TokenSet | None, since: float | None
    ) -> TokenSet:
        try:
            return await self._arefresh_locked(stale, since)
        finally:
            self._thread_lock.release()

    async def _arefresh_locked(
        self, stale: TokenSet | None, since: float | None
    ) -> TokenSet:
        chosen = self._core.choose(stale, None, since)
        if chosen is not None:
            return chosen
        store = self.store
        if store is None:
            return await run_async(
                self._core.refresh_flow(None), self._async_http, self._http_args
            )
        await _acquire_in_thread(store)
        try:
            stored = await asyncio.to_thread(store.load)
            chosen = self._core.choose(stale, stored, since)
            if chosen is not None:
                return chosen
            tokens = await run_async(
                self._core.refresh_flow(stored), self._async_http, self._http_args
            )
            await asyncio.to_thread(store.save, tokens)
            return tokens
        finally:
            await asyncio.to_thread(store.release)

    @contextlib.contextmanager
    def _store_locked(self) -> Iterator[None]:
        if self.store is None:
            yield
            return
        self.store.acquire()
        try:
            yield
        finally:
            self.store.release()

    def _loop_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        with self._loop_locks_guard:
            lock = self._loop_locks.get(loop)
            if lock is None:
                lock = self._loop_locks[loop] = asyncio.Lock()
            return lock


async def _acquire_polling(lock: threading.Lock) -> None:
    """Take a thread lock without blocking the loop; safe to cancel."""
    delay = _POLL
    while not lock.acquire(blocking=False):
        await asyncio.sleep(delay)
        delay = min(delay * 2, _POLL_MAX)


async def _acquire_in_thread(store: TokenStoreLike) -> None:
    """Take the store's file lock in a worker thread; safe to cancel."""
    task = asyncio.ensure_future(asyncio.to_thread(store.acquire))
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        task.add_done_callback(lambda done: _release_if_taken(done, store))
        raise


def _retrieve(task: asyncio.Future[TokenSet]) -> None:
    if not task.cancelled():
        task.exception()


def _release_if_taken(task: asyncio.Future[None], store: TokenStoreLike) -> None:
    if not task.cancelled() and task.exception() is None:
        store.release()
