"""Signing, issuing and checking tokens the way Keycloak does.

Access tokens are RS256 JWTs (``aud`` ``account``, ``azp`` the client id,
``preferred_username`` the account); ID tokens carry the nonce and have the
client id as audience. Refresh tokens are opaque random strings kept in
memory with the grant they belong to. Secrets never reach a log line.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

__all__ = ["Grant", "TokenError", "TokenIssuer"]


class TokenError(Exception):
    """A token is not valid; ``description`` goes to the WWW-Authenticate header."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


@dataclass
class Grant:
    """One login: the tokens issued from it share its fate."""

    client_id: str
    scope: str
    nonce: str | None
    session_state: str = field(default_factory=lambda: str(uuid.uuid4()))
    revoked: bool = False
    access_jtis: set[str] = field(default_factory=set)

    @property
    def offline(self) -> bool:
        """Whether the grant holds an offline refresh token."""
        return "offline_access" in self.scope.split()


@dataclass
class _Refresh:
    grant: Grant
    expires_at: float | None
    used: bool = False


class TokenIssuer:
    """Mints and verifies the realm's tokens."""

    def __init__(
        self,
        issuer: str,
        account: str,
        lifetime: int,
        session_lifetime: int,
        rotate: bool,
    ) -> None:
        """Generate the realm's RSA signing key.

        Args:
            issuer: The realm URL (``iss``).
            account: The Fugaku account (``preferred_username``).
            lifetime: Access-token lifetime in seconds.
            session_lifetime: Lifetime of non-offline refresh tokens.
            rotate: Rotate refresh tokens; re-use revokes the grant.
        """
        self.issuer = issuer
        self.account = account
        self.lifetime = lifetime
        self.session_lifetime = session_lifetime
        self.rotate = rotate
        self.subject = str(uuid.uuid5(uuid.NAMESPACE_DNS, account))
        self._key = RSAKey.generate_key(2048, parameters={"use": "sig"})
        self._key.ensure_kid()
        self._lock = threading.Lock()
        self._refresh: dict[str, _Refresh] = {}
        self._expired_jtis: set[str] = set()
        self._revoked_jtis: set[str] = set()
        self._live_jtis: set[str] = set()

    def jwks(self) -> dict[str, Any]:
        """Return the public key set served at ``/certs``."""
        public = self._key.as_dict(private=False, alg="RS256")
        return {"keys": [public]}

    def issue(self, grant: Grant) -> dict[str, Any]:
        """Return a Keycloak-style token response for a grant."""
        now = int(time.time())
        access, jti = self._access_token(grant, now)
        refresh = secrets.token_urlsafe(48)
        expires = None if grant.offline else time.time() + self.session_lifetime
        with self._lock:
            grant.access_jtis.add(jti)
            self._live_jtis.add(jti)
            self._refresh[refresh] = _Refresh(grant, expires)
        response: dict[str, Any] = {
            "access_token": access,
            "expires_in": self.lifetime,
            "refresh_expires_in": 0 if grant.offline else self.session_lifetime,
            "refresh_token": refresh,
            "token_type": "Bearer",
            "not-before-policy": 0,
            "session_state": grant.session_state,
            "scope": grant.scope,
        }
        if "openid" in grant.scope.split():
            response["id_token"] = self._id_token(grant, now)
        return response

    def refresh(self, token: str, client_id: str) -> dict[str, Any]:
        """Exchange a refresh token; raise ``TokenError`` when it is not valid."""
        with self._lock:
            entry = self._refresh.get(token)
            if entry is None or entry.grant.revoked:
                raise TokenError("Invalid refresh token")
            if entry.grant.client_id != client_id:
                raise TokenError(
                    "Invalid refresh token. Token client and authorized client "
                    "don't match"
                )
            if entry.expires_at is not None and time.time() > entry.expires_at:
                raise TokenError("Refresh token expired")
            if entry.used:
                self._revoke_locked(entry.grant)
                raise TokenError("Maximum allowed refresh token reuse exceeded")
            if self.rotate:
                entry.used = True
        return self.issue(entry.grant)

    def revoke_refresh(self, token: str) -> None:
        """Revoke the grant a refresh token belongs to (logout, revocation)."""
        with self._lock:
            entry = self._refresh.get(token)
            if entry is not None:
                self._revoke_locked(entry.grant)

    def revoke_access(self, token: str) -> None:
        """Revoke one access token (RFC 7009 with an access token)."""
        try:
            claims = jwt.decode(token, self._key, algorithms=["RS256"]).claims
        except (JoseError, ValueError):
            return
        with self._lock:
            self._revoked_jtis.add(str(claims.get("jti")))

    def expire_all(self) -> int:
        """Make every access token issued so far expire now; return how many."""
        with self._lock:
            count = len(self._live_jtis)
            self._expired_jtis |= self._live_jtis
            self._live_jtis = set()
        return count

    def verify(self, token: str) -> dict[str, Any]:
        """Check an access token's signature, expiry, issuer and audience.

        Raises:
            TokenError: The token is expired, revoked or not ours.
        """
        try:
            claims = jwt.decode(token, self._key, algorithms=["RS256"]).claims
        except (JoseError, ValueError) as exc:
            raise TokenError("Token verification failed") from exc
        self._check_claims(claims)
        return claims

    def _check_claims(self, claims: dict[str, Any]) -> None:
        """Apply the checks a resource server makes on decoded claims."""
        if claims.get("iss") != self.issuer or claims.get("typ") != "Bearer":
            raise TokenError("Token verification failed")
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if "account" not in audiences:
            raise TokenError("Token verification failed")
        jti = str(claims.get("jti"))
        with self._lock:
            if jti in self._revoked_jtis:
                raise TokenError("Token is not active")
            expired = jti in self._expired_jtis
        exp = claims.get("exp")
        if expired or not isinstance(exp, int | float) or time.time() >= exp:
            raise TokenError("Token expired")

    def service_token(self, lifetime: int) -> str:
        """A long-lived access token for the emulator's own pjsub/pjstat tools.

        It is not affected by ``expire_all``: tools inside the sandbox keep
        working while a test expires the client's tokens.
        """
        grant = Grant(client_id="fugaku-emulator-tools", scope="openid", nonce=None)
        token, _ = self._access_token(grant, int(time.time()), lifetime)
        return token

    def _access_token(
        self, grant: Grant, now: int, lifetime: int | None = None
    ) -> tuple[str, str]:
        """Sign an access token; return it with its ``jti``."""
        jti = str(uuid.uuid4())
        claims = {
            "exp": now + (lifetime or self.lifetime),
            "iat": now,
            "jti": jti,
            "iss": self.issuer,
            "aud": "account",
            "sub": self.subject,
            "typ": "Bearer",
            "azp": grant.client_id,
            "session_state": grant.session_state,
            "sid": grant.session_state,
            "scope": grant.scope,
            "preferred_username": self.account,
        }
        return self._sign(claims), jti

    def _id_token(self, grant: Grant, now: int) -> str:
        """Sign an ID token for the grant's client, echoing the nonce."""
        claims: dict[str, Any] = {
            "exp": now + self.lifetime,
            "iat": now,
            "auth_time": now,
            "jti": str(uuid.uuid4()),
            "iss": self.issuer,
            "aud": grant.client_id,
            "sub": self.subject,
            "typ": "ID",
            "azp": grant.client_id,
            "session_state": grant.session_state,
            "sid": grant.session_state,
            "preferred_username": self.account,
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        return self._sign(claims)

    def _sign(self, claims: dict[str, Any]) -> str:
        header = {"alg": "RS256", "kid": self._key.kid}
        return jwt.encode(header, claims, self._key, algorithms=["RS256"])

    def _revoke_locked(self, grant: Grant) -> None:
        """Revoke a grant with its tokens; the caller holds the lock."""
        grant.revoked = True
        self._revoked_jtis |= grant.access_jtis
