"""Authentication glue: a static bearer token, fugaku_auth errors, upload replay."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from fugaku_auth import (
    AuthError,
    ConfigError,
    LoginRequired,
    OIDCAuth,
    TokenEndpointError,
    signals_expired_token,
)
from fugaku_auth import NoTokenEndpoint as AuthNoTokenEndpoint

from .error import (
    AuthenticationError,
    ConfigurationError,
    FugakuClientError,
    NoAccessCode,
    NoTokenEndpoint,
)

__all__ = ["BearerToken", "needs_replay", "translate_auth_error"]


class BearerToken(httpx.Auth):
    """Sends a fixed access token as ``Authorization: Bearer``.

    Use ``fugaku_auth.OIDCAuth`` instead when the token must be refreshed.
    The token never appears in ``repr``.
    """

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the header and send the request once."""
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return "BearerToken(<hidden>)"


def translate_auth_error(exc: BaseException) -> FugakuClientError | None:
    """Map a ``fugaku_auth`` error to ours; None for anything else.

    ``LoginRequired`` becomes ``NoAccessCode`` (no usable token: log in again),
    ``NoTokenEndpoint`` ours of the same name, others ``AuthenticationError``.
    """
    if not isinstance(exc, AuthError):
        return None
    if isinstance(exc, LoginRequired):
        return NoAccessCode(f"{exc} Log in again (for example `fugaku login`).")
    if isinstance(exc, AuthNoTokenEndpoint):
        return NoTokenEndpoint(str(exc))
    if isinstance(exc, ConfigError):
        return ConfigurationError(str(exc))
    if isinstance(exc, TokenEndpointError) and exc.status_code >= 500:
        return AuthenticationError(
            f"The identity provider could not refresh the token ({exc}); it is "
            "probably busy or restarting: try again later, no new login is needed."
        )
    return AuthenticationError(
        f"Authentication failed: {exc} Check the client id and secret, or log in "
        "again (for example `fugaku login`)."
    )


def needs_replay(
    auth: httpx.Auth | None, has_file_body: bool, response: httpx.Response
) -> OIDCAuth | None:
    """The ``OIDCAuth`` to refresh when a rejected upload must be sent again.

    ``OIDCAuth`` refreshes and retries by itself, except for streamed bodies
    (uploads) it cannot rewind. Our upload bodies can be rewound (httpx seeks
    the file to 0 when it renders the body again), so the engine refreshes
    and re-sends those once itself; the original SDK re-sent a consumed file.
    """
    if not isinstance(auth, OIDCAuth) or not has_file_body:
        return None
    return auth if signals_expired_token(response) else None
