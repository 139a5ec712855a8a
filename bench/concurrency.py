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
    return Plan(calls=2000, rounds=3)


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
    names = ["typed", "raw", "expiry"]
    rates: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    refreshes: list[int] = []
    auth = emu.oidc_auth()
    async with (
        fugaku.AsyncFugaku(emu.api_url, auth=auth) as typed,
        fugaku.AsyncFugaku(emu.api_url, auth=emu.oidc_auth()) as expiring,
        httpx.AsyncClient(base_url=emu.api_url, headers=headers) as raw,
    ):
        contenders: dict[str, Call] = {
            "typed": lambda: typed.job(jobid),
            "raw": lambda: _raw_get(raw, path),
            "expiry": lambda: expiring.job(jobid),
        }
        for call in contenders.values():
            await _run(call, CONCURRENCY * 2)  # warm the pools
        for number in range(sizes.rounds):
            shift = number % len(names)
            for name in names[shift:] + names[:shift]:
                before = emu.refresh_requests()
                used = time.process_time()
                midway = _expire(emu) if name == "expiry" else None
                seconds = await _run(contenders[name], sizes.calls, midway)
                cpu[name].append((time.process_time() - used) / sizes.calls * 1e6)
                rates[name].append(sizes.calls / seconds)
                if name == "expiry":
                    refreshes.append(emu.refresh_requests() - before)
                    await _renew(emu, raw, auth)
    return _rows(rates, cpu, refreshes)


def _expire(emu: EmulatorProcess) -> Callable[[], Awaitable[None]]:
    async def expire() -> None:
        await asyncio.to_thread(emu.call, "expire_tokens")

    return expire


async def _renew(emu: EmulatorProcess, raw: httpx.AsyncClient, auth: Any) -> None:
    """After an expiry run, give the other contenders valid tokens again."""
    token = await asyncio.to_thread(emu.access_token)
    raw.headers["Authorization"] = f"Bearer {token}"
    await auth.arefresh(auth.tokens)


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


def _rows(
    rates: dict[str, list[float]], cpu: dict[str, list[float]], refreshes: list[int]
) -> list[Row]:
    best_raw = median(rates["raw"])
    note = (
        f"medians of {len(rates['raw'])} interleaved runs each; client CPU per "
        f"call: typed {median(cpu['typed']):.0f} us, raw {median(cpu['raw']):.0f} us"
    )
    worst = max(refreshes, key=lambda count: abs(count - 1))
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
            median(rates["expiry"]),
            "calls/s",
            best_raw,
            "raw httpx.AsyncClient",
            GOAL,
        ),
        Row(
            NAME,
            "refresh requests at the provider",
            worst,
            "",
            goal=Goal.exactly(1),
            note=f"per expiry run: {refreshes}",
        ),
    ]
