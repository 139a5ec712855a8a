"""X.509 client certificates (mutual TLS) as an alternative to tokens.

The Fugaku portal issues a PKCS#12 file; users often convert it to one PEM
holding certificate and key (webapi-facts). Either becomes an
``ssl.SSLContext`` for ``httpx.Client(verify=...)``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import shutil
import ssl
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    # Imported where used: only PKCS#12 files need cryptography, and loading
    # it costs every `import fugaku`.
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from ._errors import CertificateError

__all__ = ["X509Credentials", "tls_context"]


def tls_context(ca_bundle: str | os.PathLike[str] | None = None) -> ssl.SSLContext:
    """A verifying TLS context: the given CA bundle, else httpx's default
    trust (certifi, or ``SSL_CERT_FILE``/``SSL_CERT_DIR``).

    Raises:
        CertificateError: The CA bundle cannot be read.
    """
    if ca_bundle is None:
        return httpx.create_ssl_context()
    try:
        return ssl.create_default_context(cafile=os.fspath(ca_bundle))
    except (OSError, ssl.SSLError) as exc:
        raise CertificateError(f"Cannot load the CA bundle {ca_bundle}.") from exc


@dataclasses.dataclass(frozen=True, repr=False)
class X509Credentials:
    """A client certificate and its key, from PEM or PKCS#12 files.

    Use :meth:`from_pem` or :meth:`from_pkcs12`, then :meth:`ssl_context`.
    The passphrase never appears in ``repr``.
    """

    cert_file: Path
    key_file: Path | None = None
    pkcs12_file: Path | None = None
    passphrase: str | None = dataclasses.field(default=None, repr=False)

    @classmethod
    def from_pem(
        cls,
        cert_file: str | os.PathLike[str],
        key_file: str | os.PathLike[str] | None = None,
        passphrase: str | None = None,
    ) -> X509Credentials:
        """Certificate and key in one PEM (or the key in ``key_file``)."""
        return cls(
            Path(cert_file), Path(key_file) if key_file else None, None, passphrase
        )

    @classmethod
    def from_pkcs12(
        cls, pkcs12_file: str | os.PathLike[str], passphrase: str | None = None
    ) -> X509Credentials:
        """A PKCS#12 bundle as the Fugaku portal issues it."""
        path = Path(pkcs12_file)
        return cls(path, None, path, passphrase)

    def __repr__(self) -> str:
        source = self.pkcs12_file or self.cert_file
        return f"X509Credentials(source={str(source)!r}, passphrase=<hidden>)"

    def ssl_context(
        self, ca_bundle: str | os.PathLike[str] | None = None
    ) -> ssl.SSLContext:
        """A verifying TLS context presenting this certificate.

        Raises:
            CertificateError: The files cannot be read or do not match.
        """
        context = tls_context(ca_bundle)
        if self.pkcs12_file is not None:
            self._load_pkcs12(context, self.pkcs12_file)
        else:
            self._load_pem(context)
        return context

    def _load_pem(self, context: ssl.SSLContext) -> None:
        try:
            context.load_cert_chain(
                self.cert_file,
                self.key_file,
                password=self.passphrase.encode() if self.passphrase else None,
            )
        except (OSError, ssl.SSLError) as exc:
            raise CertificateError(
                f"Cannot load the client certificate {self.cert_file}."
            ) from exc

    def _load_pkcs12(self, context: ssl.SSLContext, path: Path) -> None:
        key, cert, extra = _read_pkcs12(path, self.passphrase)
        # ssl can only load keys from files: write the key re-encrypted with a
        # one-time password, 0600 in a private 0700 directory, and delete it
        # right after loading, so no readable key material stays on disk.
        one_time = secrets.token_urlsafe(32).encode()
        pem = _pem_bundle(key, cert, extra, one_time)
        with _private_file(pem) as bundle:
            try:
                context.load_cert_chain(bundle, password=one_time)
            except ssl.SSLError as exc:
                raise CertificateError(f"Cannot use the PKCS#12 file {path}.") from exc


def _read_pkcs12(
    path: Path, passphrase: str | None
) -> tuple[PrivateKeyTypes, x509.Certificate, list[x509.Certificate]]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        data = path.read_bytes()
        key, cert, extra = pkcs12.load_key_and_certificates(
            data, passphrase.encode() if passphrase else None
        )
    except (OSError, ValueError) as exc:
        raise CertificateError(
            f"Cannot read the PKCS#12 file {path} (wrong passphrase?)."
        ) from exc
    if key is None or cert is None:
        raise CertificateError(f"The PKCS#12 file {path} lacks a key or certificate.")
    return key, cert, list(extra)


def _pem_bundle(
    key: PrivateKeyTypes,
    cert: x509.Certificate,
    extra: list[x509.Certificate],
    password: bytes,
) -> bytes:
    from cryptography.hazmat.primitives import serialization

    certs = [cert, *extra]
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password),
    )
    return key_pem + b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


@contextlib.contextmanager
def _private_file(content: bytes) -> Iterator[str]:
    directory = tempfile.mkdtemp(prefix="fugaku-tls-")  # mode 0700
    path = os.path.join(directory, "client.pem")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        yield path
    finally:
        shutil.rmtree(directory, ignore_errors=True)
