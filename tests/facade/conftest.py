"""Fixtures: the sync and async clients behind one calling convention.

``make_client`` gives a ``Fugaku`` or an ``AsyncFugaku`` (the ``mode``
parameter), wrapped so tests call both the same way: every async method is
run to completion on one event loop kept for the whole test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import fugaku
from tests._twin import Twin

from ._fake import FakeAPI

FAST_RETRY = fugaku.RetryPolicy(attempts=3, backoff=0.001, max_delay=0.01)
FAST_POLL = fugaku.PollPolicy(initial=0.01, factor=1.0, maximum=0.01, jitter=0.0)

__all__ = ["FAST_POLL", "FAST_RETRY", "Twin", "make_client", "mode"]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_client(mode: str) -> Iterator[Callable[..., Twin]]:
    loop = asyncio.new_event_loop() if mode == "async" else None
    made: list[Twin] = []

    def make(**kwargs: Any) -> Twin:
        kwargs.setdefault("retry", FAST_RETRY)
        kwargs.setdefault("poll", FAST_POLL)
        cls = fugaku.AsyncFugaku if loop is not None else fugaku.Fugaku
        twin = Twin(cls(**kwargs), loop)
        made.append(twin)
        return twin

    yield make
    for twin in made:
        twin.close()
    if loop is not None:
        loop.close()


@pytest.fixture
def fake() -> FakeAPI:
    return FakeAPI()


@pytest.fixture
def api(make_client: Callable[..., Twin], fake: FakeAPI) -> Twin:
    """A client of either kind talking to the in-memory fake."""
    return make_client(
        base_url="http://127.0.0.1:9", token="t0k3n", transport=fake.transport()
    )


@pytest.fixture(scope="module")
def emu() -> Iterator[Any]:
    """One emulator for a test module (jobs run for real, on loopback)."""
    emulator = pytest.importorskip("fugaku_emulator")
    config = emulator.EmulatorConfig(submit_delay=0.0)
    with emulator.Emulator(config) as running:
        yield running


@pytest.fixture
def oidc(emu: Any) -> Any:
    """An ``OIDCAuth`` holding fresh emulator tokens."""
    from fugaku_auth import ClientCredentials, OIDCAuth, ProviderConfig, TokenSet

    provider = ProviderConfig.discover(emu.metadata_url)
    client = ClientCredentials(emu.client_id, emu.client_secret, emu.redirect_uri)
    tokens = TokenSet.from_response(emu.token_response())
    return OIDCAuth(provider, client, tokens=tokens)


@pytest.fixture
def live(make_client: Callable[..., Twin], emu: Any, oidc: Any) -> Twin:
    """A client of either kind talking to the emulator with refreshable tokens."""
    return make_client(base_url=emu.api_url, auth=oidc)
