"""Directory listings in ``ls -l`` form, owned by the emulated account."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

__all__ = ["ls_long"]

SIX_MONTHS = 182 * 24 * 3600


def ls_long(path: Path, owner: str, group: str) -> str:
    """Return what ``ls -l path`` prints: a ``total`` line, then one entry a line.

    Hidden entries are left out, as ``ls`` does without ``-a``. A file (not a
    directory) gives its one line and no ``total``.
    """
    if not path.is_dir():
        return _entry(path, path.name, owner, group) + "\n"
    names = sorted(name for name in os.listdir(path) if not name.startswith("."))
    lines = [_entry(path / name, name, owner, group) for name in names]
    blocks = sum(_blocks(path / name) for name in names)
    return "\n".join([f"total {blocks}", *lines]) + "\n"


def _entry(path: Path, name: str, owner: str, group: str) -> str:
    """Format one ``ls -l`` line."""
    info = path.lstat()
    mode = stat.filemode(info.st_mode)
    line = (
        f"{mode} {info.st_nlink:>2} {owner} {group} {info.st_size:>8} "
        f"{_when(info.st_mtime)} {name}"
    )
    if stat.S_ISLNK(info.st_mode):
        line += f" -> {os.readlink(path)}"
    return line


def _when(mtime: float) -> str:
    """Date column: time of day for recent files, the year for old ones."""
    local = time.localtime(mtime)
    if abs(time.time() - mtime) < SIX_MONTHS:
        return time.strftime("%b %e %H:%M", local)
    return time.strftime("%b %e  %Y", local)


def _blocks(path: Path) -> int:
    """1 KiB blocks used, as counted in the ``total`` line."""
    try:
        return path.lstat().st_blocks // 2
    except OSError:
        return 0
