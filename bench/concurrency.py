"""Issue 7.2, concurrency: job-status calls through ``AsyncFugaku`` at
concurrency 100 against raw ``httpx.AsyncClient``, then the same with the
access token expiring in the middle of the run (the emulator revokes every
token it issued; the provider must then see exactly one refresh request).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

import fugaku

from ._emulator import EmulatorProcess
from ._report import Goal, Row, median
from ._seed import QUEUED_CONFIG, cancel_jobs, seed_jobs

__all__ = ["NAME", "run"]

NAME = "concurrency"
CONCURRENCY = 100
GOAL = Goal.at_least(0.85)

Call = Callable[[], Awaitable[Any]]


@dataclass(frozen=True)
class Plan:
    """Calls per run and rounds (each round runs every contender once)."""

    calls: int
    rounds: int


def plan(quick: bool, tiny: bool = False) -> Plan:
    """Full, quick, or tiny (smoke test) sizes."""
    if tiny:
        return Plan(calls=200, rounds=1)
    if quick:
        return Plan(calls=2000, rounds=2)
    return Plan(calls=2000, rounds=4)


def run(quick: bool = False, tiny: bool = False) -> list[Row]:
    """Throughput of typed and raw async calls, and the refresh count."""
    sizes = plan(quick, tiny)
    with EmulatorProcess(**QUEUED_CONFIG) as emu:
        token = emu.access_token()
        ids = seed_jobs(emu.api_url, token, 1)
        try:
            return asyncio.run(_measure(emu, token, ids[0], sizes))
        finally:
            cancel_jobs(emu.api_url, token, ids)


async def _measure(
    emu: EmulatorProcess, token: str, jobid: str, sizes: Plan
) -> list[Row]:
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/queue/computer/{jobid}"
    rates: dict[str, list[float]] = {"typed": [], "raw": []}
    cpu: dict[str, list[float]] = {"typed": [], "raw": []}
    async with (
        fugaku.AsyncFugaku(emu.api_url, auth=emu.oidc_auth()) as typed,
        httpx.AsyncClient(base_url=emu.api_url, headers=headers) as raw,
    ):
        contenders: dict[str, Call] = {
            "typed": lambda: typed.job(jobid),
            "raw": lambda: _raw_get(raw, path),
        }
        await _run(contenders["typed"], CONCURRENCY * 2)  # warm both pools
        await _run(contenders["raw"], CONCURRENCY * 2)
        for number in range(sizes.rounds):
            order = ["typed", "raw"] if number % 2 == 0 else ["raw", "typed"]
            for name in order:
                used = time.process_time()
                seconds = await _run(contenders[name], sizes.calls)
                cpu[name].append((time.process_time() - used) / sizes.calls * 1e6)
                rates[name].append(sizes.calls / seconds)
    expiry_rate, refreshes = await _expiry_run(emu, jobid, sizes.calls)
    return _rows(rates, cpu, expiry_rate, refreshes)


async def _raw_get(raw: httpx.AsyncClient, path: str) -> Any:
    response = await raw.get(path)
    response.raise_for_status()
    return response.json()


async def _run(
    call: Call, total: int, midway: Callable[[], Awaitable[None]] | None = None
) -> float:
    """Make ``total`` calls from ``CONCURRENCY`` workers; return the seconds."""
    remaining = total
    done = 0

    async def worker() -> None:
        nonlocal remaining, done
        while remaining > 0:
            remaining -= 1
            await call()
            done += 1
            if midway is not None and done == total // 2:
                await midway()

    started = time.perf_counter()
    async with asyncio.timeout(300):
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return time.perf_counter() - started


async def _expiry_run(
    emu: EmulatorProcess, jobid: str, calls: int
) -> tuple[float, int]:
    """One typed run during which every token expires; (calls/s, refreshes)."""
    async with fugaku.AsyncFugaku(emu.api_url, auth=emu.oidc_auth()) as typed:
        await _run(lambda: typed.job(jobid), CONCURRENCY)
        before = emu.refresh_requests()

        async def expire() -> None:
            await asyncio.to_thread(emu.call, "expire_tokens")

        seconds = await _run(lambda: typed.job(jobid), calls, expire)
        return calls / seconds, emu.refresh_requests() - before


def _rows(
    rates: dict[str, list[float]],
    cpu: dict[str, list[float]],
    expiry_rate: float,
    refreshes: int,
) -> list[Row]:
    best_raw = median(rates["raw"])
    note = (
        f"medians of {len(rates['raw'])} interleaved runs each; client CPU per "
        f"call: typed {median(cpu['typed']):.0f} us, raw {median(cpu['raw']):.0f} us"
    )
    return [
        Row(
            NAME,
            f"{CONCURRENCY} tasks, job status",
            median(rates["typed"]),
            "calls/s",
            best_raw,
            "raw httpx.AsyncClient",
            GOAL,
            note=note,
        ),
        Row(
            NAME,
            "same, token expires midway",
            expiry_rate,
            "calls/s",
            best_raw,
            "raw httpx.AsyncClient",
            GOAL,
        ),
        Row(
            NAME,
            "refresh requests at the provider",
            refreshes,
            "",
            goal=Goal.exactly(1),
        ),
    ]
