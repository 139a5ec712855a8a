"""Local ends of transfers: atomic file sinks, stream sinks, a counting reader.

These do plain local file I/O and serve both the sync and the async client.
A download never leaves a partial file under its final name: it goes to a
temporary file in the same directory, is flushed and fsynced, then renamed
over the target; on any error the temporary file is deleted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .error import TransferError

__all__ = ["AtomicFileSink", "CountingReader", "Progress", "StreamSink"]

Progress = Callable[[int, int | None], None]
"""Progress callback: ``(bytes_done, bytes_total_or_None)``."""


class _HashingSink:
    """Counts and hashes what is written; reports progress."""

    def __init__(self, progress: Progress | None, total: int | None) -> None:
        self.progress = progress
        self.total = total
        self.size = 0
        self._hash = hashlib.sha256()

    @property
    def sha256(self) -> str:
        """Hex digest of the bytes written so far."""
        return self._hash.hexdigest()

    def _restart(self) -> None:
        self.size = 0
        self._hash = hashlib.sha256()

    def _account(self, chunk: bytes) -> None:
        self._hash.update(chunk)
        self.size += len(chunk)
        if self.progress is not None:
            self.progress(self.size, self.total)


class AtomicFileSink(_HashingSink):
    """Writes a download to a temporary file, renamed on ``commit``."""

    def __init__(
        self, target: Path, progress: Progress | None = None, total: int | None = None
    ) -> None:
        super().__init__(progress, total)
        self.target = target
        self._file: IO[bytes] | None = None
        self._temp: Path | None = None

    def reset(self) -> None:
        """Start over with an empty temporary file."""
        self._restart()
        if self._file is None:
            self._open()
        else:
            self._file.seek(0)
            self._file.truncate()

    def write(self, chunk: bytes) -> None:
        """Append ``chunk`` to the temporary file."""
        if self._file is None:
            self.reset()
        assert self._file is not None
        self._file.write(chunk)
        self._account(chunk)

    def commit(self) -> None:
        """Flush, fsync and rename the temporary file over the target."""
        if self._file is None:
            self.reset()
        assert self._file is not None
        assert self._temp is not None
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._temp, self.target)
        self._temp = None

    def abort(self) -> None:
        """Close and delete the temporary file, if any."""
        if self._file is not None:
            self._file.close()
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None

    def _open(self) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent
        )
        self._file = os.fdopen(fd, "wb")
        self._temp = Path(name)


class StreamSink(_HashingSink):
    """Writes a download to a caller's binary stream."""

    def __init__(
        self,
        stream: IO[bytes],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> None:
        super().__init__(progress, total)
        self.stream = stream
        self._start = _tell(stream)
        self._dirty = False

    def reset(self) -> None:
        """Rewind before a retry; impossible once bytes went to an unseekable stream."""
        self._restart()
        if not self._dirty:
            return
        if self._start is None:
            raise TransferError("cannot retry a download into an unseekable stream")
        self.stream.seek(self._start)
        self.stream.truncate()

    def write(self, chunk: bytes) -> None:
        """Write ``chunk`` to the stream."""
        self.stream.write(chunk)
        self._dirty = True
        self._account(chunk)

    def commit(self) -> None:
        """Flush the stream."""
        self.stream.flush()

    def abort(self) -> None:
        """Nothing to undo: the caller owns the stream."""


def _tell(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell() if stream.seekable() else None
    except (AttributeError, OSError):
        return None


class CountingReader:
    """Wraps a binary file for upload: counts, hashes and reports progress.

    httpx rewinds the file (``seek(0)``) each time it renders the body, so a
    re-sent request (a retry, or a retry after a token refresh) sends the
    whole file again, and the count and hash start over with it.
    """

    def __init__(
        self, file: IO[bytes], name: str, progress: Progress | None = None
    ) -> None:
        self.file = file
        self.name = name
        self.progress = progress
        self.total = _length(file)
        self.size = 0
        self._hash = hashlib.sha256()

    @property
    def sha256(self) -> str:
        """Hex digest of the bytes read since the last rewind."""
        return self._hash.hexdigest()

    def read(self, size: int = -1) -> bytes:
        """Read, count and hash the next chunk."""
        chunk = self.file.read(size)
        self._hash.update(chunk)
        self.size += len(chunk)
        if self.progress is not None and chunk:
            self.progress(self.size, self.total)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        """Seek the file; a rewind to 0 restarts the count and the hash."""
        position = self.file.seek(offset, whence)
        if position == 0:
            self.size = 0
            self._hash = hashlib.sha256()
        return position

    def tell(self) -> int:
        """Current position in the file."""
        return self.file.tell()

    def fileno(self) -> int:
        """The file's descriptor, so httpx can send a Content-Length."""
        return self.file.fileno()

    def seekable(self) -> bool:
        """Whether the wrapped file can be rewound (and so re-sent)."""
        try:
            return self.file.seekable()
        except (AttributeError, OSError):
            return False


def _length(file: IO[Any]) -> int | None:
    try:
        return os.fstat(file.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        pass
    try:
        position = file.tell()
        end = file.seek(0, os.SEEK_END)
        file.seek(position)
        return end - position
    except (AttributeError, OSError):
        return None
