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

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
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
        InvalidJobId,
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
    "InvalidJobId",
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


# Names resolve on first use (PEP 562), so `import fugaku` and `fugaku --help`
# do not pay for httpx, attrs and the generated client until they are needed.
_LAZY = {
    "APIError": ".error",
    "Account": "._models",
    "AlreadyExists": ".error",
    "AsyncFugaku": "._async_client",
    "AuthenticationError": ".error",
    "BearerToken": "._auth",
    "Client": "._compat",
    "CommandFailed": ".error",
    "CompatResponse": "._compat",
    "ConfigurationError": ".error",
    "FileEntry": "._models",
    "FileKind": "._models",
    "Fugaku": "._client",
    "FugakuClientError": ".error",
    "InvalidJobId": ".error",
    "InvalidRemotePath": ".error",
    "Job": "._models",
    "JobId": "._models",
    "JobState": "._models",
    "MachineStatus": "._models",
    "NoAccessCode": ".error",
    "NoTokenEndpoint": ".error",
    "NotFound": ".error",
    "Overwrite": "._flows",
    "PollPolicy": "._protocol",
    "Progress": "._transfer",
    "ProtocolError": ".error",
    "RetryPolicy": "._protocol",
    "RunResult": "._models",
    "SpecDriftWarning": ".error",
    "SubmissionUncertain": ".error",
    "TransferError": ".error",
    "TransferResult": "._models",
    "TransportError": ".error",
    "WaitTimeout": ".error",
    "job_script": "._jobscript",
    "program": "._jobscript",
}


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fugaku' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
