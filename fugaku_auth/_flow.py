"""Sans-I/O plumbing: protocol steps are generators of ``httpx.Request``.

A flow yields the requests it needs, receives each response, and returns its
result. :func:`run_sync` and :func:`run_async` are the only places that do
network I/O, so the sync and async APIs share every protocol decision.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Mapping
from typing import Any, TypeVar

import httpx

from ._errors import AuthError, LoginRequired, TokenEndpointError
from ._provider import ClientCredentials, ProviderConfig
from ._tokens import TokenSet

__all__ = [
    "Flow",
    "run_async",
    "run_sync",
    "token_request",
    "token_result",
]

log = logging.getLogger("fugaku.auth")

T = TypeVar("T")
Flow = Generator[httpx.Request, httpx.Response, T]


def run_sync(
    flow: Flow[T],
    http: httpx.Client | None = None,
    http_args: Mapping[str, Any] | None = None,
) -> T:
    """Drive ``flow`` with ``http``, or a short-lived client built from
    ``http_args`` (``httpx.Client`` keyword arguments)."""
    client = http if http is not None else httpx.Client(**(http_args or {}))
    try:
        request = next(flow)
        while True:
            response = client.send(request)
            response.read()
            request = flow.send(response)
    except StopIteration as stop:
        result: T = stop.value
        return result
    finally:
        if http is None:
            client.close()


async def run_async(
    flow: Flow[T],
    http: httpx.AsyncClient | None = None,
    http_args: Mapping[str, Any] | None = None,
) -> T:
    """Async variant of :func:`run_sync`."""
    client = http if http is not None else httpx.AsyncClient(**(http_args or {}))
    try:
        request = next(flow)
        while True:
            response = await client.send(request)
            await response.aread()
            request = flow.send(response)
    except StopIteration as stop:
        result: T = stop.value
        return result
    finally:
        if http is None:
            await client.aclose()


def token_request(
    provider: ProviderConfig,
    client: ClientCredentials,
    fields: Mapping[str, str],
    timeout: float,
) -> httpx.Request:
    """Build a form POST to the token endpoint (client_secret_post).

    Fugaku's documentation sends client_id, client_secret and redirect_uri in
    the body of both the code exchange and the refresh (webapi-facts).
    """
    data = {**fields, **client.auth_fields(), "redirect_uri": client.redirect_uri}
    return httpx.Request(
        "POST",
        provider.token_endpoint,
        data=data,
        headers={"Accept": "application/json"},
        extensions={"timeout": httpx.Timeout(timeout).as_dict()},
    )


def get_request(url: str, timeout: float) -> httpx.Request:
    """Build a GET for JSON with a timeout."""
    return httpx.Request(
        "GET",
        url,
        headers={"Accept": "application/json"},
        extensions={"timeout": httpx.Timeout(timeout).as_dict()},
    )


def token_result(
    response: httpx.Response,
    *,
    previous: TokenSet | None = None,
    issuer: str | None = None,
    dead_grant: type[AuthError] = LoginRequired,
) -> TokenSet:
    """Turn a token endpoint answer into a token set.

    Args:
        response: The answer, already read.
        previous: The token set being refreshed, if any.
        issuer: The provider that answered.
        dead_grant: Raised for ``invalid_grant`` (expired, revoked or reused
            refresh token; used or wrong code).

    Raises:
        LoginRequired: (default ``dead_grant``) the grant is gone.
        TokenEndpointError: Any other failure.
    """
    body = _json_object(response)
    error = body.get("error") if isinstance(body.get("error"), str) else None
    if response.status_code == 200 and error is None:
        tokens = TokenSet.from_response(body, previous=previous, issuer=issuer)
        log.debug(
            "Token endpoint issued tokens (expires_in=%s)", body.get("expires_in")
        )
        return tokens
    log.info("Token endpoint refused: HTTP %s, error %s", response.status_code, error)
    if error == "invalid_grant":
        raise dead_grant(
            "The provider rejected the grant (invalid_grant): it expired, was "
            "revoked or was already used. Log in again."
        )
    raise TokenEndpointError(
        f"The token endpoint answered HTTP {response.status_code}"
        f" (error: {error or 'none given'}).",
        response.status_code,
        error,
    )


def json_body(response: httpx.Response, what: str) -> dict[str, Any]:
    """Return a JSON object body or raise :class:`AuthError` naming ``what``."""
    if response.status_code != 200:
        raise AuthError(f"Fetching {what} failed with HTTP {response.status_code}.")
    body = _json_object(response)
    if not body:
        raise AuthError(f"{what} is not a JSON object.")
    return body


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return {}
    return body if isinstance(body, dict) else {}
