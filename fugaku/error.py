"""Errors raised by the Fugaku SDK.

Every error the SDK raises derives from one root, so ``except
FugakuClientError`` catches them all::

    FugakuClientError
    ├── NoTokenEndpoint          no usable token endpoint (original SDK name)
    ├── AuthenticationError      401/403 after a refresh, or a login problem
    │   └── NoAccessCode         no access token, or it expired (original name)
    ├── ConfigurationError       settings the client refuses (plain http to a
    │                            remote host...), also a ValueError
    ├── InvalidRemotePath        a remote path the client refuses to send
    │                            (also a ValueError)
    ├── InvalidJobId             text that is not a PJM job id (also a ValueError)
    ├── TransportError           connection failure or timeout, after retries
    ├── ProtocolError            an answer that is not the documented envelope:
    │                            HTML gateway pages, non-JSON bodies,
    │                            non-standard status codes such as 520
    ├── APIError                 an error envelope: status, err_id, err_msg,
    │   │                        and the PJM message code when there is one
    │   ├── NotFound             the file or job does not exist
    │   └── AlreadyExists        upload without overwrite hit an existing file
    ├── CommandFailed            a helper command (mkdir, rm, sha256sum) failed
    ├── TransferError            size or checksum mismatch after a transfer
    ├── SubmissionUncertain      a submission may or may not have been accepted
    └── WaitTimeout              a job did not end within the wait timeout

``SpecDriftWarning`` (a ``UserWarning``) is emitted, not raised, when the
optional validation mode finds a response that the strict spec models reject.
"""

from __future__ import annotations

import re

__all__ = [
    "APIError",
    "AlreadyExists",
    "AuthenticationError",
    "CommandFailed",
    "ConfigurationError",
    "FugakuClientError",
    "InvalidJobId",
    "InvalidRemotePath",
    "NoAccessCode",
    "NoTokenEndpoint",
    "NotFound",
    "ProtocolError",
    "SpecDriftWarning",
    "SubmissionUncertain",
    "TransferError",
    "TransportError",
    "WaitTimeout",
    "pjm_code_of",
]

_PJM_CODE = re.compile(r"\[(?:ERR|INFO|WARN)\.?\]\s+PJM\s+(\d{4})")


def pjm_code_of(message: str) -> int | None:
    """Return the PJM message code in ``message`` (``[ERR.] PJM 0071 ...`` -> 71)."""
    match = _PJM_CODE.search(message)
    return int(match.group(1)) if match else None


class FugakuClientError(Exception):
    """Root of every error the SDK raises."""


class NoTokenEndpoint(FugakuClientError):
    """Neither a provider metadata URL nor a token endpoint is usable."""


class AuthenticationError(FugakuClientError):
    """The service refused the credentials, or no valid token is available.

    Attributes:
        status_code: The HTTP status (401 or 403), or None for a local problem.
    """

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class NoAccessCode(AuthenticationError):
    """No access token is available, or it expired and cannot be refreshed."""


class ConfigurationError(FugakuClientError, ValueError):
    """Settings the client refuses, such as plain http to a non-loopback host."""


class InvalidRemotePath(FugakuClientError, ValueError):
    """A remote path the client will not send (relative, ``..``, NUL, newline)."""


class InvalidJobId(FugakuClientError, ValueError):
    """Text that is not a PJM job id (``N``, ``N_k`` or ``N[k]``)."""


class TransportError(FugakuClientError):
    """The request did not get an answer (connection error or timeout)."""


class ProtocolError(FugakuClientError):
    """The answer is not the documented envelope.

    Attributes:
        status_code: The HTTP status, which may be non-standard (520).
        body_excerpt: The first characters of the body, for diagnosis.
    """

    def __init__(self, message: str, *, status_code: int, body_excerpt: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body_excerpt = body_excerpt


class APIError(FugakuClientError):
    """The service answered with an error envelope.

    Attributes:
        status_code: HTTP status.
        err_id: The service's error id (``E002011``), possibly empty.
        err_msg: The service's message, possibly a pjsub/pjdel message.
        error: The error kind (``IO Error``, ``Conflict Error``...).
        pjm_code: The PJM message code (71 for ``[ERR.] PJM 0071``), or None.
        operation: The operation id that failed.
    """

    def __init__(
        self,
        status_code: int,
        *,
        err_id: str = "",
        err_msg: str = "",
        error: str = "",
        operation: str = "",
    ) -> None:
        self.status_code = status_code
        self.err_id = err_id
        self.err_msg = err_msg
        self.error = error
        self.operation = operation
        self.pjm_code = pjm_code_of(err_msg) or pjm_code_of(error)
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"{self.operation or 'request'} failed with HTTP {self.status_code}"]
        if self.err_id:
            parts.append(self.err_id)
        detail = "; ".join(text for text in (self.err_msg, self.error) if text)
        return ": ".join([" ".join(parts), detail]) if detail else " ".join(parts)


class NotFound(APIError):
    """The file or job does not exist."""

    def _describe(self) -> str:
        if not self.err_msg:
            return super()._describe()
        return f"{self.operation or 'request'}: {self.err_msg}"


class AlreadyExists(APIError):
    """The remote file exists and the overwrite policy forbids replacing it."""


class CommandFailed(FugakuClientError):
    """A helper command (mkdir, rm, sha256sum) did not succeed on the machine.

    Attributes:
        output: What the command printed (standard error merged in).
    """

    def __init__(self, message: str, *, output: str) -> None:
        super().__init__(message)
        self.output = output


class TransferError(FugakuClientError):
    """A transfer finished but its size or checksum does not match."""


class SubmissionUncertain(FugakuClientError):
    """A submission failed in a way that may still have created a job.

    The client looked for the job by name in the queue and the history and did
    not find it. Check ``fugaku jobs`` (or ``list_jobs``) for a job named
    ``job_name`` before submitting again.

    Attributes:
        job_name: The name the job was submitted under.
        started_at: Epoch seconds when the submission attempt started.
    """

    def __init__(self, message: str, *, job_name: str, started_at: float) -> None:
        super().__init__(message)
        self.job_name = job_name
        self.started_at = started_at


class WaitTimeout(FugakuClientError):
    """A job did not reach a terminal state in time; it was not cancelled.

    Attributes:
        job_id: The job waited for, as text.
        last_state: The last state seen, or None.
    """

    def __init__(self, message: str, *, job_id: str, last_state: str | None) -> None:
        super().__init__(message)
        self.job_id = job_id
        self.last_state = last_state


class SpecDriftWarning(UserWarning):
    """A response does not match the strict spec models (validation mode)."""
