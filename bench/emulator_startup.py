"""Time from starting ``fugaku-emulator`` to the first good discovery GET.

Run: ``.venv/bin/python bench/emulator_startup.py [runs]``. Loopback only.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

EXE = Path(sys.executable).with_name("fugaku-emulator")


def free_port() -> int:
    """Ask the OS for a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_run() -> float:
    """Start the emulator, poll discovery until 200, stop it; return seconds."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/auth/realms/op/.well-known/openid-configuration"
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(EXE), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(timeout=1.0) as client:
            while time.perf_counter() - started < 30:
                try:
                    if client.get(url).status_code == 200:
                        return time.perf_counter() - started
                except httpx.TransportError:
                    time.sleep(0.01)
        raise RuntimeError("the emulator did not answer within 30 s")
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    """Print the start-up times of a few runs."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    times = [one_run() for _ in range(runs)]
    print(
        f"fugaku-emulator start to first discovery GET over {runs} runs: "
        f"median {statistics.median(times):.3f} s, max {max(times):.3f} s"
    )


if __name__ == "__main__":
    main()
