"""Streaming reception of the upload field ``file`` into a temporary file.

The body is parsed as it arrives and the ``file`` part goes straight to a
temporary file beside its destination, so a 1 GiB upload never sits in
memory and the final rename stays on one file system.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

__all__ = ["UploadError", "receive_file"]

FIELD = b"file"


class UploadError(Exception):
    """The body is not multipart/form-data or is malformed."""


class _FilePartSink:
    """Multipart callbacks that keep only the ``file`` part's bytes."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.found = False
        self._in_file = False
        self._field = b""
        self._value = b""
        self._disposition = b""

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
        }

    def _part_begin(self) -> None:
        self._in_file = False
        self._disposition = b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        if self._field.lower() == b"content-disposition":
            self._disposition = self._value
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        self._in_file = options.get(b"name") == FIELD and not self.found
        self.found = self.found or self._in_file

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file:
            self.out.write(data[start:end])


async def receive_file(request: Request, directory: Path) -> Path | None:
    """Stream the ``file`` field into a temporary file in ``directory``.

    Returns:
        The temporary file, or ``None`` when the body has no ``file`` field.

    Raises:
        UploadError: The body is not a well-formed multipart body.
        OSError: The temporary file cannot be written.
    """
    boundary = _boundary(request.headers.get("content-type", ""))
    fd, name = tempfile.mkstemp(prefix=".upload-", dir=directory)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            found = await _parse_into(request, boundary, out)
    except BaseException:
        _discard(temp)
        raise
    if not found:
        _discard(temp)
        return None
    return temp


def _discard(temp: Path) -> None:
    """Remove a temporary upload file."""
    with contextlib.suppress(OSError):
        temp.unlink()


async def _parse_into(request: Request, boundary: bytes, out: IO[bytes]) -> bool:
    """Feed the request body to the parser; return whether ``file`` was seen."""
    sink = _FilePartSink(out)
    parser = MultipartParser(boundary, sink.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        raise UploadError("malformed multipart body") from exc
    return sink.found


def _boundary(content_type: str) -> bytes:
    """Return the multipart boundary, or raise ``UploadError``."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError("not multipart/form-data")
    return boundary
