"""Fixtures of the command-line tests: a private FUGAKU_HOME and a login.

``fugaku_home`` empties every ``FUGAKU_*`` variable and points
``FUGAKU_HOME`` at a temporary directory, so no test reads or writes the
user's real settings. ``profile`` writes a ``default`` profile for the
``emulator`` fixture; ``logged_in`` stores tokens for it through the real
login code (authorization URL, the emulator's login page, code exchange).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fugaku._cli import cli
from fugaku_auth import Settings, TokenSet, exchange_code, start_login
from fugaku_emulator import Emulator

# Read by the CLI, the settings loader or the facade rather than Settings fields.
OTHER_VARIABLES = {
    "FUGAKU_PROFILE",
    "FUGAKU_CONFIG",
    "FUGAKU_HOME",
    "FUGAKU_VALIDATE",
    "FUGAKU_DEBUG",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def write_profile(home: Path, emu: Emulator, name: str = "default") -> None:
    """Add a profile for ``emu`` to ``home``/config.toml."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "config.toml"
    text = config.read_text() if config.exists() else ""
    text += (
        f"[profile.{name}]\n"
        f'metadata_url = "{emu.metadata_url}"\n'
        f'client_id = "{emu.client_id}"\n'
        f'client_secret = "{emu.client_secret}"\n'
        f'redirect_uri = "http://127.0.0.1:{free_port()}/callback"\n'
        f'api_url = "{emu.api_url}"\n\n'
    )
    config.write_text(text)


def login_headless(emu: Emulator, profile: str = "default") -> TokenSet:
    """Log ``profile`` in through the emulator's IdP and store the tokens."""
    settings = Settings.load(profile)
    provider, client = settings.provider(), settings.credentials()
    attempt = start_login(provider, client)
    tokens = exchange_code(provider, client, attempt, emu.approve(attempt.url))
    settings.token_store().save(tokens)
    return tokens


def invoke(*args: str, input: str | None = None) -> Result:
    """Run ``fugaku ARGS`` in-process; unexpected exceptions propagate."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def parsed(result: Result) -> object:
    """The JSON a command printed on stdout."""
    import json

    return json.loads(result.stdout)


@pytest.fixture
def fugaku_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty FUGAKU_HOME; every other FUGAKU_* variable unset."""
    for name in [name for name in os.environ if name.startswith("FUGAKU_")]:
        monkeypatch.delenv(name)
    home = tmp_path / "fugaku-home"
    monkeypatch.setenv("FUGAKU_HOME", str(home))
    return home


@pytest.fixture
def profile(emulator: Emulator, fugaku_home: Path) -> Path:
    """A ``default`` profile for the running emulator; returns FUGAKU_HOME."""
    write_profile(fugaku_home, emulator)
    return fugaku_home


@pytest.fixture
def logged_in(emulator: Emulator, profile: Path) -> TokenSet:
    """Tokens of the ``default`` profile, stored as ``fugaku login`` would."""
    return login_headless(emulator)


def secrets_of(emu: Emulator, tokens: TokenSet) -> Sequence[str]:
    """Values that must never appear in any output."""
    values = [emu.client_secret, tokens.access_token]
    values += [value for value in (tokens.refresh_token, tokens.id_token) if value]
    return values
