"""Mutual TLS: HTTPS, and a client certificate instead of a token."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.serialization import pkcs12

from fugaku_emulator import Emulator, EmulatorConfig


@pytest.fixture
def tls_emulator(tmp_path: Path) -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(tls=True, sandbox_root=tmp_path / "r")) as emu:
        yield emu


def test_https_urls(tls_emulator: Emulator) -> None:
    assert tls_emulator.api_url.startswith("https://127.0.0.1:")
    assert tls_emulator.issuer.startswith("https://")
    meta = httpx.get(tls_emulator.metadata_url, verify=tls_emulator.verify).json()
    assert meta["token_endpoint"].startswith("https://")


def test_client_certificate_without_token(tls_emulator: Emulator) -> None:
    assert tls_emulator.tls is not None
    context = tls_emulator.tls.client_context()
    response = httpx.get(tls_emulator.api_url + "/status/", verify=context)
    assert response.json() == [{"status": "OK", "machine": "computer"}]


def test_no_certificate_no_token_is_403(tls_emulator: Emulator) -> None:
    response = httpx.get(tls_emulator.api_url + "/status/", verify=tls_emulator.verify)
    assert response.status_code == 403


def test_token_works_over_https(tls_emulator: Emulator) -> None:
    token = tls_emulator.token_response()["access_token"]
    response = httpx.get(
        tls_emulator.api_url + "/queue/computer",
        headers={"Authorization": f"Bearer {token}"},
        verify=tls_emulator.verify,
    )
    assert response.status_code == 200


def test_untrusted_certificate_is_refused(
    tls_emulator: Emulator, tmp_path: Path
) -> None:
    with Emulator(EmulatorConfig(tls=True, sandbox_root=tmp_path / "other")) as other:
        assert other.tls is not None
        assert tls_emulator.tls is not None
        context = ssl.create_default_context(cafile=str(tls_emulator.tls.ca_pem))
        context.load_cert_chain(str(other.tls.client_pem))
        with pytest.raises(httpx.TransportError):
            httpx.get(tls_emulator.api_url + "/status/", verify=context)


def test_pkcs12_bundle(tls_emulator: Emulator) -> None:
    material = tls_emulator.tls
    assert material is not None
    key, cert, extra = pkcs12.load_key_and_certificates(
        material.client_p12.read_bytes(), material.client_p12_passphrase.encode()
    )
    assert key is not None
    assert cert is not None
    assert "u10001" in cert.subject.rfc4514_string()
    assert len(extra) == 1
