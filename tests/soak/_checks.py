"""The invariants checked after a soak run, against the emulator's own state."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from fugaku_auth import TokenStore
from fugaku_emulator import Emulator

from ._ledger import Ledger
from ._workload import REMOTE_DIR

__all__ = ["check_all", "jobs_by_name"]


def check_all(
    emu: Emulator, ledger: Ledger, local_dir: Path, store: TokenStore
) -> None:
    """Add a violation to ``ledger`` for every broken promise."""
    _check_submissions(emu, ledger)
    _check_remote_files(emu, ledger)
    _check_local_files(ledger, local_dir)
    if store.load() is None:
        ledger.violate("the token store is empty or unreadable after the run")


def jobs_by_name(emu: Emulator) -> dict[str, list[str]]:
    """Job ids the emulator accepted, by job name (queue and history)."""
    found: dict[str, list[str]] = {}
    for record in [*emu.scheduler.queue(), *emu.scheduler.history()]:
        found.setdefault(str(record.name), []).append(str(record.jobid))
    return found


def _check_submissions(emu: Emulator, ledger: Ledger) -> None:
    accepted = jobs_by_name(emu)
    for name, ids in accepted.items():
        if len(ids) > 1:
            ledger.violate(f"job {name} was submitted {len(ids)} times: {ids}")
    for name, job_id in ledger.submitted.items():
        if accepted.get(name) != [job_id]:
            ledger.violate(
                f"SDK says {name} is {job_id}, emulator has {accepted.get(name)}"
            )
    for name in ledger.refused:
        if name in accepted:
            ledger.violate(f"{name} was reported refused but the emulator has it")
    total = sum(len(ids) for ids in accepted.values())
    if emu.stats.submissions != total:
        ledger.violate(f"{emu.stats.submissions} accepted submissions, {total} jobs")


def _check_remote_files(emu: Emulator, ledger: Ledger) -> None:
    root = emu.local_home / REMOTE_DIR.removeprefix("~/")
    expected = {
        path.removeprefix(REMOTE_DIR + "/"): digest
        for path, digest in ledger.intended.items()
    }
    present = {item.name for item in root.iterdir()} if root.exists() else set()
    for name in present - expected.keys():
        ledger.violate(f"stray remote file {name!r}")
    for name, digest in expected.items():
        confirmed = f"{REMOTE_DIR}/{name}" in ledger.confirmed
        if name not in present:
            if confirmed:
                ledger.violate(f"confirmed upload {name!r} is missing")
            continue
        if _sha256(root / name) != digest:
            ledger.violate(f"remote file {name!r} is partial or wrong")


def _check_local_files(ledger: Ledger, local_dir: Path) -> None:
    names = Counter(item.name for item in local_dir.iterdir())
    for name in names:
        digest = ledger.downloads.get(name)
        if digest is None:
            ledger.violate(f"local file {name!r} left by a failed download")
        elif _sha256(local_dir / name) != digest:
            ledger.violate(f"downloaded file {name!r} is partial or wrong")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
