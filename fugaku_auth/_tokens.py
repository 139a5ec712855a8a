"""The immutable token set, read from a (Keycloak-style) token response."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from typing import Any

from ._errors import AuthError

__all__ = ["TokenSet"]

_FORMAT_VERSION = 1


@dataclasses.dataclass(frozen=True, repr=False)
class TokenSet:
    """Tokens from one token response, with expiry on the local clock.

    Expiry times are ``received_at + expires_in`` measured with the local
    clock at receipt, never the token's own ``exp`` claim, so a skewed
    provider clock cannot make fresh tokens look expired (or the reverse).

    Keycloak fields are read as Keycloak means them: ``refresh_expires_in``
    of 0 (or absent) means the refresh token has no fixed expiry, which is
    what an offline token (scope ``offline_access``) gets.

    Attributes:
        access_token: The bearer token sent to the API.
        token_type: Usually ``bearer`` (Keycloak) or ``Bearer``.
        received_at: Local epoch seconds when the response arrived.
        expires_at: Local epoch seconds when the access token expires, or
            None when the provider gave no ``expires_in``.
        refresh_token: The refresh token, if any.
        refresh_expires_at: When the refresh token expires; None for no
            fixed expiry.
        id_token: The ID token (compact JWT), if any.
        scope: Granted scopes, space separated.
        session_state: Keycloak's session id, if sent.
        not_before_policy: Keycloak's ``not-before-policy`` timestamp.
        issuer: The provider that issued the tokens; refresh tokens are only
            ever sent back to it.
    """

    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - a token type, not a secret
    received_at: float = 0.0
    expires_at: float | None = None
    refresh_token: str | None = None
    refresh_expires_at: float | None = None
    id_token: str | None = None
    scope: str = ""
    session_state: str | None = None
    not_before_policy: int | None = None
    issuer: str | None = None

    @classmethod
    def from_response(
        cls,
        body: Mapping[str, Any],
        *,
        previous: TokenSet | None = None,
        issuer: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> TokenSet:
        """Read a token endpoint's JSON answer.

        Args:
            body: The decoded token response.
            previous: The token set this one replaces (refresh). Its refresh
                and ID tokens are kept when the response omits them (no
                rotation), as RFC 6749 section 6 allows.
            issuer: The issuing provider (else the previous set's).
            clock: Local clock, epoch seconds.

        Raises:
            AuthError: The response has no access token.
        """
        access_token = body.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise AuthError("The token response has no access_token.")
        now = clock()
        refresh_token = _opt_str(body.get("refresh_token"))
        keep = previous if previous is not None and refresh_token is None else None
        return cls(
            access_token=access_token,
            token_type=str(body.get("token_type") or "Bearer"),
            received_at=now,
            expires_at=_deadline(now, body.get("expires_in")),
            refresh_token=refresh_token or (keep.refresh_token if keep else None),
            refresh_expires_at=_refresh_deadline(now, body, keep),
            id_token=_opt_str(body.get("id_token"))
            or (previous.id_token if previous else None),
            scope=str(body.get("scope") or (previous.scope if previous else "")),
            session_state=_opt_str(body.get("session_state")),
            not_before_policy=_opt_int(body.get("not-before-policy")),
            issuer=issuer or (previous.issuer if previous else None),
        )

    @property
    def lifetime(self) -> float | None:
        """Seconds the access token was valid for when received."""
        if self.expires_at is None:
            return None
        return self.expires_at - self.received_at

    @property
    def offline(self) -> bool:
        """True for a Keycloak offline token (``offline_access`` scope)."""
        return "offline_access" in self.scope.split()

    def expires_within(self, seconds: float, now: float | None = None) -> bool:
        """Tell whether the access token expires within ``seconds`` from now."""
        if self.expires_at is None:
            return False
        current = time.time() if now is None else now
        return self.expires_at - current <= seconds

    def refresh_expired(self, now: float | None = None) -> bool:
        """Tell whether the refresh token is known to have expired."""
        if self.refresh_expires_at is None:
            return False
        current = time.time() if now is None else now
        return self.refresh_expires_at <= current

    def to_dict(self) -> dict[str, Any]:
        """Serialize for a token store. The result holds secrets."""
        data = dataclasses.asdict(self)
        data["version"] = _FORMAT_VERSION
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TokenSet:
        """Rebuild a token set written by :meth:`to_dict`.

        Raises:
            AuthError: The data is not a token set of a known version.
        """
        if data.get("version") != _FORMAT_VERSION:
            raise AuthError("Unknown token set format version.")
        names = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in names}
        if not isinstance(values.get("access_token"), str):
            raise AuthError("The stored token set has no access token.")
        if not all(_has_its_type(cls, key, value) for key, value in values.items()):
            raise AuthError("The stored token set is malformed.")
        try:
            return cls(**values)
        except TypeError as exc:
            raise AuthError("The stored token set is malformed.") from exc

    def __repr__(self) -> str:
        return (
            f"TokenSet(token_type={self.token_type!r}, expires_at={self.expires_at!r},"
            f" refresh_token={'<hidden>' if self.refresh_token else None},"
            f" id_token={'<hidden>' if self.id_token else None},"
            f" scope={self.scope!r})"
        )

    __str__ = __repr__


_NUMBERS = frozenset(
    {"received_at", "expires_at", "refresh_expires_at", "not_before_policy"}
)


def _has_its_type(cls: type[TokenSet], key: str, value: object) -> bool:
    """Whether a stored field holds what the dataclass expects (numbers as
    numbers, text as text; None where the field is optional)."""
    if value is None:
        return key not in ("access_token", "token_type", "received_at", "scope")
    if key in _NUMBERS:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _opt_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return None


def _seconds(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _deadline(now: float, expires_in: object) -> float | None:
    seconds = _seconds(expires_in)
    return None if seconds is None else now + seconds


def _refresh_deadline(
    now: float, body: Mapping[str, Any], keep: TokenSet | None
) -> float | None:
    if keep is not None:
        return keep.refresh_expires_at
    seconds = _seconds(body.get("refresh_expires_in"))
    # Keycloak: 0 means no fixed expiry (offline tokens; idle timeout only).
    if seconds is None or seconds <= 0:
        return None
    return now + seconds
