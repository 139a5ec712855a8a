"""Workflows for status, commands, the account and files, written once.

Each function is a generator (a ``Flow``) that yields steps and gets their
results back; ``SyncEngine.run`` and ``AsyncEngine.run`` drive the same flow.
"""

from __future__ import annotations

import enum
import io
import os
import posixpath
from pathlib import Path
from typing import IO, Any

import attrs

from fugaku_webapi.models import JobScript

from . import _ops, _paths
from ._models import Account, FileEntry, FileKind, MachineStatus, TransferResult
from ._parsers import parse_account, parse_listing
from ._protocol import Call, Download, Flow, Options, interpret, raise_for_error
from ._transfer import AtomicFileSink, CountingReader, Progress, StreamSink
from .error import (
    AlreadyExists,
    APIError,
    CommandFailed,
    FugakuClientError,
    InvalidRemotePath,
    NotFound,
    TransferError,
)

__all__ = ["Overwrite", "Session"]

_ACCOUNT_COMMAND = 'printf "%s\\n" "${USER:-$(id -un)}" "$HOME" && id -Gn'
_OK_MARK = "__fugaku_ok__"


class Overwrite(enum.StrEnum):
    """What an upload does when the remote file exists.

    ``ERROR`` raises ``AlreadyExists`` (E4, POST); ``REPLACE`` overwrites it
    (E5, PUT); ``SKIP`` leaves it alone and uploads nothing.
    """

    ERROR = "error"
    REPLACE = "replace"
    SKIP = "skip"


class Session:
    """Per-client state shared by flows: options and the cached account."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.account: Account | None = None

    def machine(self, override: str | None) -> str:
        """The machine to use: ``override`` or the default."""
        return override or self.options.machine

    # --- status and commands -------------------------------------------------

    def machines(self) -> Flow[list[MachineStatus]]:
        """All machines and their status (E1)."""
        body = yield from call(_ops.machines())
        return [_machine(item) for item in _as_list(body)]

    def machine_status(self, machine: str | None = None) -> Flow[MachineStatus]:
        """One machine's status (E2)."""
        body = yield from call(_ops.machine(self.machine(machine)))
        return _machine(body)

    def command(self, line: str, machine: str | None = None) -> Flow[str]:
        """Run ``line`` on a login node and return its standard output (E3)."""
        body = yield from call(_ops.command(self.machine(machine), line))
        return _text_output(body)

    def checked_command(self, line: str, what: str) -> Flow[str]:
        """Run ``line``, stderr merged; raise ``CommandFailed`` unless it succeeds."""
        output = yield from self.command(f"{{ {line} ; }} 2>&1 && echo {_OK_MARK}")
        if _OK_MARK not in output:
            raise CommandFailed(f"{what} failed: {output.strip()[:300]}", output=output)
        return output.replace(_OK_MARK, "").rstrip("\n")

    def disk_usage(self, machine: str | None = None) -> Flow[Any]:
        """Disk usage (E13); ``output`` as the service sends it."""
        body = yield from call(_ops.disk_usage(self.machine(machine)))
        return body.get("output") if isinstance(body, dict) else body

    def get_account(self) -> Flow[Account]:
        """User name, home and groups, looked up once and cached (E3).

        The home is the one the file endpoints see: when ``$HOME`` of the
        login shell is not visible to them but ``/home/<user>`` is, the latter
        is used (the emulator's shell sees its sandbox from the outside).
        """
        if self.account is None:
            output = yield from self.command(_ACCOUNT_COMMAND)
            account = _account_from(output)
            home = yield from self._visible_home(account)
            self.account = attrs.evolve(account, home=home)
        return self.account

    def _visible_home(self, account: Account) -> Flow[str]:
        candidates = dict.fromkeys([account.home, f"/home/{account.user}"])
        for candidate in candidates:
            try:
                yield from self._listing(_paths.normalise(candidate))
            except (APIError, InvalidRemotePath):
                continue
            return candidate
        return account.home

    def shell_path(self, target: str) -> str:
        """``target`` quoted for a command; under the home as ``"$HOME"/...``.

        On the machine both spellings name the same file; writing paths under
        the home relative to ``$HOME`` also keeps commands right where the
        shell's view of the file system is shifted (the emulator's sandbox).
        """
        home = self.account.home if self.account else None
        if home and target == home:
            return '"$HOME"'
        if home and target.startswith(home.rstrip("/") + "/"):
            rest = target[len(home.rstrip("/")) + 1 :]
            return '"$HOME"/' + _paths.quote_arg(rest)
        return _paths.quote_arg(target)

    # --- paths -----------------------------------------------------------------

    def resolve(self, path: str) -> Flow[str]:
        """Absolute remote path with ``~`` expanded from the cached home."""
        home = None
        if _paths.needs_home(path):
            account = yield from self.get_account()
            home = account.home
        return _paths.normalise(path, home)

    # --- files -----------------------------------------------------------------

    def listdir(self, path: str) -> Flow[list[FileEntry]]:
        """Entries of a remote directory, parsed from ``ls -l`` (E6 listing).

        Raises:
            NotFound: The directory does not exist or cannot be read (the
                service answers both with 400 E002002).
        """
        directory = yield from self.resolve(path)
        try:
            output = yield from self._listing(directory)
        except APIError as exc:
            if exc.status_code != 400:
                raise
            raise NotFound(
                400,
                err_id=exc.err_id,
                err_msg=f"{directory} does not exist or cannot be read",
                error=exc.error,
                operation="list_directory",
            ) from None
        entries = parse_listing(output, directory)
        return [entry for entry in entries if entry.name not in (".", "..")]

    def _listing(self, target: str) -> Flow[str]:
        wire = _paths.to_wire(target)
        body = yield from call(_ops.listing(self.machine(None), wire))
        return _text_output(body)

    def stat(self, path: str) -> Flow[FileEntry]:
        """The ``ls -l`` entry of one remote path, hidden files included (E6).

        A file's listing is its own line; a directory's is its content, so a
        directory's entry comes from its parent's listing.

        Raises:
            NotFound: No such file or directory.
        """
        target = yield from self.resolve(path)
        try:
            output = yield from self._listing(target)
        except APIError as exc:
            if exc.status_code != 400:
                raise
            raise _not_found(target) from None
        own = _own_entry(output, target)
        if own is not None:
            return own
        return (yield from self._directory_entry(target))

    def _directory_entry(self, target: str) -> Flow[FileEntry]:
        parent, name = posixpath.split(target)
        if name:
            for entry in (yield from self.listdir(parent)):
                if entry.name == name:
                    return entry
        return FileEntry(name, target, FileKind.DIRECTORY, "d?????????", 0, "", "", "")

    def exists(self, path: str) -> Flow[bool]:
        """True when the remote path exists."""
        try:
            yield from self.stat(path)
        except NotFound:
            return False
        return True

    def mkdir(self, path: str, *, parents: bool = True) -> Flow[str]:
        """Create a remote directory with ``mkdir`` (E3); returns its path."""
        target = yield from self.resolve(path)
        yield from self.get_account()
        flag = "-p " if parents else ""
        yield from self.checked_command(
            f"mkdir {flag}-- {self.shell_path(target)}", f"mkdir {target}"
        )
        return target

    def remove(self, path: str, *, recursive: bool = False) -> Flow[None]:
        """Remove a remote file (or a tree with ``recursive``) with ``rm`` (E3)."""
        target = yield from self.resolve(path)
        account = yield from self.get_account()
        if target in ("/", account.home):
            raise FugakuClientError(f"refusing to remove {target}")
        flag = "-rf" if recursive else "-f"
        yield from self.checked_command(
            f"rm {flag} -- {self.shell_path(target)}", f"rm {target}"
        )

    def remote_sha256(self, path: str) -> Flow[str]:
        """SHA-256 of a remote file, computed on the machine by ``sha256sum``."""
        target = yield from self.resolve(path)
        yield from self.get_account()
        output = yield from self.checked_command(
            f"sha256sum -- {self.shell_path(target)}", f"sha256sum {target}"
        )
        return output.split()[0].lstrip("\\") if output.split() else ""

    def make_job_script(
        self, path: str, script: JobScript, machine: str | None = None
    ) -> Flow[str]:
        """Write a job script from a structured description (E12); returns its path."""
        target = yield from self.resolve(path)
        yield from call(_ops.job_script(self.machine(machine), target, script))
        return target

    # --- transfers -------------------------------------------------------------

    def upload(
        self,
        source: str | os.PathLike[str] | IO[bytes],
        path: str,
        *,
        overwrite: Overwrite = Overwrite.ERROR,
        progress: Progress | None = None,
        checksum: bool = False,
    ) -> Flow[TransferResult]:
        """Upload a local file or binary stream, streamed (E4 or E5).

        Raises:
            AlreadyExists: The file exists and ``overwrite`` is ``ERROR``.
            TransferError: The remote size or checksum differs afterwards.
        """
        overwrite = Overwrite(overwrite)  # "replace" as text must not mean ERROR
        target = yield from self.resolve(path)
        if overwrite is Overwrite.SKIP and (yield from self.exists(target)):
            return TransferResult(target, _local_name(source), 0, "", "skipped")
        reader = yield from self._send_upload(source, target, overwrite, progress)
        verified = yield from self._verify(target, reader.size, reader.sha256, checksum)
        return TransferResult(
            target, _local_name(source), reader.size, reader.sha256, verified
        )

    def _send_upload(
        self,
        source: str | os.PathLike[str] | IO[bytes],
        target: str,
        overwrite: Overwrite,
        progress: Progress | None,
    ) -> Flow[CountingReader]:
        file, owned = _open_source(source)
        try:
            reader = CountingReader(file, posixpath.basename(target), progress)
            return (yield from self._post_file(reader, target, overwrite))
        finally:
            if owned:
                file.close()

    def _post_file(
        self, reader: CountingReader, target: str, overwrite: Overwrite
    ) -> Flow[CountingReader]:
        request = _ops.upload(
            self.machine(None),
            _paths.to_wire(target),
            reader,
            reader.name,
            replace=overwrite is Overwrite.REPLACE,
            timeout=self.options.timeout,
        )
        try:
            yield from call(request)
        except AlreadyExists as exc:
            exc.args = (f"{target} exists; pass overwrite=Overwrite.REPLACE",)
            raise
        return reader

    def read_bytes(self, path: str) -> Flow[bytes]:
        """The content of a small remote file, in memory (E6)."""
        buffer = io.BytesIO()
        yield from self.download(path, buffer)
        return buffer.getvalue()

    def write_bytes(
        self, path: str, data: bytes, overwrite: Overwrite = Overwrite.ERROR
    ) -> Flow[TransferResult]:
        """Write ``data`` to a remote file (E4 or E5)."""
        return (yield from self.upload(io.BytesIO(data), path, overwrite=overwrite))

    def download(
        self,
        path: str,
        dest: str | os.PathLike[str] | IO[bytes],
        *,
        progress: Progress | None = None,
        checksum: bool = False,
        verify_size: bool = True,
    ) -> Flow[TransferResult]:
        """Download a remote file to a local path or a binary stream (E6).

        A local path is written atomically (temporary file, fsync, rename);
        an existing local directory receives the file under its remote name.

        Raises:
            NotFound: The remote file does not exist.
            TransferError: The size or checksum differs from the remote file's.
        """
        target = yield from self.resolve(path)
        expected = (yield from self.stat(target)).size if verify_size else None
        sink = _sink_for(_into_directory(dest, target), progress, expected)
        try:
            result = yield from self._fetch(target, sink, expected, checksum)
            sink.commit()  # a full disk fails here too (flush, fsync)
        except BaseException:
            sink.abort()
            raise
        return result

    def _fetch(
        self,
        target: str,
        sink: AtomicFileSink | StreamSink,
        expected: int | None,
        checksum: bool,
    ) -> Flow[TransferResult]:
        request = _ops.download(self.machine(None), _paths.to_wire(target))
        response = yield Download("download_file", request, sink)
        raise_for_error("download_file", response)
        if expected is not None and sink.size != expected:
            raise TransferError(f"{target}: got {sink.size} bytes, expected {expected}")
        verified = yield from self._verify(target, None, sink.sha256, checksum)
        if not verified and expected is not None:
            verified = "size"
        local = str(sink.target) if isinstance(sink, AtomicFileSink) else None
        return TransferResult(target, local, sink.size, sink.sha256, verified)

    def _verify(
        self, target: str, size: int | None, sha256: str, checksum: bool
    ) -> Flow[str]:
        verified = ""
        if size is not None:
            remote = yield from self.stat(target)
            if remote.size != size:
                raise TransferError(
                    f"{target}: remote has {remote.size} bytes, sent {size}"
                )
            verified = "size"
        if checksum:
            remote_sum = yield from self.remote_sha256(target)
            if remote_sum != sha256:
                raise TransferError(f"{target}: SHA-256 differs after the transfer")
            verified = "sha256"
        return verified


def _own_entry(output: str, target: str) -> FileEntry | None:
    lines = [line for line in output.split("\n") if line.strip()]
    if len(lines) != 1 or lines[0].startswith("total "):
        return None
    entries = parse_listing(lines[0], "/")
    if not entries or entries[0].kind is FileKind.DIRECTORY:
        return None
    name = posixpath.basename(target)
    if entries[0].name not in (name, target):
        return None
    return attrs.evolve(entries[0], name=name, path=target)


def _account_from(output: str) -> Account:
    try:
        return parse_account(output)
    except ValueError as exc:
        raise CommandFailed(
            f"{exc}: {output.strip()[:200]!r}; check that the login shell prints "
            "nothing extra (a banner or echo in .bashrc or .profile)",
            output=output,
        ) from None


def _not_found(target: str) -> NotFound:
    return NotFound(400, err_msg=f"{target} does not exist", operation="stat")


def call(request: Call) -> Flow[Any]:
    """Send one request and interpret its answer."""
    response = yield request
    return interpret(request.op, response)


def _as_list(body: Any) -> list[Any]:
    if isinstance(body, dict) and "output" in body:
        body = body["output"]
    return body if isinstance(body, list) else [body]


def _machine(item: Any) -> MachineStatus:
    if not isinstance(item, dict):
        return MachineStatus(machine=str(item), status="")
    return MachineStatus(
        machine=str(item.get("machine", "")), status=str(item.get("status", ""))
    )


def _text_output(body: Any) -> str:
    output = body.get("output") if isinstance(body, dict) else body
    return "" if output is None else str(output)


def _open_source(source: str | os.PathLike[str] | IO[bytes]) -> tuple[IO[bytes], bool]:
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True
    return source, False


def _local_name(source: str | os.PathLike[str] | IO[bytes]) -> str | None:
    return os.fspath(source) if isinstance(source, str | os.PathLike) else None


def _into_directory(
    dest: str | os.PathLike[str] | IO[bytes], target: str
) -> str | os.PathLike[str] | IO[bytes]:
    if isinstance(dest, str | os.PathLike) and os.path.isdir(dest):
        return Path(dest) / posixpath.basename(target)
    return dest


def _sink_for(
    dest: str | os.PathLike[str] | IO[bytes],
    progress: Progress | None,
    expected: int | None,
) -> AtomicFileSink | StreamSink:
    if isinstance(dest, str | os.PathLike):
        return AtomicFileSink(Path(dest), progress, expected)
    return StreamSink(dest, progress, expected)
