"""Profiles behind docs/performance.md: ``python -m bench.profile CASE [N]``.

Cases: ``list`` (50 typed job-list calls of 500 records), ``status`` (1000
typed status calls), ``download`` (one typed 256 MiB download), ``concurrency``
(1000 typed job-status calls at concurrency 100). Prints cProfile's top ``N``
functions by own time. The emulator runs in its own process, so the profile
shows the client only.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import fugaku

from . import concurrency
from ._emulator import EmulatorProcess
from ._seed import QUEUED_CONFIG, cancel_jobs, seed_jobs
from .transfers import MIB, write_pattern

CASES = ("list", "status", "download", "concurrency")


def main(argv: list[str]) -> int:
    """Profile one case and print the top functions."""
    if not argv or argv[0] not in CASES:
        print(f"usage: python -m bench.profile {{{','.join(CASES)}}} [N]")
        return 2
    top = int(argv[1]) if len(argv) > 1 else 25
    profile = cProfile.Profile()
    with EmulatorProcess(**QUEUED_CONFIG) as emu:
        token = emu.access_token()
        ids = seed_jobs(emu.api_url, token, 500 if argv[0] == "list" else 1)
        try:
            _CASES[argv[0]](emu, ids[0], profile)
        finally:
            cancel_jobs(emu.api_url, token, ids)
    pstats.Stats(profile).sort_stats("tottime").print_stats(top)
    return 0


def _list(emu: EmulatorProcess, jobid: str, profile: cProfile.Profile) -> None:
    _calls(emu, profile, listing=True)


def _status(emu: EmulatorProcess, jobid: str, profile: cProfile.Profile) -> None:
    _calls(emu, profile, listing=False)


def _calls(emu: EmulatorProcess, profile: cProfile.Profile, *, listing: bool) -> None:
    with fugaku.Fugaku(emu.api_url, auth=emu.oidc_auth()) as client:
        call: Callable[[], object] = (
            client.list_jobs if listing else client.machine_status
        )
        call()
        profile.enable()
        for _ in range(50 if listing else 1000):
            call()
        profile.disable()


def _download(emu: EmulatorProcess, jobid: str, profile: cProfile.Profile) -> None:
    info = emu._info()
    stored = info.sandbox_root / info.home.lstrip("/") / "bench-profile.bin"
    write_pattern(stored, 256 * MIB)
    try:
        with (
            tempfile.TemporaryDirectory() as work,
            fugaku.Fugaku(emu.api_url, auth=emu.oidc_auth()) as client,
        ):
            client.machines()
            profile.enable()
            client.download(f"{info.home}/bench-profile.bin", Path(work) / "copy")
            profile.disable()
    finally:
        stored.unlink(missing_ok=True)


def _concurrency(emu: EmulatorProcess, jobid: str, profile: cProfile.Profile) -> None:
    async def run() -> None:
        async with fugaku.AsyncFugaku(emu.api_url, auth=emu.oidc_auth()) as client:
            await concurrency._run(lambda: client.job(jobid), 200)
            profile.enable()
            await concurrency._run(lambda: client.job(jobid), 1000)
            profile.disable()

    asyncio.run(run())


_CASES: dict[str, Callable[[EmulatorProcess, str, cProfile.Profile], None]] = {
    "list": _list,
    "status": _status,
    "download": _download,
    "concurrency": _concurrency,
}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
