"""The ASGI application: the WebAPI routes, the IdP routes, the faults."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from ._auth import Guard, Handler
from ._commands import CommandHandlers
from ._context import ApiContext
from ._faults import FaultMiddleware, Faults
from ._files import FileHandlers
from ._idp import IdentityProvider
from ._jobscript import JobScriptHandlers
from ._queue import QueueHandlers
from ._responses import error
from ._usage import StatusHandlers

__all__ = ["build_app"]

logger = logging.getLogger("fugaku.emulator")


class _AnyPath(Convertor[str]):
    """Like Starlette's ``path`` but also matching newlines (legal in names)."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("anypath", _AnyPath())


def build_app(
    context: ApiContext, idp: IdentityProvider, guard: Guard, faults: Faults
) -> ASGIApp:
    """Assemble the WebAPI (behind ``guard``) and the IdP, under the faults."""
    routes = [*_api_routes(context, guard), *idp.routes()]
    handlers = {
        404: _http_error,
        405: _http_error,
        Exception: _internal_error,
    }
    app = Starlette(routes=routes, exception_handlers=handlers)
    return FaultMiddleware(app, faults, context.stats)


def _api_routes(context: ApiContext, guard: Guard) -> list[Route]:
    """Every operation of ``spec/fugaku-webapi.yaml``."""
    status = StatusHandlers(context)
    files = FileHandlers(context)
    queue = QueueHandlers(context)
    file_path = "/file/{machine}/{file_path:anypath}"
    job = "/queue/{machine}/{jobid}"
    table = [
        ("/status/", "GET", status.machines),
        ("/status/{machine}", "GET", status.machine),
        ("/command/{machine}/", "POST", CommandHandlers(context).run),
        (file_path, "GET", files.download),
        (file_path, "POST", files.upload),
        (file_path, "PUT", files.overwrite),
        ("/queue/{machine}", "GET", queue.list_jobs),
        ("/queue/{machine}/", "POST", queue.submit),
        ("/queue/{machine}/sacct", "GET", queue.list_finished),
        ("/queue/{machine}/jobscript", "PUT", JobScriptHandlers(context).create),
        (job, "GET", queue.get_job),
        (job, "DELETE", queue.cancel),
        ("/usage/{machine}/disk/", "GET", status.disk),
    ]
    by_path: dict[str, dict[str, Handler]] = {}
    for path, method, handler in table:
        by_path.setdefault(path, {})[method] = guard(handler)
    return [
        Route(path, _by_method(handlers), methods=list(handlers))
        for path, handlers in by_path.items()
    ]


def _by_method(handlers: dict[str, Handler]) -> Handler:
    """One endpoint per path, so that a 405 lists every allowed method."""

    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await handlers[method](request)

    return endpoint


async def _http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's shape for routing errors: ``{"detail": "Not Found"}``."""
    assert isinstance(exc, HTTPException)
    return JSONResponse(
        {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
    )


async def _internal_error(request: Request, exc: Exception) -> Response:
    """An unexpected failure: 500 with an ``ErrorObject``."""
    logger.error("internal error on %s %s: %r", request.method, request.url.path, exc)
    return error(500, "", "Internal Server Error", "Internal Server Error")
