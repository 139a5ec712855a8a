"""Fixtures: either client behind one calling convention, and a recording fake.

``client`` builds a ``Fugaku`` or an ``AsyncFugaku`` (the ``mode`` parameter)
on an ``httpx.MockTransport``; async methods run on one loop kept for the test,
so every suite here checks the sync and the async paths alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import fugaku
from tests._twin import Twin

Handler = Callable[[httpx.Request], httpx.Response]
FAST_RETRY = fugaku.RetryPolicy(attempts=3, backoff=0.001, max_delay=0.01)
FAST_POLL = fugaku.PollPolicy(initial=0.001, factor=1.0, maximum=0.001, jitter=0.0)
BASE = "http://127.0.0.1:9"


# Calls a sync client directly, an async one on a private loop.
Either = Twin


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_client(mode: str) -> Iterator[Callable[..., Either]]:
    """``make_client(handler, **options)``: a client answered by ``handler``."""
    loop = asyncio.new_event_loop() if mode == "async" else None
    made: list[Either] = []

    def make(handler: Handler, **kwargs: Any) -> Either:
        kwargs.setdefault("retry", FAST_RETRY)
        kwargs.setdefault("poll", FAST_POLL)
        kwargs.setdefault("token", "t0k3n")
        if loop is None:
            client: Any = fugaku.Fugaku(
                BASE, transport=httpx.MockTransport(handler), **kwargs
            )
        else:
            client = fugaku.AsyncFugaku(
                BASE, transport=httpx.MockTransport(handler), **kwargs
            )
        made.append(Either(client, loop))
        return made[-1]

    yield make
    for either in made:
        either.close()
    if loop is not None:
        loop.close()


def ok(output: Any) -> httpx.Response:
    """A success envelope."""
    return httpx.Response(200, json={"status": "OK", "output": output, "error": ""})
