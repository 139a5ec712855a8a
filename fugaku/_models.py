"""Typed values returned by the client: job ids, states, jobs, files, account."""

from __future__ import annotations

import enum
import re
from datetime import datetime
from typing import Any

from attrs import field, frozen

from .error import InvalidJobId

__all__ = [
    "Account",
    "CommandResult",
    "FileEntry",
    "FileKind",
    "Job",
    "JobId",
    "JobState",
    "MachineStatus",
    "RunResult",
    "TransferResult",
]

_JOB_ID = re.compile(r"^\s*(\d+)(?:_(\d+)|\[(\d+)\])?\s*$")


@frozen(order=True)
class JobId:
    """A PJM job id: ``N``, a step sub-job ``N_k`` or a bulk sub-job ``N[k]``.

    Attributes:
        number: The job number ``N``.
        step: The step number ``k`` of ``N_k``, or None.
        bulk: The bulk number ``k`` of ``N[k]``, or None.
    """

    number: int
    step: int | None = None
    bulk: int | None = None

    @classmethod
    def parse(cls, value: str | int | JobId) -> JobId:
        """Parse ``"123"``, ``123``, ``"123_4"`` or ``"123[4]"``.

        Raises:
            InvalidJobId: ``value`` is not a job id (also a ``ValueError``).
        """
        if isinstance(value, JobId):
            return value
        match = _JOB_ID.match(str(value))
        if match is None:
            raise InvalidJobId(f"not a PJM job id (N, N_k or N[k]): {value!r}")
        number, step, bulk = match.groups()
        return cls(int(number), _opt_int(step), _opt_int(bulk))

    @property
    def parent(self) -> JobId:
        """The job this sub-job belongs to (itself for a plain job)."""
        return JobId(self.number)

    @property
    def is_subjob(self) -> bool:
        """True for ``N_k`` and ``N[k]``."""
        return self.step is not None or self.bulk is not None

    def __str__(self) -> str:
        if self.step is not None:
            return f"{self.number}_{self.step}"
        if self.bulk is not None:
            return f"{self.number}[{self.bulk}]"
        return str(self.number)


def _opt_int(text: str | None) -> int | None:
    return None if text is None else int(text)


_TERMINAL_CODES = frozenset({"RJT", "EXT", "CCL", "ERR"})


class JobState(enum.StrEnum):
    """The PJM job states; ``UNKNOWN`` stands for a code this client does not know."""

    ACC = "ACC"
    RJT = "RJT"
    QUE = "QUE"
    RNA = "RNA"
    RNP = "RNP"
    RUN = "RUN"
    RNE = "RNE"
    RNO = "RNO"
    EXT = "EXT"
    CCL = "CCL"
    HLD = "HLD"
    ERR = "ERR"
    RSM = "RSM"
    SPP = "SPP"
    SPD = "SPD"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def parse(cls, code: str | None) -> JobState:
        """Map a wire code to a state; unknown or empty codes give ``UNKNOWN``."""
        found = cls._value2member_map_.get((code or "").strip().upper())
        return found if isinstance(found, JobState) else cls.UNKNOWN

    @property
    def is_terminal(self) -> bool:
        """True for the states that end a job: RJT, EXT, CCL, ERR."""
        return self.value in _TERMINAL_CODES

    @property
    def description(self) -> str:
        """A short English description of the state."""
        return _STATE_TEXT[self.value]


_STATE_TEXT = {
    "ACC": "submission accepted, being checked",
    "RJT": "submission rejected",
    "QUE": "waiting to run",
    "RNA": "acquiring resources",
    "RNP": "prologue running",
    "RUN": "running",
    "RNE": "epilogue running",
    "RNO": "finishing",
    "EXT": "finished",
    "CCL": "cancelled",
    "HLD": "held by the user",
    "ERR": "stopped by an error PJM detected",
    "RSM": "resuming",
    "SPP": "suspending",
    "SPD": "suspended",
    "UNKNOWN": "state not known to this client",
}


@frozen
class Job:
    """One job or sub-job, normalised from the wire record.

    Empty strings and nulls become None; numbers sent as text become ints.

    Attributes:
        id: The record's job id (``jid`` when present, else ``jobid``).
        name: Job name.
        user: Owner's account.
        group: Group charged, or None.
        state: The PJM state (``UNKNOWN`` for a code this client does not know).
        status_code: The state code exactly as sent.
        resource_unit: ``queue`` on the wire (``rscunit_ft01``).
        resource_group: ``rsc_grp`` on the wire (``small``).
        end_code: The job script's exit code once known.
        pjm_code: PJM's end code (0 normal, 1 pjdel, 11 elapse limit...).
        accept_time, start_time, end_time: Timestamps when known.
        elapse, elapse_limit: Elapsed time and limit as sent (seconds or text).
        node_num, cpu_num: Node count or shape, CPU count.
        job_type: ``BATCH`` and so on.
        raw: The record as received.
    """

    id: JobId
    name: str
    user: str
    state: JobState
    status_code: str
    group: str | None = None
    resource_unit: str | None = None
    resource_group: str | None = None
    end_code: int | None = None
    pjm_code: int | None = None
    accept_time: datetime | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    elapse: int | str | None = None
    elapse_limit: int | str | None = None
    node_num: int | str | None = None
    cpu_num: int | None = None
    job_type: str | None = None
    raw: dict[str, Any] = field(factory=dict, eq=False, repr=False)

    @property
    def is_terminal(self) -> bool:
        """True once the job has ended (RJT, EXT, CCL or ERR)."""
        return self.state.is_terminal


class FileKind(enum.StrEnum):
    """Kind of a directory entry, from the first letter of its ``ls -l`` mode."""

    FILE = "file"
    DIRECTORY = "directory"
    SYMLINK = "symlink"
    OTHER = "other"


@frozen
class FileEntry:
    """One line of an ``ls -l`` listing.

    Attributes:
        name: Entry name (without the ``-> target`` of a symlink).
        path: Absolute remote path.
        kind: File, directory, symlink or other.
        mode: The mode text, for example ``-rw-r--r--``.
        size: Size in bytes.
        owner, group: Owner and group names.
        modified: The modification time as ``ls`` printed it.
        link_target: The target of a symlink, else None.
    """

    name: str
    path: str
    kind: FileKind
    mode: str
    size: int
    owner: str
    group: str
    modified: str
    link_target: str | None = None

    @property
    def is_dir(self) -> bool:
        """True for directories."""
        return self.kind is FileKind.DIRECTORY


@frozen
class MachineStatus:
    """A machine and its status (``OK`` when usable)."""

    machine: str
    status: str

    @property
    def ok(self) -> bool:
        """True when the service reports the machine as ``OK``."""
        return self.status == "OK"


@frozen
class CommandResult:
    """What a login-node command printed on standard output."""

    output: str


@frozen
class Account:
    """The user's account on the machine, looked up once and cached."""

    user: str
    home: str
    groups: tuple[str, ...]


@frozen
class TransferResult:
    """Outcome of an upload or download.

    Attributes:
        remote_path: Absolute remote path.
        local_path: Local path, or None for streams.
        size: Bytes transferred.
        sha256: Hex digest of what was transferred.
        verified: What was checked: ``"size"``, ``"sha256"`` or ``""``.
    """

    remote_path: str
    local_path: str | None
    size: int
    sha256: str
    verified: str = ""


@frozen
class RunResult:
    """A finished job with its outputs (``run`` helper).

    Attributes:
        job: The final job record.
        stdout: Content of ``<name>.<jobid>.out`` ("" when absent).
        stderr: Content of ``<name>.<jobid>.err`` ("" when absent).
        exit_code: The job script's exit code, or None when PJM gave none.
    """

    job: Job
    stdout: str
    stderr: str
    exit_code: int | None
