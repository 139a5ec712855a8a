"""Token stores: one 0600 JSON file per profile, or the system keyring.

Writes are atomic (temp file, fsync, rename) and every refresh happens under
a cross-process file lock, so processes sharing a login never corrupt the
file nor spend the same rotating refresh token twice.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import filelock
import platformdirs

from ._errors import AuthError, TokenStoreError
from ._tokens import TokenSet

__all__ = [
    "KeyringTokenStore",
    "TokenStore",
    "TokenStoreLike",
    "default_token_dir",
]

log = logging.getLogger("fugaku.auth")

APP_NAME = "fugaku"
_PROFILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")


class TokenStoreLike(Protocol):
    """What :class:`OIDCAuth` needs from a store."""

    def load(self) -> TokenSet | None:
        """Return the stored tokens, or None."""

    def save(self, tokens: TokenSet) -> None:
        """Replace the stored tokens."""

    def acquire(self) -> None:
        """Take the cross-process lock (blocking, bounded)."""

    def release(self) -> None:
        """Release the cross-process lock."""


def default_token_dir() -> Path:
    """Where tokens live: ``$FUGAKU_TOKEN_DIR``, ``$FUGAKU_HOME/tokens``, or
    the platform's user state directory (``platformdirs``) + ``tokens``."""
    explicit = os.environ.get("FUGAKU_TOKEN_DIR")
    if explicit:
        return Path(explicit)
    home = os.environ.get("FUGAKU_HOME")
    if home:
        return Path(home) / "tokens"
    return platformdirs.user_state_path(APP_NAME) / "tokens"


def _check_profile(profile: str) -> str:
    if not _PROFILE.fullmatch(profile):
        raise TokenStoreError(
            f"Invalid profile name {profile!r}: use letters, digits, '_', '-', '.'."
        )
    return profile


class _Locked:
    """Cross-process lock shared by both store kinds."""

    def __init__(self, directory: Path, profile: str, timeout: float) -> None:
        self._lock_args = (directory, profile, timeout)
        self.directory = directory
        self._lock = filelock.FileLock(
            str(directory / f"{profile}.lock"), timeout=timeout, thread_local=False
        )

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        _Locked.__init__(self, *state["_lock_args"])

    def acquire(self) -> None:
        """Take the lock, creating the private directory if needed."""
        _ensure_dir(self.directory)
        try:
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise TokenStoreError(
                "Timed out waiting for the token store lock."
            ) from exc

    def release(self) -> None:
        """Release the lock."""
        self._lock.release()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the cross-process lock for the duration of the block."""
        self.acquire()
        try:
            yield
        finally:
            self.release()


class TokenStore(_Locked):
    """One JSON file per profile, mode 0600, in a private directory.

    Args:
        profile: Profile name (letters, digits, ``_ - .``).
        directory: Overrides :func:`default_token_dir`.
        lock_timeout: Seconds to wait for another process's refresh.
    """

    def __init__(
        self,
        profile: str = "default",
        directory: str | os.PathLike[str] | None = None,
        *,
        lock_timeout: float = 60.0,
    ) -> None:
        self.profile = _check_profile(profile)
        base = Path(directory) if directory is not None else default_token_dir()
        super().__init__(base, profile, lock_timeout)
        self.path = base / f"{profile}.json"

    def __repr__(self) -> str:
        return f"TokenStore(profile={self.profile!r}, path={str(self.path)!r})"

    def load(self) -> TokenSet | None:
        """Read the stored tokens; None when there are none.

        Raises:
            TokenStoreError: The file exists but cannot be read or parsed.
        """
        try:
            text = self._read()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenStoreError(f"Cannot read the token store {self.path}.") from exc
        except UnicodeDecodeError as exc:  # garbage on disk, not our JSON
            raise TokenStoreError(f"The token store {self.path} is corrupt.") from exc
        return _decode(text, str(self.path))

    def save(self, tokens: TokenSet) -> None:
        """Write atomically: 0600 temp file, fsync, rename, fsync directory."""
        _ensure_dir(self.directory)
        payload = json.dumps(tokens.to_dict(), sort_keys=True)
        try:
            _atomic_write(self.path, payload)
        except OSError as exc:
            raise TokenStoreError(f"Cannot write the token store {self.path}.") from exc
        log.debug("Saved tokens for profile %s", self.profile)

    def delete(self) -> None:
        """Forget the stored tokens (logout)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _read(self) -> str:
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, encoding="utf-8") as handle:
            mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
            if mode & 0o077:
                log.warning("Token store %s was readable by others; fixing", self.path)
                os.fchmod(handle.fileno(), 0o600)
            return handle.read()


class KeyringTokenStore(_Locked):
    """Tokens in the system keyring (optional ``keyring`` extra).

    The cross-process lock still lives in a file next to where the file store
    would be, because keyrings have no locking of their own.
    """

    def __init__(
        self,
        profile: str = "default",
        *,
        service: str = "fugaku-sdk",
        directory: str | os.PathLike[str] | None = None,
        lock_timeout: float = 60.0,
    ) -> None:
        self.profile = _check_profile(profile)
        self.service = service
        base = Path(directory) if directory is not None else default_token_dir()
        super().__init__(base, profile, lock_timeout)

    def __repr__(self) -> str:
        return f"KeyringTokenStore(profile={self.profile!r}, service={self.service!r})"

    def load(self) -> TokenSet | None:
        """Read the tokens from the keyring; None when there are none."""
        keyring = _keyring()
        try:
            text = keyring.get_password(self.service, self.profile)
        except keyring.errors.KeyringError as exc:
            raise TokenStoreError("The keyring could not be read.") from exc
        return None if text is None else _decode(text, "the keyring")

    def save(self, tokens: TokenSet) -> None:
        """Write the tokens to the keyring."""
        keyring = _keyring()
        payload = json.dumps(tokens.to_dict(), sort_keys=True)
        try:
            keyring.set_password(self.service, self.profile, payload)
        except keyring.errors.KeyringError as exc:
            raise TokenStoreError("The keyring could not be written.") from exc

    def delete(self) -> None:
        """Forget the stored tokens."""
        keyring = _keyring()
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(self.service, self.profile)


def _keyring() -> Any:
    try:
        import keyring
        import keyring.errors
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise TokenStoreError(
            "Install fugaku-sdk[keyring] for keyring storage."
        ) from exc
    return keyring


def _decode(text: str, where: str) -> TokenSet:
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise TypeError
        return TokenSet.from_dict(data)
    except (ValueError, TypeError, AuthError) as exc:
        raise TokenStoreError(f"The token store {where} is corrupt.") from exc


def _ensure_dir(directory: Path) -> None:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise TokenStoreError(
            f"Cannot create the token directory {directory}."
        ) from exc


def _atomic_write(path: Path, payload: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
