"""TLS against the emulator: verification on, a client certificate instead of
a token, and construction from fugaku_auth settings."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import fugaku
from fugaku import AuthenticationError, NoAccessCode, TransportError
from fugaku_auth import Settings

from .conftest import FAST_RETRY, Twin


@pytest.fixture(scope="module")
def tls_emu() -> Iterator[Any]:
    emulator = pytest.importorskip("fugaku_emulator")
    with emulator.Emulator(emulator.EmulatorConfig(tls=True)) as running:
        yield running


def test_client_certificate_instead_of_a_token(
    make_client: Callable[..., Twin], tls_emu: Any
) -> None:
    assert tls_emu.api_url.startswith("https://")
    api = make_client(
        base_url=tls_emu.api_url,
        verify=str(tls_emu.tls.ca_pem),
        cert=str(tls_emu.tls.client_pem),
    )
    assert api.machine_status().ok
    assert api.command("echo tls").strip() == "tls"
    split = make_client(
        base_url=tls_emu.api_url,
        verify=ssl.create_default_context(cafile=str(tls_emu.tls.ca_pem)),
        cert=(str(tls_emu.tls.client_cert), str(tls_emu.tls.client_key)),
    )
    assert split.machines()


def test_tls_is_verified_by_default(
    make_client: Callable[..., Twin], tls_emu: Any
) -> None:
    api = make_client(base_url=tls_emu.api_url, cert=str(tls_emu.tls.client_pem))
    with pytest.raises(TransportError):
        api.machines()


def test_no_certificate_and_no_token_is_refused(
    make_client: Callable[..., Twin], tls_emu: Any
) -> None:
    api = make_client(base_url=tls_emu.api_url, verify=str(tls_emu.tls.ca_pem))
    with pytest.raises(AuthenticationError, match="log in again"):
        api.machines()


def _settings(tls_emu: Any, tmp_path: Path, **extra: Any) -> Settings:
    return Settings.load(
        "test",
        config_file=tmp_path / "none.toml",
        env={},
        api_url=tls_emu.api_url,
        ca_bundle=str(tls_emu.tls.ca_pem),
        token_dir=str(tmp_path / "tokens"),
        **extra,
    )


def test_from_settings_with_a_certificate(
    mode: str, tls_emu: Any, tmp_path: Path
) -> None:
    settings = _settings(tls_emu, tmp_path, cert=str(tls_emu.tls.client_pem))
    if mode == "sync":
        with fugaku.Fugaku.from_settings(settings, retry=FAST_RETRY) as api:
            assert api.machine_status().ok
    else:
        import asyncio

        async def check() -> None:
            async with fugaku.AsyncFugaku.from_settings(settings) as api:
                assert (await api.machine_status()).ok

        asyncio.run(check())


def test_from_settings_without_tokens_asks_for_a_login(
    tls_emu: Any, tmp_path: Path
) -> None:
    settings = _settings(
        tls_emu,
        tmp_path,
        metadata_url=tls_emu.metadata_url,
        client_id=tls_emu.client_id,
        client_secret=tls_emu.client_secret,
    )
    with (
        fugaku.Fugaku.from_settings(settings) as api,
        pytest.raises(NoAccessCode, match="log in"),
    ):
        api.machines()
