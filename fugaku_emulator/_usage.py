"""E1, E2 machine status and E13 disk usage."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fugaku_webapi.models import MachineStatus

from ._context import ApiContext
from ._responses import text

__all__ = ["StatusHandlers"]

HOME_LIMIT_GIB = 20.0
HOME_FILE_LIMIT = 200_000
_SCAN_LIMIT = 100_000


class StatusHandlers:
    """Handlers of ``/status/...`` and ``/usage/{machine}/disk/``."""

    def __init__(self, context: ApiContext) -> None:
        self.context = context

    async def machines(self, request: Request) -> Response:
        """E1: every machine (there is one, ``computer``)."""
        status = MachineStatus(status="OK", machine=self.context.config.machine)
        return JSONResponse([status.to_dict()])

    async def machine(self, request: Request) -> Response:
        """E2: one machine."""
        refused = self.context.bad_machine(request, "status")
        if refused is not None:
            return refused
        status = MachineStatus(status="OK", machine=self.context.config.machine)
        return JSONResponse(status.to_dict())

    async def disk(self, request: Request) -> Response:
        """E13: usage of the home directory, as text (the shape is not public)."""
        refused = self.context.bad_machine(request, "usage")
        if refused is not None:
            return refused
        home = self.context.sandbox.home
        size, files = await run_in_threadpool(_scan, home)
        remote = self.context.sandbox.home_remote
        lines = [
            f"{'Path':<24}{'Used(GiB)':>12}{'Limit(GiB)':>12}{'Files':>10}{'Limit':>10}",
            f"{remote:<24}{size / 2**30:>12.2f}{HOME_LIMIT_GIB:>12.2f}"
            f"{files:>10}{HOME_FILE_LIMIT:>10}",
        ]
        return text("\n".join(lines) + "\n")


def _scan(root: Path) -> tuple[int, int]:
    """Bytes and entries below ``root`` (not following links), capped."""
    size = files = 0
    for directory, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            files += 1
            try:
                size += os.lstat(os.path.join(directory, name)).st_size
            except OSError:
                continue
        if files > _SCAN_LIMIT:
            break
    return size, files
