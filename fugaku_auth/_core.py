"""The token lifecycle, written once, free of I/O.

:class:`AuthCore` decides when to refresh, which tokens to adopt, and whether
a rejected request may be retried. It yields *steps* (:class:`Send`,
:class:`Refresh`) that the sync and async shells in ``_auth`` carry out.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Generator
from typing import Any

import httpx

from ._errors import LoginRequired, TokenEndpointError
from ._flow import Flow, token_request, token_result
from ._provider import ClientCredentials, ProviderConfig, check_transport
from ._tokens import TokenSet

__all__ = [
    "TRANSIENT",
    "AuthCore",
    "Refresh",
    "Send",
    "is_replayable",
    "signals_expired_token",
]

#: Errors a refresh may fail with that :meth:`AuthCore.refresh_failed` judges.
TRANSIENT = (httpx.TransportError, TokenEndpointError)

log = logging.getLogger("fugaku.auth")


@dataclasses.dataclass(frozen=True)
class Send:
    """Send this API request; reply with its response."""

    request: httpx.Request


@dataclasses.dataclass(frozen=True)
class Refresh:
    """Get tokens newer than ``stale`` (under the single-flight locks).

    ``ahead`` marks a refresh ahead of expiry: ``stale`` still works.
    ``since`` (after a rejection) is when the rejected request took its
    token: tokens received before then may be as dead as ``stale`` (another
    client's, from the store, before a server-side invalidation), so only
    newer ones are adopted without a refresh.
    """

    stale: TokenSet | None
    ahead: bool = False
    since: float | None = None


Step = Send | Refresh
RequestFlow = Generator[Step, Any, None]


def signals_expired_token(response: httpx.Response) -> bool:
    """Tell whether an API answer means "your token is no longer valid".

    401 always does (with or without ``WWW-Authenticate``; the original SDK
    crashed on a missing header). Fugaku also documents 403 for token
    problems, so a 403 counts unless the challenge says ``insufficient_scope``.
    """
    if response.status_code == 401:
        return True
    if response.status_code != 403:
        return False
    challenge = response.headers.get("WWW-Authenticate", "")
    return "insufficient_scope" not in challenge.lower()


def is_replayable(request: httpx.Request) -> bool:
    """Tell whether the request body can be sent a second time."""
    try:
        request.content  # noqa: B018 - raises RequestNotRead for streams
    except httpx.RequestNotRead:
        return isinstance(request.stream, httpx.ByteStream)
    return True


class AuthCore:
    """Sans-I/O state: current tokens, refresh policy, retry policy."""

    def __init__(
        self,
        provider: ProviderConfig,
        client: ClientCredentials,
        tokens: TokenSet | None,
        *,
        refresh_margin: float,
        timeout: float,
        allow_insecure_http: bool = False,
        clock: Callable[[], float] = time.time,
        on_refresh: Callable[[TokenSet], None] | None = None,
    ) -> None:
        self.provider = provider
        self.client = client
        self.tokens = tokens
        self.refresh_margin = refresh_margin
        self.timeout = timeout
        self.allow_insecure_http = allow_insecure_http
        self.clock = clock
        self.on_refresh = on_refresh
        self.refresh_count = 0
        self._dead_refresh_token: str | None = None

    def margin_for(self, tokens: TokenSet) -> float:
        """Refresh margin, capped at half the lifetime of short-lived tokens."""
        lifetime = tokens.lifetime
        if lifetime is None:
            return self.refresh_margin
        return max(0.0, min(self.refresh_margin, lifetime / 2))

    def needs_refresh(self, tokens: TokenSet | None) -> bool:
        """Tell whether ``tokens`` are missing or within the margin of expiry."""
        if tokens is None:
            return True
        return tokens.expires_within(self.margin_for(tokens), now=self.clock())

    def request_flow(self, request: httpx.Request) -> RequestFlow:
        """Authorize ``request``; on a token rejection refresh once, retry once."""
        check_transport(str(request.url), allow_insecure_http=self.allow_insecure_http)
        since = self.clock()
        tokens = self.tokens
        if self.needs_refresh(tokens):
            tokens = yield Refresh(tokens, ahead=tokens is not None)
        _authorize(request, tokens)
        replayable = is_replayable(request)  # before sending consumes a stream
        response = yield Send(request)
        if not signals_expired_token(response):
            return
        if not replayable:
            log.info("HTTP %s on a streamed request: not retried", response.status_code)
            return
        log.info(
            "HTTP %s: refreshing the token and retrying once", response.status_code
        )
        tokens = yield Refresh(tokens, since=since)
        _authorize(request, tokens)
        yield Send(request)

    def refresh_failed(self, step: Refresh, exc: Exception) -> TokenSet:
        """Decide what a failed refresh means for the request.

        A refresh ahead of expiry that fails for a transient reason (network,
        timeout, 5xx) keeps the still-valid token; anything else is raised.
        """
        stale = step.stale
        transient = isinstance(exc, httpx.TransportError) or (
            isinstance(exc, TokenEndpointError) and exc.status_code >= 500
        )
        if not (step.ahead and transient and stale is not None):
            raise exc
        if stale.expires_within(0, now=self.clock()):
            raise exc
        log.warning(
            "Refresh failed (%s); keeping the current token", type(exc).__name__
        )
        return stale

    def adoptable(
        self,
        stale: TokenSet | None,
        candidate: TokenSet | None,
        since: float | None = None,
    ) -> bool:
        """Tell whether ``candidate`` can replace ``stale`` without a refresh.

        With ``since``, only tokens received at or after it qualify.
        """
        if candidate is None or self.needs_refresh(candidate):
            return False
        if since is not None and candidate.received_at < since:
            return False
        return stale is None or candidate.access_token != stale.access_token

    def choose(
        self,
        stale: TokenSet | None,
        stored: TokenSet | None,
        since: float | None = None,
    ) -> TokenSet | None:
        """Return tokens another thread or process already refreshed, if any.

        Raises:
            LoginRequired: The stored tokens come from another provider.
        """
        self.check_issuer(stored)
        for candidate in (stored, self.tokens):
            if self.adoptable(stale, candidate, since):
                self.tokens = candidate
                return candidate
        return None

    def check_issuer(self, tokens: TokenSet | None) -> None:
        """Refuse tokens of another provider, so no refresh token leaks to it."""
        if tokens is None or tokens.issuer in (None, self.provider.issuer):
            return
        raise LoginRequired(
            f"The stored tokens were issued by {tokens.issuer}, not by "
            f"{self.provider.issuer}: log in again."
        )

    def refresh_flow(self, stored: TokenSet | None) -> Flow[TokenSet]:
        """Spend the newest refresh token; the shells hold the locks.

        Raises:
            LoginRequired: No refresh token, a known-dead one, or the provider
                refused it (``invalid_grant``).
        """
        base = _newest(stored, self.tokens)
        refresh_token = base.refresh_token if base else None
        if base is None or refresh_token is None:
            raise LoginRequired("No refresh token is available: log in again.")
        self.check_issuer(base)
        if refresh_token == self._dead_refresh_token or base.refresh_expired(
            self.clock()
        ):
            raise LoginRequired(
                "The refresh token was refused or has expired: log in again."
            )
        fields = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        response = yield token_request(self.provider, self.client, fields, self.timeout)
        try:
            tokens = token_result(response, previous=base, issuer=self.provider.issuer)
        except LoginRequired:
            self._dead_refresh_token = refresh_token
            raise
        self._record(tokens)
        return tokens

    def _record(self, tokens: TokenSet) -> None:
        self.tokens = tokens
        self.refresh_count += 1
        log.info("Access token refreshed (refresh #%d)", self.refresh_count)
        if self.on_refresh is not None:
            self.on_refresh(tokens)


def _authorize(request: httpx.Request, tokens: TokenSet | None) -> None:
    if tokens is None:  # pragma: no cover - Refresh always returns tokens
        raise LoginRequired("No access token: log in first.")
    request.headers["Authorization"] = f"Bearer {tokens.access_token}"


def _newest(first: TokenSet | None, second: TokenSet | None) -> TokenSet | None:
    if first is None or second is None:
        return first or second
    return first if first.received_at >= second.received_at else second
