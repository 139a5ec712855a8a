"""Python SDK for RIKEN's Fugaku WebAPI.

Typed clients, sync and async, with the same methods::

    import fugaku

    with fugaku.Fugaku.from_settings() as client:      # profile, env, file
        job_id = client.submit(script=text, name="hello", qopt='-L "node=1"')
        job = client.wait(job_id, timeout=3600)
        client.download("~/hello.%s.out" % job_id, "hello.out")

    async with fugaku.AsyncFugaku(url, auth=oidc_auth) as client:
        print(await client.list_jobs())

``Client`` is the drop-in replacement for the original SDK's ``fugaku.Client``.
Errors derive from ``FugakuClientError`` (hierarchy in ``fugaku.error``).
The library logs one line per request to ``logging.getLogger("fugaku")`` and
never prints.
"""

from ._async_client import AsyncFugaku
from ._auth import BearerToken
from ._client import Fugaku
from ._compat import Client, CompatResponse
from ._flows import Overwrite
from ._jobscript import job_script, program
from ._models import (
    Account,
    FileEntry,
    FileKind,
    Job,
    JobId,
    JobState,
    MachineStatus,
    RunResult,
    TransferResult,
)
from ._protocol import PollPolicy, RetryPolicy
from ._transfer import Progress
from .error import (
    AlreadyExists,
    APIError,
    AuthenticationError,
    CommandFailed,
    ConfigurationError,
    FugakuClientError,
    InvalidRemotePath,
    NoAccessCode,
    NotFound,
    NoTokenEndpoint,
    ProtocolError,
    SpecDriftWarning,
    SubmissionUncertain,
    TransferError,
    TransportError,
    WaitTimeout,
)

__all__ = [
    "APIError",
    "Account",
    "AlreadyExists",
    "AsyncFugaku",
    "AuthenticationError",
    "BearerToken",
    "Client",
    "CommandFailed",
    "CompatResponse",
    "ConfigurationError",
    "FileEntry",
    "FileKind",
    "Fugaku",
    "FugakuClientError",
    "InvalidRemotePath",
    "Job",
    "JobId",
    "JobState",
    "MachineStatus",
    "NoAccessCode",
    "NoTokenEndpoint",
    "NotFound",
    "Overwrite",
    "PollPolicy",
    "Progress",
    "ProtocolError",
    "RetryPolicy",
    "RunResult",
    "SpecDriftWarning",
    "SubmissionUncertain",
    "TransferError",
    "TransferResult",
    "TransportError",
    "WaitTimeout",
    "job_script",
    "program",
]
