"""Peak memory of a large upload and download through ``fugaku.Fugaku``.

Run: ``.venv/bin/python bench/transfer_memory.py [--size-mib 1024]``.

The emulator runs in this process on loopback; the client runs in a child
process, which reports how much its peak resident memory (``ru_maxrss``) grew
during the upload and during the download, relative to its peak after a warm-up
call. Checksums are compared three ways: the source file, the file the
emulator stored, and the downloaded copy (and the client's own sha256sum check
on the machine). The transfers stream, so the growth stays far below the file
size (the target is under 64 MiB for 1 GiB).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

CHUNK = 1 << 20
LIMIT_MIB = 64


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the measurement, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    figures = measure(args.size_mib)
    report(figures)
    return 0 if figures["ok"] else 1


def measure(size_mib: int) -> dict[str, Any]:
    """Start an emulator, run the client child, compare checksums."""
    from fugaku_emulator import Emulator, EmulatorConfig

    with (
        tempfile.TemporaryDirectory() as work,
        Emulator(EmulatorConfig(command_timeout=600.0)) as emu,
    ):
        source = Path(work) / "source.bin"
        source_sha = write_random(source, size_mib * CHUNK)
        job = {
            "api_url": emu.api_url,
            "token": emu.token_response()["access_token"],
            "source": str(source),
            "remote": f"{emu.home}/big.bin",
            "target": str(Path(work) / "copy.bin"),
        }
        figures = run_child(job)
        figures["size_mib"] = size_mib
        figures["source_sha256"] = source_sha
        figures["stored_sha256"] = file_sha256(emu.local_home / "big.bin")
        figures["copy_sha256"] = file_sha256(Path(job["target"]))
    return judge(figures)


def judge(figures: dict[str, Any]) -> dict[str, Any]:
    """Add the verdict: equal checksums and growth under the limit."""
    sums = {figures[key] for key in ("source_sha256", "stored_sha256", "copy_sha256")}
    sums |= {figures["upload_sha256"], figures["download_sha256"]}
    growth = max(figures["upload_growth_mib"], figures["download_growth_mib"])
    figures["checksums_equal"] = len(sums) == 1
    figures["ok"] = figures["checksums_equal"] and growth < LIMIT_MIB
    return figures


def run_child(job: dict[str, Any]) -> dict[str, Any]:
    """Run the client side in a fresh interpreter; return what it measured."""
    command = [sys.executable, __file__, "--child", json.dumps(job)]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=3600, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"client child failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child(job: dict[str, Any]) -> dict[str, Any]:
    """Upload then download with the typed client, watching peak RSS."""
    import fugaku

    with fugaku.Fugaku(job["api_url"], token=job["token"]) as client:
        client.machines()
        base = peak_rss_mib()
        sent = client.upload(
            job["source"],
            job["remote"],
            overwrite=fugaku.Overwrite.REPLACE,
            checksum=True,
        )
        after_upload = peak_rss_mib()
        got = client.download(job["remote"], job["target"], checksum=True)
        after_download = peak_rss_mib()
    return {
        "baseline_peak_mib": round(base, 1),
        "upload_growth_mib": round(after_upload - base, 1),
        "download_growth_mib": round(after_download - base, 1),
        "upload_sha256": sent.sha256,
        "download_sha256": got.sha256,
        "verified": [sent.verified, got.verified],
    }


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_random(path: Path, size: int) -> str:
    """Write ``size`` incompressible bytes; return their SHA-256."""
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        for _ in range(size // CHUNK):
            block = os.urandom(CHUNK)
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def report(figures: dict[str, Any]) -> None:
    """Print the figures, one a line."""
    print(f"file size:              {figures['size_mib']} MiB")
    print(f"client baseline peak:   {figures['baseline_peak_mib']} MiB")
    print(f"peak growth, upload:    {figures['upload_growth_mib']} MiB")
    print(f"peak growth, download:  {figures['download_growth_mib']} MiB")
    print(f"limit:                  {LIMIT_MIB} MiB")
    print(f"checked by the client:  {', '.join(figures['verified'])}")
    print(f"checksums equal:        {figures['checksums_equal']}")
    print(f"sha256:                 {figures['source_sha256']}")
    print("result:                 " + ("OK" if figures["ok"] else "FAILED"))


if __name__ == "__main__":
    sys.exit(main())
