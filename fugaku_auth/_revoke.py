"""Logout: revoke the refresh token at the provider (RFC 7009)."""

from __future__ import annotations

import logging

import httpx

from ._flow import Flow, run_async, run_sync
from ._provider import DEFAULT_TIMEOUT, ClientCredentials, ProviderConfig
from ._tokens import TokenSet

__all__ = ["arevoke_tokens", "revoke_tokens"]

log = logging.getLogger("fugaku.auth")


def revoke_tokens(
    provider: ProviderConfig,
    client: ClientCredentials,
    tokens: TokenSet,
    *,
    http: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> bool:
    """Revoke the refresh token (and with it the grant) at the provider.

    Uses the revocation endpoint; without one, Keycloak's logout endpoint,
    which accepts the refresh token from a confidential client.

    Returns:
        True when the provider confirmed, False when it has no endpoint for
        it or refused (the local copy should be deleted either way).
    """
    return run_sync(_revoke_flow(provider, client, tokens, timeout), http)


async def arevoke_tokens(
    provider: ProviderConfig,
    client: ClientCredentials,
    tokens: TokenSet,
    *,
    http: httpx.AsyncClient | None = None,
    timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - per HTTP request
) -> bool:
    """Async variant of :func:`revoke_tokens`."""
    return await run_async(_revoke_flow(provider, client, tokens, timeout), http)


def _revoke_flow(
    provider: ProviderConfig,
    client: ClientCredentials,
    tokens: TokenSet,
    timeout: float,
) -> Flow[bool]:
    request = _revoke_request(provider, client, tokens, timeout)
    if request is None:
        return False
    response = yield request
    ok = response.status_code in (200, 204)
    log.info("Token revocation answered HTTP %s", response.status_code)
    return ok


def _revoke_request(
    provider: ProviderConfig,
    client: ClientCredentials,
    tokens: TokenSet,
    timeout: float,
) -> httpx.Request | None:
    token = tokens.refresh_token
    if token is None:
        return None
    if provider.revocation_endpoint:
        url = provider.revocation_endpoint
        data = {"token": token, "token_type_hint": "refresh_token"}
    elif provider.end_session_endpoint:
        url = provider.end_session_endpoint
        data = {"refresh_token": token}
    else:
        return None
    return httpx.Request(
        "POST",
        url,
        data={**data, **client.auth_fields()},
        extensions={"timeout": httpx.Timeout(timeout).as_dict()},
    )
