"""WebAPI authentication: 403 without credentials, 401 for bad tokens."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from fugaku_emulator import Emulator, EmulatorConfig


def status_with(emu: Emulator, token: str | None) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx.get(emu.api_url + "/queue/computer", headers=headers)


def test_missing_token_is_403(emulator: Emulator) -> None:
    response = status_with(emulator, None)
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Not authenticated"},
    )


def test_other_scheme_is_403(emulator: Emulator) -> None:
    response = httpx.get(
        emulator.api_url + "/status/", headers={"Authorization": "Basic eDp5"}
    )
    assert response.status_code == 403


def test_valid_token_passes(emulator: Emulator, api_token: str) -> None:
    assert status_with(emulator, api_token).status_code == 200


def test_expired_token_is_401_with_challenge(tmp_path: Path) -> None:
    config = EmulatorConfig(token_lifetime=1, sandbox_root=tmp_path / "r")
    with Emulator(config) as emu:
        token = emu.token_response()["access_token"]
        deadline = time.monotonic() + 5
        response = status_with(emu, token)
        while response.status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.1)
            response = status_with(emu, token)
    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ")
    assert 'error="invalid_token"' in challenge
    assert 'error_description="Token expired"' in challenge


def test_expire_tokens_now(emulator: Emulator, api_token: str) -> None:
    assert emulator.faults.expire_tokens() >= 1
    response = status_with(emulator, api_token)
    assert response.status_code == 401
    assert "Token expired" in response.headers["www-authenticate"]
    assert (
        status_with(emulator, emulator.token_response()["access_token"]).status_code
        == 200
    )


def test_tampered_token_is_401(emulator: Emulator, api_token: str) -> None:
    header, payload, signature = api_token.split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    response = status_with(emulator, forged)
    assert response.status_code == 401
    assert "Token verification failed" in response.headers["www-authenticate"]
    assert status_with(emulator, "not-a-jwt").status_code == 401


def test_token_of_another_realm_is_401(emulator: Emulator, tmp_path: Path) -> None:
    with Emulator(EmulatorConfig(sandbox_root=tmp_path / "other")) as other:
        foreign = other.token_response()["access_token"]
    assert status_with(emulator, foreign).status_code == 401


def test_idp_needs_no_token(emulator: Emulator) -> None:
    assert httpx.get(emulator.metadata_url).status_code == 200


def test_refused_upload_gets_a_clean_401(emulator: Emulator) -> None:
    emulator.faults.expire_tokens()
    files = {"file": ("big", b"z" * (8 * 1024 * 1024))}
    response = httpx.put(
        emulator.api_url + "/file/computer/home/u10001/big",
        files=files,
        headers={"Authorization": "Bearer expired.or.bad"},
    )
    assert response.status_code == 401
