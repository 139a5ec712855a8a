"""Issue 7.4, connections: 100 sequential calls should open one TCP connection.

A transport wrapper records the local address of the connection each response
came on (httpcore's ``network_stream`` extension); distinct addresses are
distinct TCP connections. The same count is taken for raw httpx; the original
SDK's approach opens one connection per call by construction.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

import fugaku

from ._emulator import EmulatorProcess
from ._report import Goal, Row

__all__ = ["NAME", "CountingAsyncTransport", "CountingTransport", "run"]

NAME = "connections"
CALLS = 100


class CountingTransport(httpx.BaseTransport):
    """An ``HTTPTransport`` that remembers which connections answered."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.connections: set[Any] = set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the real transport; note the connection used."""
        response = self.inner.handle_request(request)
        self.connections.add(_local_address(response))
        return response

    def close(self) -> None:
        """Close the real transport."""
        self.inner.close()


class CountingAsyncTransport(httpx.AsyncBaseTransport):
    """The async twin of ``CountingTransport``."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.connections: set[Any] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the real transport; note the connection used."""
        response = await self.inner.handle_async_request(request)
        self.connections.add(_local_address(response))
        return response

    async def aclose(self) -> None:
        """Close the real transport."""
        await self.inner.aclose()


def _local_address(response: httpx.Response) -> Any:
    stream = response.extensions.get("network_stream")
    if stream is None:
        raise RuntimeError("the transport does not expose its network stream")
    return stream.get_extra_info("client_addr")


def run(quick: bool = False, tiny: bool = False) -> list[Row]:
    """Count connections of the sync and async typed clients and raw httpx."""
    calls = 10 if tiny else CALLS
    with EmulatorProcess(token_lifetime=3600) as emu:
        sync = _typed_sync(emu, calls)
        async_ = asyncio.run(_typed_async(emu, calls))
        raw = _raw(emu, calls)
    return [
        _row(f"Fugaku, {calls} sequential calls", sync, raw, calls),
        _row(f"AsyncFugaku, {calls} sequential calls", async_, raw, calls),
    ]


def _typed_sync(emu: EmulatorProcess, calls: int) -> int:
    transport = CountingTransport()
    with fugaku.Fugaku(emu.api_url, auth=emu.oidc_auth(), transport=transport) as fg:
        for _ in range(calls):
            fg.machine_status()
    return len(transport.connections)


async def _typed_async(emu: EmulatorProcess, calls: int) -> int:
    transport = CountingAsyncTransport()
    auth = emu.oidc_auth()
    async with fugaku.AsyncFugaku(emu.api_url, auth=auth, transport=transport) as fg:
        for _ in range(calls):
            await fg.machine_status()
    return len(transport.connections)


def _raw(emu: EmulatorProcess, calls: int) -> int:
    transport = CountingTransport()
    headers = {"Authorization": f"Bearer {emu.access_token()}"}
    with httpx.Client(base_url=emu.api_url, headers=headers, transport=transport) as c:
        for _ in range(calls):
            c.get("/status/computer").raise_for_status()
    return len(transport.connections)


def _row(name: str, count: int, raw: int, calls: int) -> Row:
    return Row(
        NAME,
        name,
        count,
        "conn",
        raw,
        "raw httpx",
        Goal.exactly(1),
        note=f"original SDK approach: {calls} (a new connection per call)",
    )
