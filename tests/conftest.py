"""Shared fixtures: a running Fugaku-in-a-box and a token for it.

``emulator`` yields a started ``fugaku_emulator.Emulator`` (submit delay 0,
sandbox under ``tmp_path``) and stops it afterwards; ``api_token`` is a
valid access token for it; ``api_client`` an ``httpx.Client`` on its API
URL that sends that token.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fugaku_emulator import Emulator, EmulatorConfig


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[Emulator]:
    """A running emulator on 127.0.0.1 with its sandbox in ``tmp_path``."""
    config = EmulatorConfig(submit_delay=0.0, sandbox_root=tmp_path / "sandbox")
    with Emulator(config) as emu:
        yield emu


@pytest.fixture
def api_token(emulator: Emulator) -> str:
    """A valid access token for ``emulator``."""
    token: str = emulator.token_response()["access_token"]
    return token


@pytest.fixture
def api_client(emulator: Emulator, api_token: str) -> Iterator[httpx.Client]:
    """An httpx client on the emulator's API URL, sending ``api_token``."""
    headers = {"Authorization": f"Bearer {api_token}"}
    with httpx.Client(
        base_url=emulator.api_url, headers=headers, timeout=10.0, verify=emulator.verify
    ) as client:
        yield client
