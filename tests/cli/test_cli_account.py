"""``fugaku login``, ``logout``, ``whoami``, ``status`` and the global options."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from fugaku._cli_common import ExitCode
from fugaku_auth import Settings, TokenSet
from fugaku_auth._settings import _ENV
from fugaku_emulator import Emulator

from .conftest import (
    OTHER_VARIABLES,
    free_port,
    invoke,
    login_headless,
    parsed,
    secrets_of,
    write_profile,
)

FUGAKU = Path(sys.executable).with_name("fugaku")


def test_help_names_commands_environment_and_exit_codes() -> None:
    result = invoke("--help")

    assert result.exit_code == 0
    for command in ("login", "logout", "whoami", "status", "jobs", "job", "submit"):
        assert command in result.stdout
    for command in ("run", "ls", "get", "put", "exec"):
        assert command in result.stdout
    named = set(re.findall(r"FUGAKU_[A-Z0-9_]+", result.stdout))
    assert named == set(_ENV.values()) | OTHER_VARIABLES
    assert "Exit codes" in result.stdout
    assert "0.1.0" in invoke("--version").stdout


def test_login_catches_the_browser_redirect_on_loopback(
    emulator: Emulator, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def browser(url: str) -> bool:
        opened.append(url)
        httpx.get(emulator.approve(url), timeout=10)
        return True

    monkeypatch.setattr("fugaku._cli_account._open_browser", browser)
    result = invoke("login")

    assert result.exit_code == 0, result.stderr
    assert opened
    assert opened[0].startswith(emulator.issuer)
    assert "Logged in" in result.stderr
    assert Settings.load().token_store().load() is not None


def test_login_without_browser_reads_the_pasted_redirect(
    emulator: Emulator, profile: Path
) -> None:
    with subprocess.Popen(
        [str(FUGAKU), "login", "--no-browser"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdin is not None
        assert process.stderr is not None
        url = _read_login_url(process.stderr)
        process.stdin.write(emulator.approve(url) + "\n")
        process.stdin.flush()
        _, rest = process.communicate(timeout=60)

    assert process.returncode == 0, rest
    assert "Logged in" in rest
    assert Settings.load().token_store().load() is not None


def _read_login_url(stream: object) -> str:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        if line.startswith("http"):
            return str(line).strip()
    raise AssertionError("no login URL printed")


def test_login_with_an_empty_paste_exits_3(profile: Path) -> None:
    result = invoke("login", "--no-browser", input="\n")

    assert result.exit_code == ExitCode.AUTH
    assert "Traceback" not in result.output


def test_login_without_client_id_fails_before_any_request(
    fugaku_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"
    monkeypatch.setenv("FUGAKU_METADATA_URL", dead)

    result = invoke("login", "--no-browser", input="\n")

    assert result.exit_code == ExitCode.USAGE
    assert "client id" in result.stderr


def test_commands_before_login_exit_3_and_name_the_fix(profile: Path) -> None:
    result = invoke("status")

    assert result.exit_code == ExitCode.AUTH
    assert "fugaku login" in result.stderr
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(profile: Path) -> None:
    result = subprocess.run(
        [str(FUGAKU), "status"],
        env={**os.environ, "FUGAKU_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == ExitCode.AUTH
    assert "Traceback" in result.stderr


def test_debug_logs_never_show_secrets_even_through_a_refresh(
    emulator: Emulator, logged_in: TokenSet
) -> None:
    store = Settings.load().token_store()
    store.save(dataclasses.replace(logged_in, expires_at=time.time() - 1))

    result = subprocess.run(
        [str(FUGAKU), "--debug", "whoami", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    refreshed = store.load()

    assert result.returncode == 0, result.stderr
    assert "HTTP Request" in result.stderr
    assert refreshed is not None
    assert refreshed.access_token != logged_in.access_token
    for secret in [*secrets_of(emulator, logged_in), refreshed.access_token]:
        assert secret not in result.stdout + result.stderr


def test_logout_forgets_the_tokens(logged_in: TokenSet) -> None:
    result = invoke("logout")

    assert result.exit_code == 0
    assert "removed" in result.stderr
    assert Settings.load().token_store().load() is None
    assert invoke("whoami").exit_code == ExitCode.AUTH
    assert "no tokens" in invoke("logout").stderr


def test_whoami_shows_account_and_expiry(
    emulator: Emulator, logged_in: TokenSet
) -> None:
    result = invoke("whoami")

    assert result.exit_code == 0
    assert emulator.account in result.stdout
    assert emulator.home in result.stdout
    assert "access token expires" in result.stdout


def test_whoami_json_never_shows_secrets(
    emulator: Emulator, logged_in: TokenSet
) -> None:
    result = invoke("whoami", "--json")
    data = parsed(result)

    assert isinstance(data, dict)
    assert data["user"] == emulator.account
    assert data["home"] == emulator.home
    assert isinstance(data["groups"], list)
    assert data["auth"] == "token"
    assert data["access_token_expires"]
    assert data["offline_access"] is True
    for secret in secrets_of(emulator, logged_in):
        assert secret not in result.output


def test_status_table_and_json(logged_in: TokenSet) -> None:
    table = invoke("status")
    data = parsed(invoke("status", "--json"))
    one = parsed(invoke("status", "computer", "--json"))

    assert table.exit_code == 0
    assert "computer" in table.stdout
    assert "OK" in table.stdout
    assert data == [{"machine": "computer", "status": "OK", "ok": True}]
    assert one == data


def test_profile_option_selects_another_profile(
    emulator: Emulator, profile: Path
) -> None:
    write_profile(profile, emulator, name="other")
    login_headless(emulator, "other")

    assert invoke("status").exit_code == ExitCode.AUTH
    assert invoke("--profile", "other", "status").exit_code == 0


def test_profile_from_environment(
    emulator: Emulator, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_profile(profile, emulator, name="other")
    login_headless(emulator, "other")
    monkeypatch.setenv("FUGAKU_PROFILE", "other")

    assert invoke("status").exit_code == 0


def test_unreachable_api_url_exits_6(logged_in: TokenSet) -> None:
    dead = f"http://127.0.0.1:{free_port()}"

    result = invoke("--api-url", dead, "status")

    assert result.exit_code == ExitCode.UNREACHABLE
    assert "Traceback" not in result.output


def test_api_url_from_environment(
    logged_in: TokenSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUGAKU_API_URL", f"http://127.0.0.1:{free_port()}")

    assert invoke("status").exit_code == ExitCode.UNREACHABLE
