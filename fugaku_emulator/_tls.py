"""Mutual TLS: a throw-away CA, a server certificate, a client certificate.

The files are made with trustme at start-up. The client certificate stands
for the one the Fugaku portal issues: it is offered as one PEM holding
certificate and key (what users convert the portal's file to) and as a
PKCS#12 file with a passphrase (what the portal hands out).
"""

from __future__ import annotations

import asyncio
import secrets
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["CLIENT_CERT_KEY", "CertAwareProtocol", "TlsMaterial"]

CLIENT_CERT_KEY = "fugaku.emulator.client_cert"


@dataclass(frozen=True)
class TlsMaterial:
    """Paths of the generated PEM and PKCS#12 files.

    Attributes:
        ca_pem: The CA certificate clients should trust.
        server_pem: Server certificate chain; ``server_key`` its key.
        client_pem: Client certificate and key in one PEM file.
        client_cert, client_key: The same, in two files.
        client_p12: PKCS#12 bundle (key, certificate, CA).
        client_p12_passphrase: Its passphrase.
    """

    ca_pem: Path
    server_pem: Path
    server_key: Path
    client_pem: Path
    client_cert: Path
    client_key: Path
    client_p12: Path
    client_p12_passphrase: str

    @classmethod
    def create(cls, directory: Path, account: str) -> TlsMaterial:
        """Make a CA and certificates for 127.0.0.1 and for ``account``."""
        directory.mkdir(parents=True, exist_ok=True)
        ca = trustme.CA(organization_name="Fugaku-in-a-box CA")
        server = ca.issue_cert("127.0.0.1", "localhost")
        client = ca.issue_cert(f"{account}@fugaku.invalid", common_name=account)
        paths = {name: directory / name for name in _FILES}
        ca.cert_pem.write_to_path(str(paths["ca.pem"]))
        server.private_key_pem.write_to_path(str(paths["server.key"]))
        server.cert_chain_pems[0].write_to_path(str(paths["server.pem"]))
        client.private_key_and_cert_chain_pem.write_to_path(str(paths["client.pem"]))
        client.private_key_pem.write_to_path(str(paths["client.key"]))
        client.cert_chain_pems[0].write_to_path(str(paths["client.crt"]))
        passphrase = secrets.token_urlsafe(12)
        paths["client.p12"].write_bytes(_pkcs12(client, ca, account, passphrase))
        for path in paths.values():
            path.chmod(0o600)
        return cls(
            ca_pem=paths["ca.pem"],
            server_pem=paths["server.pem"],
            server_key=paths["server.key"],
            client_pem=paths["client.pem"],
            client_cert=paths["client.crt"],
            client_key=paths["client.key"],
            client_p12=paths["client.p12"],
            client_p12_passphrase=passphrase,
        )

    def client_context(self) -> ssl.SSLContext:
        """An SSL context trusting the CA and presenting the client certificate."""
        context = ssl.create_default_context(cafile=str(self.ca_pem))
        context.load_cert_chain(str(self.client_pem))
        return context


_FILES = (
    "ca.pem",
    "server.pem",
    "server.key",
    "client.pem",
    "client.key",
    "client.crt",
    "client.p12",
)


def _pkcs12(
    leaf: trustme.LeafCert, ca: trustme.CA, account: str, passphrase: str
) -> bytes:
    key = serialization.load_pem_private_key(leaf.private_key_pem.bytes(), None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise TypeError("unexpected key type from trustme")
    cert = x509.load_pem_x509_certificate(leaf.cert_chain_pems[0].bytes())
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem.bytes())
    encryption = serialization.BestAvailableEncryption(passphrase.encode())
    return pkcs12.serialize_key_and_certificates(
        account.encode(),
        key,
        cert,
        [ca_cert],
        encryption,
    )


class _WithClientCert:
    """Puts the connection's verified client certificate into the scope."""

    def __init__(self, app: ASGIApp, cert: dict[str, Any] | None) -> None:
        self.app = app
        self.cert = cert

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.cert and scope["type"] == "http":
            scope.setdefault("extensions", {})[CLIENT_CERT_KEY] = self.cert
        await self.app(scope, receive, send)


class CertAwareProtocol(H11Protocol):
    """uvicorn's h11 protocol, telling the app about a client certificate.

    With ``CERT_OPTIONAL`` the TLS layer has already verified a certificate
    the client offered; an unverifiable one fails the handshake.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        cert = ssl_object.getpeercert() if ssl_object is not None else None
        self.app = _WithClientCert(self.config.loaded_app, cert or None)
