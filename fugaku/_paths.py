"""Remote path rules: what the client sends in ``/file/{machine}/{path}``.

The file endpoints take an absolute path without its leading slash and do not
expand ``~`` (webapi-facts, contradiction 4), so ``~`` is expanded here from
the cached home directory. httpx folds dot segments in URLs, so a ``..`` would
silently point somewhere else: it is refused. NUL and other control characters
(newlines included) are refused too; everything else, spaces, ``#``, ``%``,
``?`` and non-ASCII included, is sent percent-encoded by the generated client.
"""

from __future__ import annotations

import posixpath
import shlex

from .error import InvalidRemotePath

__all__ = ["needs_home", "normalise", "quote_arg", "to_wire"]


def needs_home(path: str) -> bool:
    """True when ``path`` starts with ``~`` and so needs the home directory."""
    return path == "~" or path.startswith("~/")


def normalise(path: str, home: str | None = None) -> str:
    """Check ``path`` and return it absolute, with ``~`` expanded.

    Args:
        path: An absolute path, ``~`` or ``~/...``.
        home: The user's home directory, needed when ``path`` starts with ``~``.

    Raises:
        InvalidRemotePath: The path is relative, names another user's home,
            contains ``..``, a control character, or is too long.
    """
    _check_characters(path)
    if needs_home(path):
        if home is None:
            raise InvalidRemotePath("the home directory is not known yet")
        path = home + path[1:]
    elif path.startswith("~"):
        raise InvalidRemotePath(f"only ~ and ~/ are expanded, not {path!r}")
    if not path.startswith("/"):
        raise InvalidRemotePath(f"remote paths must be absolute: {path!r}")
    return _clean(path)


def to_wire(path: str) -> str:
    """The wire form of a normalised path: without its leading slash."""
    return path.lstrip("/")


def quote_arg(path: str) -> str:
    """Quote a normalised path for a login-node shell command."""
    return shlex.quote(path)


def _check_characters(path: str) -> None:
    if not path:
        raise InvalidRemotePath("empty remote path")
    if len(path) > 4096:
        raise InvalidRemotePath("remote path longer than 4096 characters")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        raise InvalidRemotePath("remote paths may not contain control characters")
    if not path.isascii():
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (os.fsdecode of bad bytes)
            raise InvalidRemotePath(
                f"remote paths must be valid Unicode: {path!r}"
            ) from None


def _clean(path: str) -> str:
    segments = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in segments:
        raise InvalidRemotePath(f"'..' is not allowed in remote paths: {path!r}")
    cleaned = "/" + "/".join(segments)
    return posixpath.normpath(cleaned) if cleaned != "/" else "/"
