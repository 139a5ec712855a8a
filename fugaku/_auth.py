"""Authentication glue: a static bearer token and fugaku_auth error translation."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from .error import AuthenticationError, FugakuClientError, NoAccessCode

__all__ = ["BearerToken", "translate_auth_error"]


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

    ``LoginRequired`` becomes ``NoAccessCode`` (no usable token: log in again);
    other ``AuthError`` subclasses become ``AuthenticationError``.
    """
    if isinstance(exc, FugakuClientError):
        return None
    names = {cls.__name__ for cls in type(exc).__mro__}
    if type(exc).__module__.split(".")[0] != "fugaku_auth" or "AuthError" not in names:
        return None
    if "LoginRequired" in names:
        return NoAccessCode(f"{exc} Log in again (for example `fugaku login`).")
    return AuthenticationError(f"authentication failed: {exc}")
