"""ID token validation (OpenID Connect Core 1.0, section 3.1.3.7) with joserfc."""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

from ._errors import InvalidIDToken

# joserfc (and the cryptography it loads) is imported where it is used: only
# a login validates an ID token, and importing it costs every `import fugaku`.

__all__ = ["validate_id_token"]


def validate_id_token(
    id_token: str,
    jwks: Mapping[str, Any],
    *,
    issuer: str,
    client_id: str,
    nonce: str | None,
    algorithms: tuple[str, ...] = ("RS256",),
    leeway: int = 30,
    clock: Callable[[], float] = time.time,
) -> dict[str, Any]:
    """Check an ID token's signature and claims; return its claims.

    Only the given asymmetric ``algorithms`` are accepted, so ``alg: none``
    and HMAC-with-public-key (algorithm confusion) are refused.

    Raises:
        InvalidIDToken: Any check failed. The message never holds the token.
    """
    header = _header(id_token)
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in algorithms:
        raise InvalidIDToken(f"ID token algorithm {alg!r} is not accepted.")
    claims = _verified_claims(id_token, jwks, alg)
    _check_claims(claims, issuer, client_id, leeway, clock)
    _check_nonce(claims, nonce)
    return claims


def _header(id_token: str) -> dict[str, Any]:
    from joserfc.util import urlsafe_b64decode

    parts = id_token.split(".")
    if len(parts) != 3:
        raise InvalidIDToken("The ID token is not a signed compact JWT.")
    try:
        header = json.loads(urlsafe_b64decode(parts[0].encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise InvalidIDToken("The ID token header is not valid JSON.") from exc
    if not isinstance(header, dict):
        raise InvalidIDToken("The ID token header is not a JSON object.")
    return header


def _verified_claims(
    id_token: str, jwks: Mapping[str, Any], alg: str
) -> dict[str, Any]:
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet

    try:
        keys = KeySet.import_key_set(dict(jwks))  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise InvalidIDToken("The provider's JWKS could not be read.") from exc
    try:
        token = jwt.decode(id_token, keys, algorithms=[alg])
    except (JoseError, ValueError, TypeError) as exc:
        raise InvalidIDToken(
            f"The ID token signature is not valid ({type(exc).__name__})."
        ) from exc
    return dict(token.claims)


def _check_claims(
    claims: Mapping[str, Any],
    issuer: str,
    client_id: str,
    leeway: int,
    clock: Callable[[], float],
) -> None:
    if claims.get("iss") != issuer:
        raise InvalidIDToken("The ID token was issued by another issuer.")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences:
        raise InvalidIDToken("The ID token is not meant for this client (aud).")
    if len(audiences) > 1 and claims.get("azp") not in (None, client_id):
        raise InvalidIDToken("The ID token's authorized party is another client.")
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        raise InvalidIDToken("The ID token has no expiry (exp).")
    if exp + leeway <= clock():
        raise InvalidIDToken("The ID token has expired.")
    if not isinstance(claims.get("sub"), str):
        raise InvalidIDToken("The ID token has no subject (sub).")


def _check_nonce(claims: Mapping[str, Any], nonce: str | None) -> None:
    if nonce is None:
        return
    received = claims.get("nonce")
    # Bytes: compare_digest refuses str with non-ASCII characters (TypeError).
    if not isinstance(received, str) or not hmac.compare_digest(
        received.encode(errors="surrogatepass"), nonce.encode(errors="surrogatepass")
    ):
        raise InvalidIDToken("The ID token nonce does not match this login.")
