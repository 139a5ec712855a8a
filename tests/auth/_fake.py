"""An in-process fake OpenID provider and API for httpx.MockTransport tests."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from joserfc import jwt
from joserfc.jwk import RSAKey

from fugaku_auth import ClientCredentials, LoginAttempt, ProviderConfig, TokenSet

ISSUER = "https://idp.test/auth/realms/op"
API = "https://api.test"
CLIENT = ClientCredentials(
    "fake-client", "fake-secret-value-42", "http://127.0.0.1:8765/callback"
)

_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
_OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def provider() -> ProviderConfig:
    base = ISSUER + "/protocol/openid-connect"
    return ProviderConfig(
        issuer=ISSUER,
        authorization_endpoint=base + "/auth",
        token_endpoint=base + "/token",
        jwks_uri=base + "/certs",
        revocation_endpoint=base + "/revoke",
    )


def id_claims(nonce: str | None, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT.client_id,
        "sub": "u10001",
        "iat": now,
        "exp": now + 300,
        "nonce": nonce,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def sign(claims: dict[str, Any], *, alg: str = "RS256", other_key: bool = False) -> str:
    key = _OTHER_KEY if other_key else _KEY
    return jwt.encode({"alg": alg, "kid": "k1"}, claims, key)


def unsigned(claims: dict[str, Any]) -> str:
    """An ``alg: none`` token."""
    header = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64(json.dumps(claims).encode())}."


def hmac_with_public_key(claims: dict[str, Any]) -> str:
    """Algorithm confusion: HS256 keyed with the provider's public key."""
    header = b64(json.dumps({"alg": "HS256", "kid": "k1"}).encode())
    body = b64(json.dumps(claims).encode())
    secret = json.dumps(_KEY.as_dict(private=False)).encode()
    mac = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64(mac)}"


def jwks() -> dict[str, Any]:
    return {"keys": [_KEY.as_dict(private=False)]}


def fresh_tokens(expires_in: float = 300, **changes: Any) -> TokenSet:
    body = {
        "access_token": "at-" + secrets.token_hex(8),
        "expires_in": expires_in,
        "refresh_token": "rt-" + secrets.token_hex(8),
        "refresh_expires_in": 0,
        "token_type": "bearer",
        "scope": "openid offline_access",
    }
    body.update(changes)
    return TokenSet.from_response(body)


class FakeIdP:
    """Token endpoint with rotation and reuse detection, JWKS, and an API.

    The API accepts exactly the access tokens the fake issued and still
    considers valid; it answers 401 (``challenge`` chooses the header) else.
    """

    def __init__(self, *, rotate: bool = True, expires_in: int = 300) -> None:
        self.rotate = rotate
        self.expires_in = expires_in
        self.lock = threading.Lock()
        self.refresh_tokens: set[str] = set()
        self.spent: set[str] = set()
        self.access_tokens: set[str] = set()
        self.token_requests: list[dict[str, list[str]]] = []
        self.api_requests: list[httpx.Request] = []
        self.refreshes = 0
        self.id_token_factory: Callable[[str | None], str] | None = None
        self.challenge: str | None = 'Bearer error="invalid_token"'
        self.api_status = 401
        self.delay = 0.0
        self._counter = itertools.count()
        self.pending_nonce: str | None = None
        self.token_started: asyncio.Event | None = None

    def issue(
        self, *, nonce: str | None = None, expires_in: int | None = None
    ) -> dict[str, Any]:
        n = next(self._counter)
        body = {
            "access_token": f"at-{n}-{secrets.token_hex(6)}",
            "refresh_token": f"rt-{n}-{secrets.token_hex(6)}",
            "expires_in": self.expires_in if expires_in is None else expires_in,
            "refresh_expires_in": 0,
            "token_type": "bearer",
            "not-before-policy": 0,
            "session_state": "s-1",
            "scope": "openid offline_access",
        }
        factory = self.id_token_factory or (lambda nonce: sign(id_claims(nonce)))
        body["id_token"] = factory(nonce)
        self.access_tokens.add(body["access_token"])
        self.refresh_tokens.add(body["refresh_token"])
        return body

    def tokens(self, expires_in: int | None = None) -> TokenSet:
        return TokenSet.from_response(self.issue(expires_in=expires_in))

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = urlsplit(str(request.url)).path
        if request.url.host == "api.test":
            return self._api(request)
        if path.endswith("/certs"):
            return httpx.Response(200, json=jwks())
        if path.endswith("/token"):
            if self.delay:
                time.sleep(self.delay)
            return self._token(request)
        return httpx.Response(404)

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        """Async handler: the provider acts at once, the answer comes late.

        So a client that gives up while waiting has still spent its refresh
        token, as with a real provider.
        """
        if not request.url.path.endswith("/token"):
            return self.handle(request)
        if self.token_started is not None:
            self.token_started.set()
        saved, self.delay = self.delay, 0.0
        try:
            response = self.handle(request)
        finally:
            self.delay = saved
        if saved:
            await asyncio.sleep(saved)
        return response

    def _api(self, request: httpx.Request) -> httpx.Response:
        self.api_requests.append(request)
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and header[7:] in self.access_tokens:
            return httpx.Response(200, json={"status": "OK", "output": "ok"})
        headers = {"WWW-Authenticate": self.challenge} if self.challenge else {}
        return httpx.Response(self.api_status, headers=headers)

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        with self.lock:
            self.token_requests.append(form)
            if form["grant_type"] == ["authorization_code"]:
                return httpx.Response(200, json=self.issue(nonce=self.pending_nonce))
            return self._refresh(form["refresh_token"][0])

    def _refresh(self, token: str) -> httpx.Response:
        self.refreshes += 1
        if token in self.spent or token not in self.refresh_tokens:
            # Reuse of a rotated token revokes the whole grant (RFC 9700 4.14.2).
            self.refresh_tokens.clear()
            self.access_tokens.clear()
            return httpx.Response(400, json={"error": "invalid_grant"})
        body = self.issue()
        if self.rotate:
            self.spent.add(token)
            self.refresh_tokens.discard(token)
        else:
            del body["refresh_token"]
        return httpx.Response(200, json=body)

    def expire_access_tokens(self) -> None:
        """Server-side expiry of every access token issued so far."""
        self.access_tokens.clear()

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.ahandle)


def redirect_for(attempt: LoginAttempt, code: str = "the-code") -> str:
    return f"{attempt.redirect_uri}?code={code}&state={attempt.state}"
