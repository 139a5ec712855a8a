"""``fugaku-emulator``: starts on loopback, answers, stops on SIGTERM."""

from __future__ import annotations

import json
import selectors
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from fugaku_emulator import Emulator, EmulatorConfig


def read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError("no output from fugaku-emulator")
    return process.stdout.readline()


def test_cli_serves_and_stops(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "fugaku_emulator", "--port", "0", "--json"]
    command += ["--sandbox", str(tmp_path / "root")]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        details = json.loads(read_line(process, 30))
        assert details["api_url"].startswith("http://127.0.0.1:")
        meta = httpx.get(details["metadata_url"], timeout=10).json()
        assert meta["issuer"] == details["api_url"] + "/auth/realms/op"
        assert details["client_id"]
        assert details["redirect_uri"].startswith("http://localhost")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_cli_refuses_other_addresses() -> None:
    command = [sys.executable, "-m", "fugaku_emulator", "--host", "0.0.0.0"]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr


def test_help_warns_about_the_local_user() -> None:
    command = [sys.executable, "-m", "fugaku_emulator", "--help"]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=30, check=False
    )
    assert "run as YOU" in result.stdout


def test_library_refuses_other_addresses() -> None:
    with pytest.raises(ValueError, match="allow_remote"):
        Emulator(EmulatorConfig(host="0.0.0.0"))
