"""Authorization-code login with PKCE (RFC 7636), state and nonce."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from ._errors import (
    AuthorizationDenied,
    ConfigError,
    InvalidIDToken,
    LoginError,
    StateMismatch,
)
from ._flow import (
    Flow,
    get_request,
    json_body,
    run_async,
    run_sync,
    token_request,
    token_result,
)
from ._idtoken import validate_id_token
from ._provider import DEFAULT_TIMEOUT, ClientCredentials, ProviderConfig
from ._tokens import TokenSet

__all__ = [
    "LoginAttempt",
    "RedirectParams",
    "aexchange_code",
    "exchange_code",
    "parse_redirect",
    "parse_redirect_url",
    "start_login",
]

log = logging.getLogger("fugaku.auth")

_PROTECTED = frozenset(
    {
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "nonce",
        "code_challenge",
        "code_challenge_method",
        "prompt",
    }
)


@dataclasses.dataclass(frozen=True, repr=False)
class LoginAttempt:
    """One login in progress: the URL to open and the secrets to check it.

    Attributes:
        url: The authorization URL for the user's browser.
        state: The CSRF guard the redirect must carry back.
        nonce: The value the ID token must carry (replay guard).
        code_verifier: The PKCE secret sent with the code exchange.
        redirect_uri: Where the provider sends the browser back.
        created_at: Local epoch seconds when the attempt started.
    """

    url: str
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    created_at: float

    def __repr__(self) -> str:
        return f"LoginAttempt(redirect_uri={self.redirect_uri!r}, state=<hidden>)"


@dataclasses.dataclass(frozen=True, repr=False)
class RedirectParams:
    """What a redirect back from the provider carried."""

    code: str
    state: str | None
    iss: str | None

    def __repr__(self) -> str:
        return f"RedirectParams(code=<hidden>, iss={self.iss!r})"


def start_login(
    provider: ProviderConfig,
    client: ClientCredentials,
    *,
    prompt: str | None = None,
    extra_params: Mapping[str, str] | None = None,
) -> LoginAttempt:
    """Prepare an authorization-code login: PKCE S256, ``state``, ``nonce``.

    When the scope asks for ``offline_access`` and no ``prompt`` is given,
    ``prompt=consent`` is sent, as OpenID Connect Core section 11 requires
    for offline access (Keycloak accepts it too).

    Args:
        provider: The provider settings.
        client: The registered client.
        prompt: OpenID ``prompt`` value (e.g. ``login``, ``consent``).
        extra_params: More query parameters (e.g. ``login_hint``); they may
            not replace the ones this function sets.

    Raises:
        ConfigError: No authorization endpoint, or extra_params clash.
    """
    if not provider.authorization_endpoint:
        raise ConfigError("The provider settings have no authorization endpoint.")
    clash = _PROTECTED.intersection(extra_params or {})
    if clash:
        raise ConfigError(f"extra_params may not set {', '.join(sorted(clash))}.")
    verifier = secrets.token_urlsafe(64)
    state = secrets.token_urlsafe(24)
    nonce = secrets.token_urlsafe(24)
    if prompt is None and "offline_access" in client.scope.split():
        prompt = "consent"
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "scope": client.scope,
        "state": state,
        "nonce": nonce,
        "code_challenge": _s256(verifier),
        "code_challenge_method": "S256",
        **({"prompt": prompt} if prompt else {}),
        **(extra_params or {}),
    }
    separator = "&" if urlsplit(provider.authorization_endpoint).query else "?"
    url = provider.authorization_endpoint + separator + urlencode(params)
    log.debug("Login started for client %s", client.client_id)
    return LoginAttempt(url, state, nonce, verifier, client.redirect_uri, time.time())


def parse_redirect_url(url: str) -> tuple[str, str | None]:
    """Return ``(code, state)`` from the URL the provider redirected to.

    Works whatever other parameters the provider adds and in any order, with
    percent-encoding, a trailing fragment, or the parameters in the fragment
    (``response_mode=fragment``). A bare query string is accepted too.

    Raises:
        AuthorizationDenied: The redirect carries an OAuth ``error``.
        LoginError: No code, or two different codes.
    """
    params = parse_redirect(url)
    return params.code, params.state


def parse_redirect(url: str) -> RedirectParams:
    """Like :func:`parse_redirect_url`, also returning the ``iss`` (RFC 9207)."""
    query, fragment = _query_and_fragment(url.strip())
    fields = _fields(query)
    if "code" not in fields and "error" not in fields and fragment:
        fields = _fields(fragment)
    if "error" in fields:
        error = fields["error"][0]
        raise AuthorizationDenied(f"The provider refused the login ({error}).", error)
    codes = {code for code in fields.get("code", []) if code}
    if len(codes) != 1:
        raise LoginError(
            "The redirect URL carries no authorization code."
            if not codes
            else "The redirect URL carries more than one authorization code."
        )
    return RedirectParams(codes.pop(), _single(fields, "state"), _single(fields, "iss"))


def exchange_code(
    provider: ProviderConfig,
    client: ClientCredentials,
    attempt: LoginAttempt,
    redirect_url_or_code: str,
    *,
    http: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> TokenSet:
    """Redeem the code for tokens and validate the ID token.

    Args:
        provider: The provider settings.
        client: The registered client.
        attempt: What :func:`start_login` returned.
        redirect_url_or_code: The URL the browser was sent to, or the bare
            code. A URL's ``state`` (and ``iss`` if present) are checked.
        http: Client to use; a short-lived one if None.
        timeout: Seconds per request.

    Raises:
        StateMismatch: The redirect belongs to another login.
        InvalidIDToken: The ID token failed validation.
        LoginError: The code was refused.
    """
    return run_sync(
        _exchange_flow(provider, client, attempt, redirect_url_or_code, timeout), http
    )


async def aexchange_code(
    provider: ProviderConfig,
    client: ClientCredentials,
    attempt: LoginAttempt,
    redirect_url_or_code: str,
    *,
    http: httpx.AsyncClient | None = None,
    timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - per HTTP request
) -> TokenSet:
    """Async variant of :func:`exchange_code`."""
    flow = _exchange_flow(provider, client, attempt, redirect_url_or_code, timeout)
    return await run_async(flow, http)


def _exchange_flow(
    provider: ProviderConfig,
    client: ClientCredentials,
    attempt: LoginAttempt,
    redirect_url_or_code: str,
    timeout: float,
) -> Flow[TokenSet]:
    code = _checked_code(provider, attempt, redirect_url_or_code)
    fields = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": attempt.code_verifier,
    }
    response = yield token_request(provider, client, fields, timeout)
    tokens = token_result(response, issuer=provider.issuer, dead_grant=LoginError)
    if "openid" in client.scope.split():
        yield from _validate_flow(provider, client, attempt, tokens, timeout)
    log.info("Logged in with client %s", client.client_id)
    return tokens


def _validate_flow(
    provider: ProviderConfig,
    client: ClientCredentials,
    attempt: LoginAttempt,
    tokens: TokenSet,
    timeout: float,
) -> Flow[None]:
    if not tokens.id_token:
        raise InvalidIDToken("The provider returned no ID token for scope openid.")
    if not provider.jwks_uri:
        raise InvalidIDToken("The provider settings have no jwks_uri to check it.")
    response = yield get_request(provider.jwks_uri, timeout)
    jwks = json_body(response, "the provider's JWKS")
    validate_id_token(
        tokens.id_token,
        jwks,
        issuer=provider.issuer,
        client_id=client.client_id,
        nonce=attempt.nonce,
        algorithms=provider.id_token_algs,
    )


def _checked_code(
    provider: ProviderConfig, attempt: LoginAttempt, redirect_url_or_code: str
) -> str:
    text = redirect_url_or_code.strip()
    if not any(marker in text for marker in ("://", "code=", "error=")):
        return text
    params = parse_redirect(text)
    # Bytes: compare_digest refuses str with non-ASCII (TypeError), and the
    # state comes from a URL the user pasted.
    if params.state is None or not hmac.compare_digest(
        params.state.encode(), attempt.state.encode()
    ):
        raise StateMismatch("The redirect's state does not match this login.")
    if params.iss is not None and params.iss != provider.issuer:
        raise LoginError("The redirect came from another issuer (RFC 9207).")
    return params.code


def _query_and_fragment(text: str) -> tuple[str, str]:
    parts = urlsplit(text)
    if parts.scheme and parts.netloc:
        return parts.query, parts.fragment
    # A bare query string, or a URL pasted without its scheme.
    rest = text.split("?", 1)[1] if "?" in text else text
    query, _, fragment = rest.partition("#")
    return query, fragment


def _fields(query: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        fields.setdefault(key, []).append(value)
    return fields


def _single(fields: Mapping[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[0] if values else None


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
