"""Who may call the WebAPI: a valid bearer token, or a client certificate.

- no credentials: 403 ``{"detail": "Not authenticated"}`` (the facts sheet:
  403 is an "authentication error"; this is FastAPI's HTTPBearer answer);
- an expired token: 401 with ``WWW-Authenticate: Bearer realm="op",
  error="invalid_token", error_description="Token expired"``;
- a token that is not ours, revoked or malformed: 401, same header shape;
- with TLS on, a verified client certificate is enough (``GET /status/``
  with the certificate and no token works on the real service).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._responses import forbidden, unauthorized
from ._tls import CLIENT_CERT_KEY
from ._tokens import TokenError, TokenIssuer

__all__ = ["Guard"]

Handler = Callable[[Request], Awaitable[Response]]
logger = logging.getLogger("fugaku.emulator")


class Guard:
    """Wraps handlers so that they run only for authenticated requests."""

    def __init__(self, tokens: TokenIssuer) -> None:
        self.tokens = tokens

    def __call__(self, handler: Handler) -> Handler:
        """Return ``handler`` behind the credential check."""

        async def guarded(request: Request) -> Response:
            refusal = self.check(request)
            if refusal is not None:
                # FastAPI reads the body before its security dependency
                # answers, so a large upload gets its 401, not a broken pipe.
                async for _ in request.stream():
                    pass
                return refusal
            return await handler(request)

        guarded.__doc__ = handler.__doc__
        return guarded

    def check(self, request: Request) -> Response | None:
        """Return the refusal for a request, or ``None`` when it may pass."""
        header = request.headers.get("authorization")
        if header is None:
            if request.scope.get("extensions", {}).get(CLIENT_CERT_KEY):
                return None
            return forbidden()
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            body = {"detail": "Invalid authentication credentials"}
            return JSONResponse(body, status_code=403)
        try:
            self.tokens.verify(token.strip())
        except TokenError as exc:
            logger.info("refused token: %s", exc.description)
            return unauthorized(exc.description)
        return None
