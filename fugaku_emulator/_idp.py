"""A Keycloak-shaped OpenID provider: realm ``op`` under ``/auth``.

Authorization code with S256 PKCE (required), state and nonce, refresh
tokens (offline with ``offline_access``, optionally rotating), RS256 JWTs,
``client_secret_basic`` and ``client_secret_post``. The login page asks to
pick a certificate and to consent; ``auto_approve`` skips it.
"""

from __future__ import annotations

import html
import logging
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ._clients import RegisteredClient, pkce_matches
from ._login_page import login_page
from ._stats import Stats
from ._tokens import Grant, TokenError, TokenIssuer

__all__ = ["REALM_PATH", "IdentityProvider"]

REALM_PATH = "/auth/realms/op"
CODE_LIFETIME = 60.0
logger = logging.getLogger("fugaku.emulator")


@dataclass
class _AuthRequest:
    """What an authorization request asked for, until the code is used."""

    redirect_uri: str
    scope: str
    state: str | None
    nonce: str | None
    challenge: str | None
    created: float
    session_state: str = ""


class IdentityProvider:
    """State and HTTP handlers of the emulated realm."""

    def __init__(
        self,
        client: RegisteredClient,
        issuer: TokenIssuer,
        stats: Stats,
        auto_approve: bool,
        require_pkce: bool,
    ) -> None:
        """Wire the provider to its client registration and token issuer."""
        self.client = client
        self.tokens = issuer
        self.stats = stats
        self.auto_approve = auto_approve
        self.require_pkce = require_pkce
        self._lock = threading.Lock()
        self._pending: dict[str, _AuthRequest] = {}
        self._codes: dict[str, _AuthRequest] = {}

    def routes(self) -> list[Route]:
        """Return the realm's routes, Keycloak's paths under ``/auth``."""
        base = REALM_PATH + "/protocol/openid-connect"
        return [
            Route(REALM_PATH + "/.well-known/openid-configuration", self.discovery),
            Route(base + "/auth", self.authorize, methods=["GET"]),
            Route(
                REALM_PATH + "/login-actions/authenticate", self.login, methods=["POST"]
            ),
            Route(base + "/token", self.token, methods=["POST"]),
            Route(base + "/certs", self.certs),
            Route(base + "/userinfo", self.userinfo, methods=["GET", "POST"]),
            Route(base + "/logout", self.logout, methods=["GET", "POST"]),
            Route(base + "/revoke", self.revoke, methods=["POST"]),
        ]

    def grant_tokens(self, scope: str = "openid offline_access") -> dict[str, Any]:
        """Issue tokens for the registered client without any login page."""
        grant = Grant(client_id=self.client.client_id, scope=scope, nonce=None)
        return self.tokens.issue(grant)

    async def discovery(self, request: Request) -> Response:
        """Serve the provider metadata (``.well-known/openid-configuration``)."""
        return JSONResponse(self.metadata())

    def metadata(self) -> dict[str, Any]:
        """Return the provider metadata document."""
        iss = self.tokens.issuer
        base = iss + "/protocol/openid-connect"
        return {
            "issuer": iss,
            "authorization_endpoint": base + "/auth",
            "token_endpoint": base + "/token",
            "userinfo_endpoint": base + "/userinfo",
            "end_session_endpoint": base + "/logout",
            "revocation_endpoint": base + "/revoke",
            "jwks_uri": base + "/certs",
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
            ],
            "revocation_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
            ],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "offline_access", "profile", "email"],
            "claims_supported": ["sub", "iss", "aud", "preferred_username", "nonce"],
            "tls_client_certificate_bound_access_tokens": False,
        }

    async def certs(self, request: Request) -> Response:
        """Serve the realm's public signing keys."""
        return JSONResponse(self.tokens.jwks())

    async def authorize(self, request: Request) -> Response:
        """Start a login: check the request, then show the page or redirect."""
        self.stats.count(self.stats.requests, "authorize")
        params = request.query_params
        if params.get("client_id") != self.client.client_id:
            return _html_error("Client not found.")
        redirect_uri = params.get("redirect_uri", "")
        if not self.client.redirect_allowed(redirect_uri):
            return _html_error("Invalid parameter: redirect_uri")
        problem = self._request_problem(params.get("response_type"), params)
        if problem is not None:
            return _redirect_error(redirect_uri, params.get("state"), *problem)
        auth = _AuthRequest(
            redirect_uri=redirect_uri,
            scope=_normalise_scope(params.get("scope", "openid")),
            state=params.get("state"),
            nonce=params.get("nonce"),
            challenge=params.get("code_challenge"),
            created=time.time(),
        )
        if self.auto_approve:
            return self._redirect_with_code(auth)
        return self._show_login(request, auth)

    async def login(self, request: Request) -> Response:
        """Handle the login page's form: approve or deny."""
        form = await request.form()
        with self._lock:
            auth = self._pending.pop(str(form.get("tx", "")), None)
        if auth is None:
            return _html_error(
                "Your login attempt timed out. Login will start from the beginning."
            )
        if form.get("decision") != "approve":
            return _redirect_error(auth.redirect_uri, auth.state, "access_denied", "")
        return self._redirect_with_code(auth)

    async def token(self, request: Request) -> Response:
        """The token endpoint: authorization code and refresh token grants."""
        form = await request.form()
        fields = {key: str(value) for key, value in form.items()}
        grant_type = fields.get("grant_type", "")
        self.stats.count(self.stats.token_requests, grant_type or "missing")
        basic = request.headers.get("authorization")
        if not self.client.authenticate(
            basic, fields.get("client_id"), fields.get("client_secret")
        ):
            return _oauth_error(
                "unauthorized_client",
                "Invalid client or Invalid client credentials",
                401,
            )
        if grant_type == "authorization_code":
            return self._exchange_code(fields)
        if grant_type == "refresh_token":
            return self._refresh(fields)
        return _oauth_error("unsupported_grant_type", "Unsupported grant_type")

    async def userinfo(self, request: Request) -> Response:
        """Return the account's claims for a valid access token."""
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        try:
            claims = (
                self.tokens.verify(token.strip())
                if scheme.lower() == "bearer"
                else None
            )
        except TokenError:
            claims = None
        if claims is None:
            return _oauth_error("invalid_token", "Token verification failed", 401)
        body = {
            "sub": claims["sub"],
            "preferred_username": claims["preferred_username"],
        }
        return JSONResponse(body)

    async def logout(self, request: Request) -> Response:
        """End a session: POST with client credentials and a refresh token.

        A browser ``GET`` (front-channel logout) just shows a short page.
        """
        if request.method != "POST":
            return HTMLResponse(
                "<!DOCTYPE html><html><body>You are logged out.</body></html>"
            )
        form = await request.form()
        if not self._client_ok(request, form):
            return _oauth_error(
                "unauthorized_client",
                "Invalid client or Invalid client credentials",
                401,
            )
        token = form.get("refresh_token")
        if isinstance(token, str):
            self.tokens.revoke_refresh(token)
        return Response(status_code=204)

    def _client_ok(self, request: Request, form: Any) -> bool:
        """Authenticate the client by Basic header or form fields."""
        return self.client.authenticate(
            request.headers.get("authorization"),
            _str_or_none(form.get("client_id")),
            _str_or_none(form.get("client_secret")),
        )

    async def revoke(self, request: Request) -> Response:
        """Revoke a refresh or access token (RFC 7009)."""
        form = await request.form()
        if not self._client_ok(request, form):
            return _oauth_error(
                "unauthorized_client",
                "Invalid client or Invalid client credentials",
                401,
            )
        token = str(form.get("token", ""))
        self.tokens.revoke_refresh(token)
        self.tokens.revoke_access(token)
        return Response(status_code=200)

    def _request_problem(
        self, response_type: str | None, params: Any
    ) -> tuple[str, str] | None:
        """Return an OAuth error for a bad authorization request, if any."""
        if response_type != "code":
            return (
                "unsupported_response_type",
                "Client is not allowed to initiate browser login with given "
                "response_type.",
            )
        method = params.get("code_challenge_method")
        challenge = params.get("code_challenge")
        if challenge is None and self.require_pkce:
            return ("invalid_request", "Missing parameter: code_challenge_method")
        if challenge is not None and method != "S256":
            return (
                "invalid_request",
                "Invalid parameter: code challenge method is not matching the "
                "configured one",
            )
        return None

    def _show_login(self, request: Request, auth: _AuthRequest) -> Response:
        """Remember the request and show the login page."""
        tx = secrets.token_urlsafe(16)
        with self._lock:
            self._pending[tx] = auth
        action = self.tokens.issuer + "/login-actions/authenticate"
        page = login_page(
            action=action,
            tx=tx,
            client=self.client.client_id,
            scope=auth.scope,
            account=self.tokens.account,
        )
        return HTMLResponse(page)

    def _redirect_with_code(self, auth: _AuthRequest) -> Response:
        """Issue a code and send the browser back to the client."""
        code = secrets.token_urlsafe(32)
        issued = replace(auth, created=time.time(), session_state=str(uuid.uuid4()))
        with self._lock:
            self._codes[code] = issued
        params = {"state": auth.state} if auth.state is not None else {}
        params |= {"session_state": issued.session_state, "iss": self.tokens.issuer}
        params["code"] = code
        return RedirectResponse(
            _append_query(auth.redirect_uri, params), status_code=302
        )

    def _exchange_code(self, fields: dict[str, str]) -> Response:
        """Trade an authorization code (with its PKCE verifier) for tokens."""
        with self._lock:
            auth = self._codes.pop(fields.get("code", ""), None)
        if auth is None or time.time() - auth.created > CODE_LIFETIME:
            return _oauth_error("invalid_grant", "Code not valid")
        if fields.get("redirect_uri") != auth.redirect_uri:
            return _oauth_error("invalid_grant", "Incorrect redirect_uri")
        if auth.challenge is not None:
            verifier = fields.get("code_verifier")
            if verifier is None:
                return _oauth_error("invalid_grant", "PKCE code verifier not specified")
            if not pkce_matches(verifier, auth.challenge):
                return _oauth_error(
                    "invalid_grant", "PKCE verification failed: Invalid code verifier"
                )
        grant = Grant(
            client_id=self.client.client_id,
            scope=auth.scope,
            nonce=auth.nonce,
            session_state=auth.session_state,
        )
        return _no_store(self.tokens.issue(grant))

    def _refresh(self, fields: dict[str, str]) -> Response:
        """Trade a refresh token for fresh tokens."""
        try:
            body = self.tokens.refresh(
                fields.get("refresh_token", ""), self.client.client_id
            )
        except TokenError as exc:
            logger.info("refresh refused: %s", exc.description)
            return _oauth_error("invalid_grant", exc.description)
        return _no_store(body)


def _normalise_scope(scope: str) -> str:
    """Keycloak always grants ``openid`` plus what was asked for and exists."""
    known = ("openid", "offline_access", "profile", "email")
    asked = scope.replace("+", " ").split()
    return " ".join(name for name in known if name == "openid" or name in asked)


def _append_query(uri: str, params: dict[str, str]) -> str:
    """Add query parameters to a redirect URI that may already have some."""
    separator = "&" if "?" in uri else "?"
    return uri + separator + urlencode(params)


def _redirect_error(
    uri: str, state: str | None, code: str, description: str
) -> Response:
    """Send an OAuth error back to the client's redirect URI."""
    params = {"error": code}
    if description:
        params["error_description"] = description
    if state is not None:
        params["state"] = state
    return RedirectResponse(_append_query(uri, params), status_code=302)


def _oauth_error(code: str, description: str, status_code: int = 400) -> Response:
    """Return a token-endpoint error body."""
    body = {"error": code, "error_description": description}
    return JSONResponse(
        body, status_code=status_code, headers={"Cache-Control": "no-store"}
    )


def _html_error(message: str) -> Response:
    """Return Keycloak's kind of error page (no redirect for a bad client)."""
    page = (
        "<!DOCTYPE html><html><body><h1>We are sorry...</h1>"
        f"<p>{html.escape(message)}</p></body></html>"
    )
    return HTMLResponse(page, status_code=400)


def _no_store(body: dict[str, Any]) -> Response:
    """Return a token response with the caching headers RFC 6749 asks for."""
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    return JSONResponse(body, headers=headers)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
