"""Running the soak: the emulator, the two clients, the workers, the report."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from fugaku import AsyncFugaku, Fugaku, FugakuClientError, PollPolicy
from fugaku_auth import (
    ClientCredentials,
    OIDCAuth,
    ProviderConfig,
    TokenSet,
    TokenStore,
)
from fugaku_emulator import Emulator, EmulatorConfig

from ._checks import check_all, jobs_by_name
from ._faults import CountingRetry, injected, install_faults
from ._ledger import Ledger
from ._workload import KINDS, REMOTE_DIR, RUN_DIR, Worker, run_one

__all__ = ["SoakConfig", "SoakReport", "run_soak"]

_TIMEOUT = 2.0
_EXPIRE_EVERY = 97


@dataclass(frozen=True)
class SoakConfig:
    """How long and how hard to soak.

    Attributes:
        operations: Operations to run in total (at least).
        seed: Seed of the workload and of the emulator's faults.
        max_seconds: Hard limit of the workflow; the run stops by itself.
        async_workers: Workers on ``AsyncFugaku`` (one more uses ``Fugaku``).
        token_lifetime: The emulator's access-token lifetime in seconds.
    """

    operations: int = 2000
    seed: int = 8
    max_seconds: float = 480.0
    async_workers: int = 2
    token_lifetime: int = 20


@dataclass
class SoakReport:
    """What a run did and which promises it broke."""

    ledger: Ledger
    faults: Counter[str]
    retries: int
    refreshes: int
    requests: int
    jobs_accepted: int
    duplicates: int
    elapsed: float
    finished: bool
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every invariant held."""
        return self.finished and not self.violations

    def summary(self) -> str:
        """A plain-text summary for the terminal and docs/reliability.md."""
        return "\n".join(_summary_lines(self))


def run_soak(config: SoakConfig) -> SoakReport:
    """Run the soak on a private emulator and check the invariants."""
    with tempfile.TemporaryDirectory(prefix="fugaku-soak-") as temp:
        return _run_in(Path(temp), config)


def _run_in(base: Path, config: SoakConfig) -> SoakReport:
    emu_config = EmulatorConfig(
        sandbox_root=base / "sandbox",
        token_lifetime=config.token_lifetime,
        fault_seed=config.seed,
        command_timeout=10.0,
        max_running=64,
    )
    local_dir = base / "downloads"
    local_dir.mkdir()
    store = TokenStore("soak", base / "tokens")
    with Emulator(emu_config) as emu:
        store.save(TokenSet.from_response(emu.token_response()))
        provider = ProviderConfig.discover(emu.metadata_url)
        rules = install_faults(emu, timeout_spike=_TIMEOUT + 1.0)
        started = time.monotonic()
        ledger, retry, expiries = asyncio.run(
            _workflow(emu, provider, store, local_dir, config)
        )
        elapsed = time.monotonic() - started
        emu.faults.clear()
        check_all(emu, ledger, local_dir, store)
        return _report(emu, config, ledger, injected(rules, expiries), retry, elapsed)


def _report(
    emu: Emulator,
    config: SoakConfig,
    ledger: Ledger,
    faults: Counter[str],
    retry: CountingRetry,
    elapsed: float,
) -> SoakReport:
    accepted = jobs_by_name(emu)
    return SoakReport(
        ledger=ledger,
        faults=faults,
        retries=len(retry.log),
        refreshes=emu.stats.token_requests["refresh_token"],
        requests=sum(emu.stats.requests.values()),
        jobs_accepted=sum(len(ids) for ids in accepted.values()),
        duplicates=sum(len(ids) - 1 for ids in accepted.values() if ids),
        elapsed=elapsed,
        finished=ledger.total >= config.operations,
        violations=list(ledger.violations),
    )


async def _workflow(
    emu: Emulator,
    provider: ProviderConfig,
    store: TokenStore,
    local_dir: Path,
    config: SoakConfig,
) -> tuple[Ledger, CountingRetry, int]:
    ledger = Ledger()
    retry = CountingRetry(attempts=4, backoff=0.05, max_delay=0.5)
    credentials = ClientCredentials(emu.client_id, emu.client_secret, emu.redirect_uri)
    args = _client_args(emu, retry)
    with Fugaku(auth=OIDCAuth(provider, credentials, store=store), **args) as sync:
        async with AsyncFugaku(
            auth=OIDCAuth(provider, credentials, store=store), **args
        ) as client:
            await _prepare(sync)
            workers = [Worker("s", sync, ledger, config.seed, local_dir)]
            workers += [
                Worker(f"a{n}", client, ledger, config.seed + n + 1, local_dir)
                for n in range(config.async_workers)
            ]
            deadline = time.monotonic() + config.max_seconds
            expiries = [0]
            await asyncio.gather(
                *(_loop(w, emu, config, deadline, expiries) for w in workers)
            )
    return ledger, retry, expiries[0]


def _client_args(emu: Emulator, retry: CountingRetry) -> dict[str, Any]:
    return {
        "base_url": emu.api_url,
        "timeout": httpx.Timeout(_TIMEOUT, connect=_TIMEOUT),
        "submit_timeout": httpx.Timeout(_TIMEOUT, connect=_TIMEOUT),
        "retry": retry,
        "poll": PollPolicy(initial=0.1, factor=1.5, maximum=1.0, jitter=0.1),
        "submit_lookup_window": 6.0,
    }


async def _prepare(client: Fugaku) -> None:
    """Create the remote directories under the faults (bounded tries)."""
    for directory in (REMOTE_DIR, RUN_DIR):
        for _ in range(20):
            try:
                await asyncio.to_thread(client.mkdir, directory)
                break
            except FugakuClientError:
                await asyncio.sleep(0.1)
        else:
            raise RuntimeError(f"could not create {directory} in 20 tries")


async def _loop(
    worker: Worker,
    emu: Emulator,
    config: SoakConfig,
    deadline: float,
    expiries: list[int],
) -> None:
    kinds, weights = list(KINDS), list(KINDS.values())
    while worker.ledger.total < config.operations and time.monotonic() < deadline:
        if worker.ledger.total % _EXPIRE_EVERY == _EXPIRE_EVERY - 1:
            emu.faults.expire_tokens()
            expiries[0] += 1
        await run_one(worker, worker.rng.choices(kinds, weights)[0])


def _summary_lines(report: SoakReport) -> list[str]:
    ledger = report.ledger
    lines = [
        f"operations: {ledger.total} in {report.elapsed:.1f} s "
        f"({report.requests} HTTP requests reached the emulator)",
        "  by kind: " + _counts(ledger.operations),
        "faults injected: " + _counts(report.faults),
        f"retries by the SDK: {report.retries}; token refreshes: {report.refreshes}",
        "errors that reached the user: " + (_counts(ledger.errors) or "none"),
        f"checksums verified: {ledger.checksums_verified}",
        f"jobs: {len(ledger.submitted)} ids returned, {report.jobs_accepted} "
        f"accepted by the emulator, {len(ledger.uncertain)} reported uncertain, "
        f"{len(ledger.refused)} refused",
        f"duplicate submissions: {report.duplicates}",
        f"finished: {'yes' if report.finished else 'NO (time limit)'}",
        f"violations: {len(report.violations)}",
    ]
    lines += [f"  - {text}" for text in report.violations[:50]]
    return lines


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counter.items()))
