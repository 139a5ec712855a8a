"""E4-E6: upload (create-only and overwrite), download and directory listing.

Paths are absolute remote paths without their leading slash, mapped into the
sandbox; ``~`` is not expanded. Downloads stream from disk in chunks. The
listing answers ``?view=read`` or a trailing slash (either alone is enough).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ._context import ApiContext
from ._listing import ls_long
from ._multipart import UploadError, receive_file
from ._responses import error, missing, text
from ._sandbox import SandboxError

__all__ = ["FileHandlers"]

CHUNK = 256 * 1024
logger = logging.getLogger("fugaku.emulator")


def _download_error() -> Response:
    return error(400, "E002002", "File Download Error", "IO Error")


def _upload_error() -> Response:
    # The documented kind is "IO Error"; err_id and message are the emulator's.
    return error(400, "E002010", "File Upload Error", "IO Error")


def _conflict() -> Response:
    return error(409, "E002011", "Already file exists.", "Conflict Error")


class FileHandlers:
    """Handlers of ``/file/{machine}/{file_path}``."""

    def __init__(self, context: ApiContext) -> None:
        self.context = context

    async def upload(self, request: Request) -> Response:
        """E4 ``POST``: create a file; 409 when it exists."""
        return await self._write(request, overwrite=False)

    async def overwrite(self, request: Request) -> Response:
        """E5 ``PUT``: create or replace a file."""
        return await self._write(request, overwrite=True)

    async def download(self, request: Request) -> Response:
        """E6 ``GET``: the file's bytes, or a listing (``view=read`` or ``/``)."""
        refused = self.context.bad_machine(request, "file")
        if refused is not None:
            return refused
        remote = request.path_params["file_path"]
        listing = request.query_params.get("view") == "read" or remote.endswith("/")
        try:
            local = self.context.sandbox.resolve(remote)
        except SandboxError:
            logger.info("refused path outside the sandbox")
            return _download_error()
        if listing:
            return self._listing(local)
        return self._stream(local)

    def _listing(self, local: Path) -> Response:
        """Answer ``ls -l`` text for a directory (or one file)."""
        config = self.context.config
        try:
            return text(ls_long(local, config.account, config.group))
        except OSError:
            return _download_error()

    def _stream(self, local: Path) -> Response:
        """Stream a regular file from disk."""
        try:
            handle = local.open("rb")
        except OSError:
            return _download_error()
        if not local.is_file():
            handle.close()
            return _download_error()
        size = os.fstat(handle.fileno()).st_size
        headers = {"Content-Length": str(size)}
        return StreamingResponse(
            _chunks(handle), media_type="application/octet-stream", headers=headers
        )

    async def _write(self, request: Request, *, overwrite: bool) -> Response:
        """Receive the upload into a temporary file, then move it in place.

        A refusal still reads the body first, as the real (FastAPI) service
        parses the form before it looks at the path: the client gets its
        answer instead of a broken pipe.
        """
        target: Response | Path | None = self.context.bad_machine(request, "file")
        if target is None:
            target = self._target_problem(request.path_params["file_path"], overwrite)
        if isinstance(target, Response):
            await _drain(request)
            return target
        return await self._receive_and_place(request, target, overwrite)

    def _target_problem(self, remote: str, overwrite: bool) -> Response | Path:
        """The local target, or the answer refusing it."""
        try:
            target = self.context.sandbox.resolve(remote)
        except SandboxError:
            logger.info("refused path outside the sandbox")
            return _upload_error()
        return _precheck(target, overwrite) or target

    async def _receive_and_place(
        self, request: Request, target: Path, overwrite: bool
    ) -> Response:
        try:
            temp = await receive_file(request, target.parent)
        except UploadError:
            return missing("body", "file")
        except OSError:
            return _upload_error()
        if temp is None:
            return missing("body", "file")
        return _place(temp, target, overwrite)


def _precheck(target: Path, overwrite: bool) -> Response | None:
    """Refuse early: existing file (create-only), missing parent, a directory."""
    if not overwrite and os.path.lexists(target):
        return _conflict()
    if not target.parent.is_dir() or target.is_dir():
        return _upload_error()
    return None


def _place(temp: Path, target: Path, overwrite: bool) -> Response:
    """Rename (overwrite) or hard-link (create-only) the upload into place."""
    mode = _mode_of(target)
    try:
        if overwrite:
            os.replace(temp, target)
        else:
            os.link(temp, target)
    except FileExistsError:
        return _conflict()
    except OSError:
        return _upload_error()
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    os.chmod(target, mode)
    return text("0")


def _mode_of(target: Path) -> int:
    """Keep an overwritten file's permissions; new files get 0644."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o644


async def _drain(request: Request) -> None:
    """Read and drop the request body."""
    async for _ in request.stream():
        pass


async def _chunks(handle: BinaryIO) -> AsyncIterator[bytes]:
    """Read a file in chunks off the event loop; close it at the end."""
    try:
        while True:
            chunk = await run_in_threadpool(handle.read, CHUNK)
            if not chunk:
                break
            yield chunk
    finally:
        handle.close()
