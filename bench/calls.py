"""Issue 7.1, call overhead: typed calls against raw httpx and ``requests``.

Three operations (machine status, a job list of 500 records, one job's
detail) are made by three contenders taking turns: the typed ``Fugaku``
client (with ``OIDCAuth`` and a token store, as users run it), raw httpx on a
kept-alive client (GET plus ``json()``), and the original SDK's approach (a
new ``requests`` call per operation, no session). Latencies are per call.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import requests

import fugaku
from fugaku_auth import TokenStore

from ._emulator import EmulatorProcess
from ._report import Goal, Row, median, p95
from ._seed import QUEUED_CONFIG, cancel_jobs, seed_jobs
from ._timing import interleaved

__all__ = ["NAME", "run"]

NAME = "calls"
JOBS = 500
GOAL = Goal.at_most(1.2)


@dataclass(frozen=True)
class Plan:
    """How many rounds and calls per round, per operation kind."""

    jobs: int
    rounds: int
    batch: int
    list_batch: int


def plan(quick: bool, tiny: bool = False) -> Plan:
    """Full, quick, or tiny (smoke test) sizes."""
    if tiny:
        return Plan(jobs=20, rounds=2, batch=3, list_batch=2)
    if quick:
        return Plan(jobs=JOBS, rounds=4, batch=20, list_batch=4)
    return Plan(jobs=JOBS, rounds=10, batch=60, list_batch=10)


def run(quick: bool = False, tiny: bool = False) -> list[Row]:
    """Measure the three operations; one row per operation and statistic."""
    sizes = plan(quick, tiny)
    with EmulatorProcess(**QUEUED_CONFIG) as emu, tempfile.TemporaryDirectory() as tmp:
        token = emu.access_token()
        ids = seed_jobs(emu.api_url, token, sizes.jobs)
        try:
            return _measure(emu, token, ids, sizes, tmp)
        finally:
            cancel_jobs(emu.api_url, token, ids)


def _measure(
    emu: EmulatorProcess, token: str, ids: list[str], sizes: Plan, tmp: str
) -> list[Row]:
    auth = emu.oidc_auth()
    auth.store = TokenStore("bench", tmp)
    headers = {"Authorization": f"Bearer {token}"}
    url = emu.api_url
    with (
        fugaku.Fugaku(url, auth=auth) as typed,
        httpx.Client(base_url=url, headers=headers, timeout=60.0) as raw,
    ):
        operations = _operations(typed, raw, url, headers, ids)
        rows: list[Row] = []
        for op, (label, contenders) in operations.items():
            _check(op, contenders, sizes.jobs)
            batch = sizes.list_batch if op == "list" else sizes.batch
            samples = interleaved(contenders, sizes.rounds, batch)
            rows += _rows(label, samples)
    return rows


Contenders = dict[str, Callable[[], Any]]


def _operations(
    typed: fugaku.Fugaku,
    raw: httpx.Client,
    url: str,
    headers: dict[str, str],
    ids: list[str],
) -> dict[str, tuple[str, Contenders]]:
    jobid, jobs = ids[0], len(ids)
    paths = {
        "status": "/status/computer",
        "list": "/queue/computer",
        "detail": f"/queue/computer/{jobid}",
    }
    typed_calls: dict[str, Callable[[], Any]] = {
        "status": typed.machine_status,
        "list": typed.list_jobs,
        "detail": lambda: typed.job(jobid),
    }
    labels = {"status": "status", "list": f"job list ({jobs})", "detail": "job detail"}
    return {
        op: (
            labels[op],
            {
                "typed": typed_calls[op],
                "httpx": _raw_call(raw, path),
                "requests": _requests_call(url + path, headers),
            },
        )
        for op, path in paths.items()
    }


def _raw_call(raw: httpx.Client, path: str) -> Callable[[], Any]:
    def call() -> Any:
        return raw.get(path).json()

    return call


def _requests_call(url: str, headers: dict[str, str]) -> Callable[[], Any]:
    def call() -> Any:
        return requests.get(url, headers=headers, timeout=60.0).json()

    return call


def _check(op: str, contenders: Contenders, jobs: int) -> None:
    """Warm up every contender and check the answers are what is measured."""
    for contender in contenders.values():
        for _ in range(3):
            contender()
    if op == "list":
        count = len(contenders["typed"]())
        if count != jobs:
            raise RuntimeError(f"the job list has {count} records, not {jobs}")


def _rows(label: str, samples: dict[str, list[float]]) -> list[Row]:
    rows = []
    for stat, func in (("median", median), ("p95", p95)):
        typed, raw, old = (
            func(samples[k]) * 1e3 for k in ("typed", "httpx", "requests")
        )
        rows.append(
            Row(
                NAME,
                f"{label} {stat}",
                typed,
                "ms",
                raw,
                "raw httpx",
                GOAL,
                note=f"original SDK approach (requests per call): {old:.2f} ms",
            )
        )
    return rows
