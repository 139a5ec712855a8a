"""Set-ups the README describes: an X.509 certificate instead of a login, and
``fugaku-emulator`` in another terminal with ``fugaku login --no-browser``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fugaku_emulator import Emulator, EmulatorConfig

from .conftest import free_port, invoke, parsed

BIN = Path(sys.executable).parent


@pytest.fixture
def tls_emulator(tmp_path: Path) -> Iterator[Emulator]:
    """An emulator serving HTTPS that accepts client certificates."""
    config = EmulatorConfig(tls=True, sandbox_root=tmp_path / "sandbox")
    with Emulator(config) as emu:
        yield emu


def test_pem_certificate_without_login(
    tls_emulator: Emulator, fugaku_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tls = tls_emulator.tls
    assert tls is not None
    monkeypatch.setenv("FUGAKU_API_URL", tls_emulator.api_url)
    monkeypatch.setenv("FUGAKU_CERT", str(tls.client_pem))
    monkeypatch.setenv("FUGAKU_CA_BUNDLE", str(tls.ca_pem))

    status = invoke("status", "--json")
    who = parsed(invoke("whoami", "--json"))

    assert status.exit_code == 0, status.stderr
    assert parsed(status) == [{"machine": "computer", "status": "OK", "ok": True}]
    assert isinstance(who, dict)
    assert who["auth"] == "certificate"
    assert "access_token_expires" not in who
    assert who["user"] == tls_emulator.account


def test_pkcs12_certificate_without_login(
    tls_emulator: Emulator, fugaku_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tls = tls_emulator.tls
    assert tls is not None
    monkeypatch.setenv("FUGAKU_API_URL", tls_emulator.api_url)
    monkeypatch.setenv("FUGAKU_PKCS12", str(tls.client_p12))
    monkeypatch.setenv("FUGAKU_PKCS12_PASSPHRASE", tls.client_p12_passphrase)
    monkeypatch.setenv("FUGAKU_CA_BUNDLE", str(tls.ca_pem))

    result = invoke("run", "--", "echo", "hello over mutual TLS")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "hello over mutual TLS\n"


def test_emulator_command_then_login_without_browser(
    tmp_path: Path, fugaku_home: Path
) -> None:
    port = free_port()
    command = [str(BIN / "fugaku-emulator"), "--port", str(port), "--json"]
    command += ["--auto-approve", "--client-secret", "dev-secret"]
    command += ["--sandbox", str(tmp_path / "sandbox")]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as emulator:
        try:
            assert emulator.stdout is not None
            details = json.loads(emulator.stdout.readline())
            env = _profile_env(details, fugaku_home)
            _login_by_paste(env)
            status = subprocess.run(
                [str(BIN / "fugaku"), "status"],
                env=env,
                capture_output=True,
                timeout=60,
            )
        finally:
            emulator.terminate()
            emulator.wait(timeout=30)
    assert status.returncode == 0
    assert b"computer" in status.stdout


def _profile_env(details: dict[str, str], home: Path) -> dict[str, str]:
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith("FUGAKU_")}
    return clean | {
        "FUGAKU_HOME": str(home),
        "FUGAKU_API_URL": details["api_url"],
        "FUGAKU_METADATA_URL": details["metadata_url"],
        "FUGAKU_CLIENT_ID": details["client_id"],
        "FUGAKU_CLIENT_SECRET": "dev-secret",
        "FUGAKU_REDIRECT_URI": f"http://127.0.0.1:{free_port()}/callback",
    }


def _login_by_paste(env: dict[str, str]) -> None:
    """What a user does on a machine without a browser: open the printed URL
    elsewhere, then paste the address the browser was sent to."""
    with subprocess.Popen(
        [str(BIN / "fugaku"), "login", "--no-browser"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as login:
        assert login.stdin is not None
        assert login.stderr is not None
        url = next(line for line in login.stderr if line.startswith("http")).strip()
        redirect = httpx.get(url, timeout=10).headers["location"]
        login.stdin.write(redirect + "\n")
        login.stdin.flush()
        _, rest = login.communicate(timeout=60)
    assert login.returncode == 0, rest
