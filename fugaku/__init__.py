"""Python SDK for RIKEN's Fugaku WebAPI.

``Fugaku`` and ``AsyncFugaku`` are the typed clients; ``Client`` is the
drop-in replacement for the original SDK's client. Errors derive from
``FugakuClientError`` (see ``fugaku.error``).
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
