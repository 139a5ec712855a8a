"""X.509 client certificates: PEM and PKCS#12 become a working mTLS context."""

from __future__ import annotations

import http.server
import os
import ssl
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from fugaku_auth import CertificateError, Settings, X509Credentials

PASSPHRASE = "p12-passphrase-xyzzy"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def mtls_url(ca: trustme.CA) -> Iterator[str]:
    """An HTTPS server on 127.0.0.1 that requires a client certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca.configure_trust(context)
    context.verify_mode = ssl.CERT_REQUIRED

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            subject = dict(x[0] for x in self.connection.getpeercert()["subject"])  # type: ignore[union-attr]
            body = subject.get("commonName", "").encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/status/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def files(ca: trustme.CA, tmp_path: Path) -> dict[str, Path]:
    leaf = ca.issue_cert("u10001@fugaku", common_name="u10001")
    paths = {
        name: tmp_path / f"{name}.pem" for name in ("ca", "both", "cert", "key", "enc")
    }
    ca.cert_pem.write_to_path(str(paths["ca"]))
    leaf.private_key_and_cert_chain_pem.write_to_path(str(paths["both"]))
    leaf.cert_chain_pems[0].write_to_path(str(paths["cert"]))
    leaf.private_key_pem.write_to_path(str(paths["key"]))
    key = serialization.load_pem_private_key(leaf.private_key_pem.bytes(), None)
    cert = x509.load_pem_x509_certificate(leaf.cert_chain_pems[0].bytes())
    paths["enc"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem.bytes())
    paths["p12"] = tmp_path / "user.p12"
    paths["p12"].write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"u10001",
            key,  # type: ignore[arg-type]
            cert,
            [ca_cert],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    return paths


def _get(url: str, context: ssl.SSLContext) -> httpx.Response:
    with httpx.Client(verify=context, timeout=10) as client:
        return client.get(url)


def test_pem_with_cert_and_key(files: dict[str, Path], mtls_url: str) -> None:
    context = X509Credentials.from_pem(files["both"]).ssl_context(files["ca"])
    assert _get(mtls_url, context).text == "u10001"


def test_pem_with_separate_encrypted_key(files: dict[str, Path], mtls_url: str) -> None:
    creds = X509Credentials.from_pem(files["cert"], files["enc"], PASSPHRASE)
    assert _get(mtls_url, creds.ssl_context(files["ca"])).text == "u10001"


def test_pkcs12_leaves_no_key_on_disk(
    files: dict[str, Path],
    mtls_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    created: list[tuple[str, int]] = []
    real_open = os.open

    def spy(path: str, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if str(path).startswith(str(scratch)) and flags & os.O_CREAT:
            created.append((str(path), mode))
        return real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    context = X509Credentials.from_pkcs12(files["p12"], PASSPHRASE).ssl_context(
        files["ca"]
    )
    monkeypatch.undo()
    assert list(scratch.iterdir()) == []
    assert [mode for _, mode in created] == [0o600]
    assert _get(mtls_url, context).text == "u10001"


def test_without_certificate_the_server_refuses(
    files: dict[str, Path], mtls_url: str
) -> None:
    context = ssl.create_default_context(cafile=str(files["ca"]))
    with pytest.raises(httpx.HTTPError):
        _get(mtls_url, context)


def test_wrong_passphrase_is_a_typed_error_without_the_passphrase(
    files: dict[str, Path],
) -> None:
    with pytest.raises(CertificateError) as info:
        X509Credentials.from_pkcs12(files["p12"], "wrong-guess").ssl_context()
    assert "wrong-guess" not in str(info.value)
    with pytest.raises(CertificateError):
        X509Credentials.from_pem(files["cert"], files["enc"], "nope").ssl_context()


def test_repr_hides_the_passphrase(files: dict[str, Path]) -> None:
    assert PASSPHRASE not in repr(X509Credentials.from_pkcs12(files["p12"], PASSPHRASE))


def test_settings_build_the_tls_client(
    files: dict[str, Path], mtls_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUGAKU_PKCS12", str(files["p12"]))
    monkeypatch.setenv("FUGAKU_PKCS12_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("FUGAKU_CA_BUNDLE", str(files["ca"]))
    with Settings.load().http_client() as client:
        assert client.get(mtls_url).text == "u10001"
