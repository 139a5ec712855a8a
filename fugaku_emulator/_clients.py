"""The registered OIDC client: authentication, redirect URIs and PKCE."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

__all__ = ["RegisteredClient", "pkce_matches"]

_LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}


@dataclass(frozen=True)
class RegisteredClient:
    """A confidential client as registered on the Fugaku portal."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]

    def authenticate(
        self, basic_header: str | None, form_id: str | None, form_secret: str | None
    ) -> bool:
        """Check ``client_secret_basic`` or ``client_secret_post`` credentials."""
        if basic_header is not None:
            pair = _decode_basic(basic_header)
            if pair is None:
                return False
            client_id, secret = pair
        else:
            client_id, secret = form_id or "", form_secret or ""
        same_id = hmac.compare_digest(client_id, self.client_id)
        return same_id and hmac.compare_digest(secret, self.client_secret)

    def redirect_allowed(self, uri: str) -> bool:
        """Match a redirect URI against the registered ones.

        A trailing ``*`` is a prefix wildcard, and the port of a loopback
        URI is ignored on both sides (Keycloak, after RFC 8252 section 7.3).
        """
        wanted = _normalise(uri)
        for registered in self.redirect_uris:
            if registered.endswith("*"):
                if wanted.startswith(_normalise(registered[:-1])):
                    return True
            elif wanted == _normalise(registered):
                return True
        return False


def pkce_matches(verifier: str, challenge: str) -> bool:
    """Check an S256 code verifier against its challenge (RFC 7636 4.6)."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(computed, challenge)


def _normalise(uri: str) -> str:
    """Drop the port of a loopback URI."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    if host in _LOOPBACK or f"[{host}]" in _LOOPBACK:
        netloc = f"[{host}]" if ":" in host else host
        return parts._replace(netloc=netloc).geturl()
    return uri


def _decode_basic(header: str) -> tuple[str, str] | None:
    """Split an HTTP Basic header into form-decoded id and secret."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    return unquote(client_id), unquote(secret)
