"""The soak's operations, each one user-level call (or two) through the SDK.

A ``Worker`` wraps one client: a ``Fugaku`` called from a thread, or an
``AsyncFugaku`` awaited on the loop, so one operation table drives both.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import random
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fugaku import (
    APIError,
    AsyncFugaku,
    Fugaku,
    Overwrite,
    SubmissionUncertain,
)

from ._ledger import Ledger, Violation

__all__ = ["KINDS", "REMOTE_DIR", "Worker", "run_one"]

REMOTE_DIR = "~/soak"
RUN_DIR = "~/soak-runs"
AWKWARD = (
    "plain",
    "with space",
    "hash#tag",
    "pct%41",
    "what?",
    "日本語",
    "café",
    "a+b=c",
    "semi;colon",
    "quote'single",
)
SIZES = (0, 1, 1000, 65_543, 300_001)


class Worker:
    """One client and its own random stream."""

    def __init__(
        self,
        name: str,
        client: Fugaku | AsyncFugaku,
        ledger: Ledger,
        seed: int,
        local_dir: Path,
    ) -> None:
        self.name = name
        self.client = client
        self.ledger = ledger
        self.rng = random.Random(seed)
        self.local_dir = local_dir
        self._serial = 0

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call a client method: awaited (async) or in a thread (sync)."""
        target = getattr(self.client, method)
        if isinstance(self.client, AsyncFugaku):
            return await target(*args, **kwargs)
        return await asyncio.to_thread(target, *args, **kwargs)

    def serial(self) -> str:
        """A name part unique to this worker's next object."""
        self._serial += 1
        return f"{self.name}{self._serial}"


async def run_one(worker: Worker, kind: str) -> None:
    """Run one operation of ``kind``; errors go to the ledger."""
    worker.ledger.operation(kind)
    try:
        await _OPS[kind](worker)
    except Exception as exc:  # every failure is classified, none stops the run
        worker.ledger.error(kind, exc)


async def _upload(w: Worker) -> None:
    path = f"{REMOTE_DIR}/{w.serial()} {w.rng.choice(AWKWARD)}.bin"
    data = w.rng.randbytes(w.rng.choice(SIZES))
    digest = hashlib.sha256(data).hexdigest()
    with w.ledger.lock:
        w.ledger.intended[path] = digest
    mode = Overwrite.REPLACE if w.rng.random() < 0.8 else Overwrite.ERROR
    checksum = w.rng.random() < 0.3
    result = await w.call(
        "upload", io.BytesIO(data), path, overwrite=mode, checksum=checksum
    )
    if result.sha256 != digest or result.size != len(data):
        raise Violation(f"upload of {path} reported {result.sha256}, sent {digest}")
    with w.ledger.lock:
        w.ledger.confirmed[path] = digest
    w.ledger.verified()


async def _download(w: Worker) -> None:
    with w.ledger.lock:
        choices = sorted(w.ledger.confirmed.items())
    if not choices:
        await _upload(w)
        return
    path, digest = w.rng.choice(choices)
    if w.rng.random() < 0.2:
        data = await w.call("read_bytes", path)
        _same(path, hashlib.sha256(data).hexdigest(), digest)
        w.ledger.verified()
        return
    await _download_file(w, path, digest)


async def _download_file(w: Worker, path: str, digest: str) -> None:
    dest = w.local_dir / f"{w.serial()}.bin"
    try:
        result = await w.call("download", path, dest, checksum=w.rng.random() < 0.3)
    except BaseException:
        if dest.exists():
            raise Violation(f"failed download left {dest.name} behind") from None
        raise
    with w.ledger.lock:
        w.ledger.downloads[dest.name] = digest
    _same(path, hashlib.sha256(dest.read_bytes()).hexdigest(), digest)
    _same(path, result.sha256, digest)
    w.ledger.verified()


def _same(path: str, got: str, expected: str) -> None:
    if got != expected:
        raise Violation(f"checksum of {path} differs: {got} != {expected}")


async def _submit(w: Worker, script: str = "#!/bin/sh\necho soak\n") -> str:
    name = f"soak-{w.serial()}"
    try:
        job_id = await w.call("submit", script=script, name=name)
    except SubmissionUncertain:
        w.ledger.uncertain.add(name)
        raise
    except APIError:
        w.ledger.refused.add(name)
        raise
    with w.ledger.lock:
        w.ledger.submitted[name] = str(job_id)
    return str(job_id)


async def _submit_op(w: Worker) -> None:
    job_id = await _submit(w)
    with w.ledger.lock:
        w.ledger.pending_waits.append(job_id)


async def _wait(w: Worker) -> None:
    with w.ledger.lock:
        job_id = w.ledger.pending_waits.pop(0) if w.ledger.pending_waits else None
    if job_id is None:
        await _submit_op(w)
        return
    job = await w.call("wait", job_id, timeout=60)
    if not job.is_terminal or str(job.id) != job_id:
        raise Violation(f"wait({job_id}) returned {job.id} in {job.status_code}")


async def _cancel(w: Worker) -> None:
    w.ledger.operation("submit")
    job_id = await _submit(w, "#!/bin/sh\nsleep 30\n")
    await w.call("cancel", job_id)


async def _run(w: Worker) -> None:
    """Upload, submit, wait and read the outputs in one call."""
    word = f"ran-{w.serial()}"
    script = f"#!/bin/sh\necho {word}\n"
    result = await w.call("run", script, name=f"soakrun-{word}", remote_dir=RUN_DIR)
    if result.stdout.strip() != word or result.exit_code != 0:
        raise Violation(f"run printed {result.stdout!r}, exit {result.exit_code}")


async def _command(w: Worker) -> None:
    word = f"soak-{w.serial()}"
    output = await w.call("command", f"echo {word}")
    if output.strip() != word:
        raise Violation(f"command echoed {output!r}, expected {word!r}")


async def _listing(w: Worker) -> None:
    choice = w.rng.randrange(6)
    if choice == 0:
        await w.call("list_jobs")
    elif choice == 1:
        await w.call("list_history")
    elif choice == 2:
        await w.call("listdir", REMOTE_DIR)
    elif choice == 3:
        await w.call("machines")
    elif choice == 4:
        await w.call("machine_status")
    else:
        await _stat(w)


async def _stat(w: Worker) -> None:
    with w.ledger.lock:
        choices = sorted(w.ledger.confirmed)
    if choices:
        path = w.rng.choice(choices)
        entry = await w.call("stat", path)
        if not entry.path.endswith(path.rsplit("/", 1)[-1]):
            raise Violation(f"stat({path}) described {entry.path}")


_OPS: dict[str, Callable[[Worker], Awaitable[None]]] = {
    "upload": _upload,
    "download": _download,
    "submit": _submit_op,
    "wait": _wait,
    "cancel": _cancel,
    "run": _run,
    "command": _command,
    "listing": _listing,
}
KINDS: dict[str, int] = {
    "upload": 20,
    "download": 20,
    "submit": 9,
    "wait": 9,
    "cancel": 2,
    "run": 2,
    "command": 13,
    "listing": 25,
}
