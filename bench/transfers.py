"""Issue 7.3, streaming: 1 GiB download and upload, throughput and memory.

Each case runs in its own interpreter (``python -m bench.transfers``, the
job on stdin), so cases cannot pollute each other's peak memory: the child
reports the growth of its peak RSS (``ru_maxrss``) over its peak after the
imports and a warm-up call, and the seconds the transfer took. Cases:

- ``typed``: ``Fugaku.download`` to a local path / ``Fugaku.upload``;
- ``httpx``: raw httpx streaming (``Client.stream`` to a file; multipart with
  the open file, which httpx reads in chunks);
- ``readall``: what public Fugaku clients do: the whole body in memory
  (``requests`` ``.content``), or the whole file read and a multipart body
  built by hand;
- ``checked`` (download only): raw httpx streaming plus the integrity work
  the typed client does (SHA-256 of every byte, fsync, atomic rename), to
  show how much of the gap to raw httpx that work is.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._emulator import EmulatorProcess
from ._report import Goal, Row, median

__all__ = ["NAME", "run"]

NAME = "transfers"
MIB = 1 << 20
CASES = ("typed", "httpx", "readall", "checked")
SPEED_GOAL = Goal.at_least(0.8)
MEMORY_GOAL = Goal.below(64, "MiB")
CHILD_TIMEOUT = 900


@dataclass(frozen=True)
class Plan:
    """File size and rounds (each round runs every case once, in turn)."""

    mib: int
    rounds: int


def plan(quick: bool, tiny: bool = False) -> Plan:
    """Full (1 GiB), quick (64 MiB), or tiny (smoke test) sizes."""
    if tiny:
        return Plan(mib=4, rounds=1)
    if quick:
        return Plan(mib=64, rounds=2)
    return Plan(mib=1024, rounds=2)


def run(quick: bool = False, tiny: bool = False) -> list[Row]:
    """Measure downloads, then uploads; delete every big file afterwards."""
    sizes = plan(quick, tiny)
    config = {"command_timeout": 600.0, "token_lifetime": 3600}
    with (
        tempfile.TemporaryDirectory(prefix="fugaku-bench-") as work,
        EmulatorProcess(**config) as emu,
    ):
        return _measure(emu, Path(work), sizes)


def _measure(emu: EmulatorProcess, work: Path, sizes: Plan) -> list[Row]:
    info = emu._info()
    size = sizes.mib * MIB
    source = work / "source.bin"
    remote_name = "bench-download.bin"
    write_pattern(source, size)
    stored = info.sandbox_root / info.home.lstrip("/") / remote_name
    write_pattern(stored, size)
    job = {
        "api_url": info.api_url,
        "token": emu.access_token(),
        "size": size,
        "source": str(source),
        "download": f"{info.home}/{remote_name}",
        "upload": f"{info.home}/bench-upload.bin",
        "target": str(work / "copy.bin"),
    }
    try:
        down = _rounds("download", job, sizes.rounds)
        up = _rounds("upload", job, sizes.rounds)
    finally:
        stored.unlink(missing_ok=True)
        (stored.parent / "bench-upload.bin").unlink(missing_ok=True)
    return _rows("download", down, sizes.mib) + _rows("upload", up, sizes.mib)


Samples = dict[str, list[dict[str, float]]]


def _rounds(direction: str, job: dict[str, Any], rounds: int) -> Samples:
    """Typed and httpx take turns each round; read-it-all runs once (slow)."""
    samples: Samples = {case: [] for case in CASES}
    for number in range(rounds):
        order = ["typed", "httpx", "readall"] if number % 2 == 0 else ["httpx", "typed"]
        if direction == "download":
            order.append("checked")
        for case in order:
            samples[case].append(_child(direction, case, job))
            Path(job["target"]).unlink(missing_ok=True)
    return samples


def _child(direction: str, case: str, job: dict[str, Any]) -> dict[str, float]:
    """Run one case in a fresh interpreter; return its figures."""
    payload = json.dumps({**job, "direction": direction, "case": case})
    done = subprocess.run(
        [sys.executable, "-m", "bench.transfers"],
        input=payload,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{direction}/{case} failed:\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _rows(direction: str, samples: Samples, mib: int) -> list[Row]:
    def speed(case: str) -> float:
        return median([mib / s["seconds"] for s in samples[case]])

    def growth(case: str) -> float:
        return max(s["growth_mib"] for s in samples[case])

    size = f"{mib / 1024:g} GiB" if mib >= 1024 else f"{mib} MiB"
    return [
        Row(
            NAME,
            f"{direction} {size} throughput",
            speed("typed"),
            "MiB/s",
            speed("httpx"),
            "raw httpx streaming",
            SPEED_GOAL,
            note=_speed_note(direction, speed),
        ),
        Row(
            NAME,
            f"{direction} {size} peak memory growth",
            growth("typed"),
            "MiB",
            growth("readall"),
            "read-it-all approach",
            MEMORY_GOAL,
            note=f"raw httpx streaming: {growth('httpx'):.1f} MiB",
        ),
    ]


def _speed_note(direction: str, speed: Callable[[str], float]) -> str:
    note = f"read-it-all approach: {speed('readall'):.0f} MiB/s"
    if direction == "download":
        note += f"; raw httpx + SHA-256 + fsync: {speed('checked'):.0f} MiB/s"
    return note


def write_pattern(path: Path, size: int) -> None:
    """Write ``size`` bytes: one random MiB repeated (no holes, not zeros)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    block = secrets.token_bytes(MIB)
    with open(path, "wb") as out:
        for offset in range(0, size, MIB):
            out.write(block[: min(MIB, size - offset)])


# --- the child side -------------------------------------------------------------


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_main() -> None:
    """Read the job from stdin, run the case, print its figures as JSON."""
    job = json.loads(sys.stdin.read())
    transfer = _CHILD_CASES[(job["direction"], job["case"])](job)
    base = peak_rss_mib()
    started = time.perf_counter()
    transfer()
    seconds = time.perf_counter() - started
    growth = peak_rss_mib() - base
    print(json.dumps({"seconds": seconds, "growth_mib": growth}))


Transfer = Callable[[], object]


def _typed(job: dict[str, Any]) -> Transfer:
    import fugaku

    client = fugaku.Fugaku(job["api_url"], token=job["token"])
    client.machines()  # warm: the connection and the code paths

    if job["direction"] == "download":
        return lambda: client.download(job["download"], job["target"])
    replace = fugaku.Overwrite.REPLACE
    return lambda: client.upload(job["source"], job["upload"], overwrite=replace)


def _httpx(job: dict[str, Any]) -> Transfer:
    import httpx

    headers = {"Authorization": f"Bearer {job['token']}"}
    client = httpx.Client(base_url=job["api_url"], headers=headers, timeout=300.0)
    client.get("/status/").raise_for_status()

    def download() -> None:
        with (
            client.stream("GET", "/file/computer" + job["download"]) as answer,
            open(job["target"], "wb") as out,
        ):
            answer.raise_for_status()
            for chunk in answer.iter_bytes():
                out.write(chunk)

    def upload() -> None:
        with open(job["source"], "rb") as source:
            files = {"file": ("bench-upload.bin", source, "application/octet-stream")}
            answer = client.put("/file/computer" + job["upload"], files=files)
        answer.raise_for_status()

    return download if job["direction"] == "download" else upload


def _checked(job: dict[str, Any]) -> Transfer:
    import hashlib

    import httpx

    headers = {"Authorization": f"Bearer {job['token']}"}
    client = httpx.Client(base_url=job["api_url"], headers=headers, timeout=300.0)
    client.get("/status/").raise_for_status()
    target = Path(job["target"])
    temp = target.with_name(target.name + ".part")

    def download() -> None:
        digest = hashlib.sha256()
        with (
            client.stream("GET", "/file/computer" + job["download"]) as answer,
            open(temp, "wb") as out,
        ):
            answer.raise_for_status()
            for chunk in answer.iter_bytes():
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)

    return download


def _readall(job: dict[str, Any]) -> Transfer:
    import requests

    headers = {"Authorization": f"Bearer {job['token']}"}
    base = job["api_url"] + "/file/computer"
    requests.get(job["api_url"] + "/status/", headers=headers, timeout=60)

    def download() -> None:
        answer = requests.get(base + job["download"], headers=headers, timeout=300)
        answer.raise_for_status()
        with open(job["target"], "wb") as out:
            out.write(answer.content)

    def upload() -> None:
        with open(job["source"], "rb") as source:
            data = source.read()
        boundary = secrets.token_hex(16)
        body = _multipart(boundary, "bench-upload.bin", data)
        kind = f"multipart/form-data; boundary={boundary}"
        answer = requests.put(
            base + job["upload"],
            data=body,
            headers={**headers, "Content-Type": kind},
            timeout=300,
        )
        answer.raise_for_status()

    return download if job["direction"] == "download" else upload


def _multipart(boundary: str, filename: str, data: bytes) -> bytes:
    """A one-field multipart body, built in memory as public clients do."""
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode()


_CHILD_CASES: dict[tuple[str, str], Callable[[dict[str, Any]], Transfer]] = {
    (direction, case): maker
    for direction in ("download", "upload")
    for case, maker in (("typed", _typed), ("httpx", _httpx), ("readall", _readall))
}
_CHILD_CASES["download", "checked"] = _checked


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    child_main()
