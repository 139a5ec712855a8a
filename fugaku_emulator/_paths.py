"""Showing remote paths to the user while the shell works on local ones.

Commands and job scripts run without a chroot, in the local sandbox. So that
they look like the real machine, the emulator rewrites text at the edges:

- into the shell: ``/home/<account>`` (as a whole path component) becomes
  the local home, so ``cat /home/u10001/a.txt`` works;
- out of the shell: the local sandbox root disappears from command output
  and from jobs' ``.out``/``.err`` files, so ``echo $HOME`` prints
  ``/home/u10001`` as on Fugaku.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["PathText"]

CHUNK = 1024 * 1024


class PathText:
    """Rewrites paths between the remote and the local view."""

    def __init__(self, root: Path, home_remote: str, home_local: Path) -> None:
        self.root = root.as_posix().rstrip("/")
        self._root = re.compile(rf"{re.escape(self.root)}(?![\w.-])/?")
        self._home = re.compile(rf"(?<![\w./-]){re.escape(home_remote)}(?=/|\b|$)")
        self._home_local = home_local.as_posix()

    def to_local(self, text: str) -> str:
        """Point ``/home/<account>`` at the local home."""
        return self._home.sub(lambda _: self._home_local, text)

    def to_remote(self, text: str) -> str:
        """Drop the local sandbox root from paths."""
        return self._root.sub("/", text)

    def rewrite_file(self, path: Path) -> None:
        """Apply ``to_remote`` to a file in chunks (outputs may be large)."""
        needle = self.root.encode()
        try:
            if needle not in _scan(path, needle):
                return
            _rewrite(path, needle)
        except OSError:
            return


def _scan(path: Path, needle: bytes) -> bytes:
    """Return ``needle`` if the file contains it, else ``b""``."""
    carry = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if needle in carry + chunk:
                return needle
            carry = chunk[-len(needle) :]
    return b""


def _rewrite(path: Path, needle: bytes) -> None:
    """Replace ``needle/`` by ``/`` (and a bare ``needle`` by ``/``) in place."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".rewrite-")
    keep = len(needle)
    with path.open("rb") as source, os.fdopen(fd, "wb") as target:
        pending = b""
        while chunk := source.read(CHUNK):
            data = (pending + chunk).replace(needle + b"/", b"/")
            pending, data = data[-keep:], data[:-keep]
            target.write(data)
        target.write(pending.replace(needle + b"/", b"/").replace(needle, b"/"))
    shutil.copymode(path, name)
    os.replace(name, path)
