"""Every request has the documented timeout, also when built from settings.

``Fugaku.from_settings`` used to apply ``FUGAKU_TIMEOUT`` (the identity
provider's, 10 s by default) to every API call, cutting the documented 60 s
read timeout; and its token refreshes ignored the profile's CA bundle, proxy
and IdP timeout.
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from fugaku import AsyncFugaku, Fugaku
from fugaku._protocol import DEFAULT_TIMEOUT, SUBMIT_TIMEOUT
from fugaku_auth import OIDCAuth, Settings

ISSUER = "http://127.0.0.1:9/auth/realms/op"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in [name for name in os.environ if name.startswith("FUGAKU_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("FUGAKU_HOME", str(tmp_path))
    return Settings.load(
        env={
            "FUGAKU_ISSUER": ISSUER,
            "FUGAKU_TOKEN_ENDPOINT": ISSUER + "/protocol/openid-connect/token",
            "FUGAKU_CLIENT_ID": "me",
            "FUGAKU_CLIENT_SECRET": "s3cr3t",
            "FUGAKU_API_URL": "http://127.0.0.1:9",
            "FUGAKU_TIMEOUT": "7",
            "FUGAKU_PROXY": "http://127.0.0.1:3128",
        }
    )


def test_documented_defaults() -> None:
    assert (DEFAULT_TIMEOUT.read, DEFAULT_TIMEOUT.connect) == (60.0, 10.0)
    assert (SUBMIT_TIMEOUT.read, SUBMIT_TIMEOUT.connect) == (300.0, 10.0)
    with Fugaku("http://127.0.0.1:9", token="t") as client:
        assert client.options.timeout == DEFAULT_TIMEOUT
        assert client.options.submit_timeout == SUBMIT_TIMEOUT
        assert client._http.timeout == DEFAULT_TIMEOUT


@pytest.mark.parametrize("cls", [Fugaku, AsyncFugaku])
def test_clients_from_settings_keep_the_api_timeouts(
    settings: Settings, cls: type[Fugaku]
) -> None:
    client = cls.from_settings(settings)

    assert client.options.timeout == DEFAULT_TIMEOUT
    assert client.options.submit_timeout == SUBMIT_TIMEOUT
    assert client._http.timeout == DEFAULT_TIMEOUT


def test_refreshes_use_the_profile_timeout_proxy_and_tls(settings: Settings) -> None:
    auth = Fugaku.from_settings(settings)._http.auth

    assert isinstance(auth, OIDCAuth)
    assert auth._core.timeout == 7.0
    assert auth._http_args["proxy"] == "http://127.0.0.1:3128"
    assert auth._http_args["verify"] == settings.ssl_context()


def test_explicit_timeout_still_wins(settings: Settings) -> None:
    client = Fugaku.from_settings(settings, timeout=5.0)

    assert client._http.timeout == httpx.Timeout(5.0, connect=5.0)
