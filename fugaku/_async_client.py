"""``AsyncFugaku``: the typed asynchronous client, twin of ``Fugaku``."""

from __future__ import annotations

import os
import posixpath
from types import TracebackType
from typing import IO, Any, Self

import httpx

from fugaku_auth import Settings
from fugaku_webapi.models import JobScript

from . import _jobs
from ._config import (
    CertLike,
    TimeoutLike,
    VerifyLike,
    http_args,
    make_options,
    settings_args,
)
from ._engine import AsyncEngine, translated_errors
from ._flows import Overwrite, Session
from ._models import (
    Account,
    FileEntry,
    Job,
    JobId,
    MachineStatus,
    RunResult,
    TransferResult,
)
from ._protocol import Options, PollPolicy, RetryPolicy
from ._transfer import Progress
from .error import NotFound

__all__ = ["AsyncFugaku"]

JobRef = str | int | JobId
LocalPath = str | os.PathLike[str]


class AsyncFugaku:
    """Typed client of the Fugaku WebAPI (asynchronous).

    The same methods as ``Fugaku``, as coroutines. One instance holds one
    connection pool bound to the running event loop; use it as an async
    context manager or ``await close()``.

    Args:
        base_url: WebAPI root; default ``FUGAKU_API_URL`` or the production URL.
        auth: Any ``httpx.Auth``, typically ``fugaku_auth.OIDCAuth``.
        token: A fixed access token (instead of ``auth``).
        machine: Default machine name.
        timeout: Seconds or an ``httpx.Timeout`` (default connect 10 s, read 60 s).
        submit_timeout: Timeout of submissions (default read 300 s).
        retry: Retry policy of idempotent requests.
        poll: Polling policy of ``wait``.
        verify: TLS verification: True, a CA bundle path, or an SSL context.
        cert: Client certificate (PEM with key, or a (cert, key) pair).
        allow_insecure_http: Permit plain http to a non-loopback host.
        validate: Check responses against the strict spec models
            (default: ``FUGAKU_VALIDATE``).
        proxy: Proxy URL.
        transport: An httpx transport (tests).
        submit_lookup_window: Seconds to look for a job after an uncertain submit.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        auth: httpx.Auth | None = None,
        token: str | None = None,
        machine: str = "computer",
        timeout: TimeoutLike = None,
        submit_timeout: TimeoutLike = None,
        retry: RetryPolicy | None = None,
        poll: PollPolicy | None = None,
        verify: VerifyLike = True,
        cert: CertLike = None,
        allow_insecure_http: bool = False,
        validate: bool | None = None,
        proxy: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        submit_lookup_window: float = 120.0,
    ) -> None:
        options = make_options(
            base_url=base_url,
            machine=machine,
            timeout=timeout,
            submit_timeout=submit_timeout,
            retry=retry,
            poll=poll,
            validate=validate,
            allow_insecure_http=allow_insecure_http,
            submit_lookup_window=submit_lookup_window,
        )
        args = http_args(
            options, auth=auth, token=token, verify=verify, cert=cert, proxy=proxy
        )
        self._session = Session(options)
        self._http = httpx.AsyncClient(transport=transport, **args)
        self._engine = AsyncEngine(options, self._http)

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        profile: str | None = None,
        **kwargs: Any,
    ) -> Self:
        """A client configured by ``fugaku_auth.Settings`` (profile, env, file).

        Args:
            settings: Loaded settings; default ``Settings.load(profile)``.
            profile: Profile name when ``settings`` is not given.
            **kwargs: Further constructor arguments (they win).
        """
        with translated_errors():
            loaded = settings or Settings.load(profile)
            args = settings_args(loaded)
        return cls(**{**args, **kwargs})

    @property
    def options(self) -> Options:
        """The effective settings."""
        return self._session.options

    async def close(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # --- status, commands, account ---------------------------------------------

    async def machines(self) -> list[MachineStatus]:
        """All machines and their status (``GET /status/``)."""
        return await self._engine.run(self._session.machines())

    async def machine_status(self, machine: str | None = None) -> MachineStatus:
        """One machine's status (``GET /status/{machine}``)."""
        return await self._engine.run(self._session.machine_status(machine))

    async def command(self, line: str, *, machine: str | None = None) -> str:
        """Run a shell command on a login node; its stdout (``POST /command/``)."""
        return await self._engine.run(self._session.command(line, machine))

    async def account(self) -> Account:
        """User, home and groups, looked up once (``POST /command/``) and cached."""
        return await self._engine.run(self._session.get_account())

    async def home(self) -> str:
        """The home directory (cached)."""
        return (await self.account()).home

    async def groups(self) -> tuple[str, ...]:
        """The user's groups (cached)."""
        return (await self.account()).groups

    async def disk_usage(self, *, machine: str | None = None) -> Any:
        """Disk usage as the service sends it (``GET /usage/{machine}/disk/``)."""
        return await self._engine.run(self._session.disk_usage(machine))

    # --- jobs ----------------------------------------------------------------

    async def list_jobs(
        self,
        *,
        status: str | None = None,
        index: int | None = None,
        limit: int | None = None,
        jobid: str | None = None,
        machine: str | None = None,
    ) -> list[Job]:
        """Running and waiting jobs (``GET /queue/{machine}``)."""
        flow = _jobs.list_jobs(
            self._session,
            status=status,
            index=index,
            limit=limit,
            jobid=jobid,
            machine=machine,
        )
        return await self._engine.run(flow)

    async def list_history(
        self,
        *,
        status: str | None = None,
        index: int | None = None,
        limit: int | None = None,
        jobid: str | None = None,
        machine: str | None = None,
    ) -> list[Job]:
        """Jobs finished in the last 24 hours (``GET /queue/{machine}/sacct``)."""
        flow = _jobs.list_history(
            self._session,
            status=status,
            index=index,
            limit=limit,
            jobid=jobid,
            machine=machine,
        )
        return await self._engine.run(flow)

    async def job_records(
        self, job_id: JobRef, *, machine: str | None = None
    ) -> list[Job]:
        """The job and its sub-jobs (``GET /queue/{machine}/{jobid}``)."""
        return await self._engine.run(_jobs.job(self._session, job_id, machine))

    async def find_job(
        self, job_id: JobRef, *, machine: str | None = None
    ) -> Job | None:
        """The job from the queue, else from the 24-hour history, else None."""
        return await self._engine.run(_jobs.find_job(self._session, job_id, machine))

    async def job(self, job_id: JobRef, *, machine: str | None = None) -> Job:
        """The job from the queue or the history; raises ``NotFound`` otherwise."""
        found = await self.find_job(job_id, machine=machine)
        if found is None:
            raise NotFound(200, err_msg=f"job {job_id} not found", operation="job")
        return found

    async def submit(
        self,
        *,
        jobfile: str | None = None,
        script: str | None = None,
        qopt: str | None = None,
        name: str | None = None,
        machine: str | None = None,
    ) -> JobId:
        """Submit a remote job file or script text (``POST /queue/{machine}/``).

        Never retried; after a timeout the job is looked up by name.
        """
        flow = _jobs.submit(
            self._session,
            jobfile=jobfile,
            jobscript=script,
            qopt=qopt,
            name=name,
            machine=machine,
        )
        return await self._engine.run(flow)

    async def submit_file(
        self,
        local_path: LocalPath,
        remote_path: str | None = None,
        *,
        qopt: str | None = None,
        name: str | None = None,
        machine: str | None = None,
    ) -> JobId:
        """Upload a local job script (replacing), then submit it."""
        target = remote_path or posixpath.join("~", os.path.basename(local_path))
        await self.upload(local_path, target, overwrite=Overwrite.REPLACE)
        return await self.submit(jobfile=target, qopt=qopt, name=name, machine=machine)

    async def cancel(self, job_id: JobRef, *, machine: str | None = None) -> bool:
        """Cancel a job (``DELETE /queue/{machine}/{jobid}``); False if it had ended."""
        return await self._engine.run(_jobs.cancel(self._session, job_id, machine))

    async def wait(
        self,
        job_id: JobRef,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 - the job's deadline
        poll: PollPolicy | None = None,
        cancel_on_timeout: bool = False,
        machine: str | None = None,
    ) -> Job:
        """Poll until the job ends and return its final record."""
        flow = _jobs.wait(
            self._session,
            job_id,
            timeout=timeout,
            poll=poll,
            cancel_on_timeout=cancel_on_timeout,
            machine=machine,
        )
        return await self._engine.run(flow)

    async def run(
        self,
        script: str,
        *,
        name: str = "fugaku-run",
        qopt: str | None = None,
        remote_dir: str = "~",
        timeout: float | None = None,  # noqa: ASYNC109 - the job's deadline
        machine: str | None = None,
    ) -> RunResult:
        """Upload a script, submit it, wait, and return its outputs and exit code."""
        flow = _jobs.run(
            self._session,
            script,
            name=name,
            qopt=qopt,
            remote_dir=remote_dir,
            timeout=timeout,
            machine=machine,
        )
        return await self._engine.run(flow)

    async def make_job_script(
        self, path: str, script: JobScript, *, machine: str | None = None
    ) -> str:
        """Write a job script from a description (``PUT /queue/.../jobscript``)."""
        return await self._engine.run(
            self._session.make_job_script(path, script, machine)
        )

    # --- files ---------------------------------------------------------------

    async def listdir(self, path: str) -> list[FileEntry]:
        """A remote directory's entries (``GET /file/{machine}/{path}/?view=read``)."""
        return await self._engine.run(self._session.listdir(path))

    async def stat(self, path: str) -> FileEntry:
        """One remote entry (``ls -ld`` through ``POST /command/``)."""
        return await self._engine.run(self._session.stat(path))

    async def exists(self, path: str) -> bool:
        """True when the remote path exists."""
        return await self._engine.run(self._session.exists(path))

    async def mkdir(self, path: str, *, parents: bool = True) -> str:
        """Create a remote directory (``mkdir`` through ``POST /command/``)."""
        return await self._engine.run(self._session.mkdir(path, parents=parents))

    async def remove(self, path: str, *, recursive: bool = False) -> None:
        """Remove a remote file or tree (``rm`` through ``POST /command/``)."""
        await self._engine.run(self._session.remove(path, recursive=recursive))

    async def sha256(self, path: str) -> str:
        """SHA-256 of a remote file (``sha256sum`` through ``POST /command/``)."""
        return await self._engine.run(self._session.remote_sha256(path))

    async def upload(
        self,
        source: LocalPath | IO[bytes],
        path: str,
        *,
        overwrite: Overwrite = Overwrite.ERROR,
        progress: Progress | None = None,
        checksum: bool = False,
    ) -> TransferResult:
        """Upload a local file or binary stream (``POST``/``PUT /file/...``)."""
        flow = self._session.upload(
            source, path, overwrite=overwrite, progress=progress, checksum=checksum
        )
        return await self._engine.run(flow)

    async def download(
        self,
        path: str,
        dest: LocalPath | IO[bytes],
        *,
        progress: Progress | None = None,
        checksum: bool = False,
        verify_size: bool = True,
    ) -> TransferResult:
        """Download to a local path (atomically) or a stream (``GET /file/...``)."""
        flow = self._session.download(
            path, dest, progress=progress, checksum=checksum, verify_size=verify_size
        )
        return await self._engine.run(flow)

    async def read_bytes(self, path: str) -> bytes:
        """A small remote file's content (``GET /file/...``)."""
        return await self._engine.run(self._session.read_bytes(path))

    async def read_text(self, path: str, encoding: str = "utf-8") -> str:
        """A small remote text file's content."""
        return (await self.read_bytes(path)).decode(encoding)

    async def write_bytes(
        self, path: str, data: bytes, *, overwrite: Overwrite = Overwrite.ERROR
    ) -> TransferResult:
        """Write bytes to a remote file (``POST``/``PUT /file/...``)."""
        return await self._engine.run(self._session.write_bytes(path, data, overwrite))

    async def write_text(
        self,
        path: str,
        text: str,
        *,
        overwrite: Overwrite = Overwrite.ERROR,
        encoding: str = "utf-8",
    ) -> TransferResult:
        """Write text to a remote file."""
        return await self.write_bytes(path, text.encode(encoding), overwrite=overwrite)
