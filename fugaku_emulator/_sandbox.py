"""The sandbox: a local directory standing for the machine's file system.

Every remote path the WebAPI receives is mapped below the sandbox root. A
path that could leave the root is refused before anything touches the disk:
``..`` segments (also when they arrived percent-encoded, since the server
decodes the path first), NUL bytes, and symbolic links whose target lies
outside the root. ``~`` is not expanded, as on the real service.

Commands and jobs run without a chroot, so ``$HOME`` in their output is the
local sandbox path. A remote path that starts with the local root is
therefore taken as the remote path below it, so that a client which learns
its home from ``echo $HOME`` reaches the same files as on the real machine.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["Sandbox", "SandboxError"]


class SandboxError(Exception):
    """A remote path is malformed or leads out of the sandbox."""


class Sandbox:
    """Maps remote absolute paths to local paths under one root."""

    def __init__(self, root: Path, account: str) -> None:
        """Create the root and the account's home directory.

        Args:
            root: Local directory standing for ``/`` of the machine.
            account: The account whose home is ``/home/<account>``.
        """
        root.mkdir(parents=True, exist_ok=True)
        self.root = root.resolve()
        self.home_remote = f"/home/{account}"
        self.home = self.root / "home" / account
        for path in (self.home, self.root / "tmp", self.root / "var" / "spool"):
            path.mkdir(parents=True, exist_ok=True)

    def resolve(self, remote: str, *, base: str | None = None) -> Path:
        """Map a remote path to a local path inside the root.

        Args:
            remote: Remote path, absolute or (with ``base``) relative; the
                leading slash may be missing, as the WebAPI sends it.
            base: Remote directory a relative path is taken from; without
                it every path is taken as absolute.

        Raises:
            SandboxError: The path is malformed or would leave the root.
        """
        if "\x00" in remote or not remote.strip():
            raise SandboxError("invalid path")
        if base is not None and not remote.startswith("/"):
            remote = f"{base.rstrip('/')}/{remote}"
        remote = self._strip_local_root(remote)
        parts = [part for part in remote.split("/") if part not in ("", ".")]
        if ".." in parts:
            raise SandboxError("path escapes the sandbox")
        local = self.root.joinpath(*parts)
        self._check_inside(local)
        return local

    def _strip_local_root(self, remote: str) -> str:
        """Turn ``<local root>/home/u`` (as ``$HOME`` shows it) into ``/home/u``."""
        absolute = "/" + remote.lstrip("/")
        prefix = self.root.as_posix().rstrip("/")
        if absolute == prefix or absolute.startswith(prefix + "/"):
            return absolute[len(prefix) :] or "/"
        return remote

    def to_remote(self, local: Path) -> str:
        """Return the remote absolute path of a local path inside the root."""
        relative = local.resolve().relative_to(self.root)
        return "/" + relative.as_posix() if relative.parts else "/"

    def _check_inside(self, local: Path) -> None:
        """Refuse a path whose existing part resolves outside the root."""
        probe = local
        while not os.path.lexists(probe) and probe != self.root:
            probe = probe.parent
        real = Path(os.path.realpath(probe))
        if real != self.root and self.root not in real.parents:
            raise SandboxError("path escapes the sandbox")
