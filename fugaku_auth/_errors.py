"""Errors raised by fugaku_auth.

Hierarchy::

    AuthError
    ├── ConfigError
    │   └── InsecureTransport
    ├── DiscoveryError
    │   └── NoTokenEndpoint
    ├── LoginError
    │   ├── StateMismatch
    │   ├── AuthorizationDenied
    │   └── InvalidIDToken
    ├── TokenEndpointError
    ├── LoginRequired
    ├── TokenStoreError
    └── CertificateError

Messages are sentences for people and never contain tokens, codes, PKCE
verifiers, client secrets or passphrases.
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "AuthorizationDenied",
    "CertificateError",
    "ConfigError",
    "DiscoveryError",
    "InsecureTransport",
    "InvalidIDToken",
    "LoginError",
    "LoginRequired",
    "NoTokenEndpoint",
    "StateMismatch",
    "TokenEndpointError",
    "TokenStoreError",
]


class AuthError(Exception):
    """Root of every error raised by fugaku_auth."""


class ConfigError(AuthError):
    """The settings are incomplete or contradictory."""


class InsecureTransport(ConfigError):
    """A plain-HTTP endpoint on a non-loopback host was refused."""


class DiscoveryError(AuthError):
    """The provider metadata could not be fetched or is unusable."""


class NoTokenEndpoint(DiscoveryError):
    """Neither discovery nor explicit settings gave a token endpoint."""


class LoginError(AuthError):
    """The authorization-code login failed."""


class StateMismatch(LoginError):
    """The redirect's ``state`` is not the one this login sent (CSRF guard)."""


class AuthorizationDenied(LoginError):
    """The provider redirected back with an OAuth ``error`` parameter.

    Attributes:
        error: The OAuth error code, e.g. ``access_denied``.
    """

    def __init__(self, message: str, error: str) -> None:
        super().__init__(message)
        self.error = error


class InvalidIDToken(LoginError):
    """The ID token failed validation (signature, alg, iss, aud, exp, nonce)."""


class TokenEndpointError(AuthError):
    """The token endpoint answered with an error other than a dead grant.

    Attributes:
        status_code: The HTTP status of the answer.
        error: The OAuth ``error`` code, when the body carried one.
    """

    def __init__(self, message: str, status_code: int, error: str | None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.error = error


class LoginRequired(AuthError):
    """No usable tokens and no way to refresh them: log in again."""


class TokenStoreError(AuthError):
    """The token store could not be read, written or locked."""


class CertificateError(AuthError):
    """An X.509 certificate or key could not be loaded."""
